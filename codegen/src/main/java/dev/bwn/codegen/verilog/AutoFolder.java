package dev.bwn.codegen.verilog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Chooses the folding for a device budget, greedily: starting from the given folds, it repeatedly takes the stage
 * that sets the initiation interval (or its producer, whose output rate can pace it), and tries the next
 * larger PE or SIMD (lanes, for a max-pool) among the divisors, and the next number of kernel taps that saves steps
 * ({@link KernelTaps#next()}); it keeps the move that lowers the interval most (the fewest LUTs among equals) while
 * the estimate still fits the budget, and stops when no move helps. Every budget counts: logic cells, block RAMs,
 * SPRAMs and DSP blocks (yosys maps every requantization multiplier to DSPs and nextpnr stops at the first one too
 * many; folding never changes how many there are, so a model with more than the device has is reported, not folded). The search fills logic up to
 * {@link #LOGIC_UTILIZATION} of the device, leaving the placer room and the estimate its error; whether a design fits
 * at all ({@link #fits}, {@link #shortfall}) is judged at {@link #PLACEABLE_UTILIZATION}, the share nextpnr was
 * measured to place.
 */
public final class AutoFolder {
    /** The auto-folder's target: it widens a stage only while the logic estimate stays within this share. */
    public static final double LOGIC_UTILIZATION = 0.95;
    /**
     * The logic share a design may take and still fit, calibrated with nextpnr-ice40 0.4 on the UP5K (docs/BENCHMARKS.md,
     * "Board designs from their own Makefile"): it placed and routed mnist-lenet5 at 5,149 of 5,280 cells (estimate
     * 5,088), mnist-lenet5-classic's board design at 4,974 (estimate 4,814 plus 360 for the board core) and
     * mnist-lenet5's without the logit answer at 5,057 (estimate 5,135), and failed at 5,497 (estimate 5,495 with it).
     */
    public static final double PLACEABLE_UTILIZATION = 0.98;

    private AutoFolder() {
    }

    public static boolean fits(VerilogDesign d) {
        return fits(d, 0);
    }

    /** Whether {@code d} fits with {@code extraLogicCells} of logic around it (a board design's UART core). */
    public static boolean fits(VerilogDesign d, int extraLogicCells) {
        return within(d, extraLogicCells, PLACEABLE_UTILIZATION);
    }

    /**
     * Whether the auto-folder may take {@code d}: within its logic target with {@code reservedLogicCells} left free, and
     * within the memories.
     */
    static boolean withinTarget(VerilogDesign d, int reservedLogicCells) {
        return within(d, reservedLogicCells, LOGIC_UTILIZATION);
    }

    private static boolean within(VerilogDesign d, int extraLogicCells, double logicShare) {
        Device dev = d.device();
        return d.estimatedLogicCells() + extraLogicCells <= dev.logicCells() * logicShare
                && d.estimatedBlockRams() <= dev.blockRams() && d.estimatedSprams() <= dev.sprams()
                && d.estimatedDsps() <= dev.dsps();
    }

    /**
     * Which resources a design that does not {@link #fits fit} runs out of, with the estimate and the budget, e.g.
     * {@code "logic cells 21,809 > 5,016 (95% of 5,280), block RAMs 143 > 30, SPRAMs 5 > 4, DSPs 10 > 8"}; empty when
     * it fits.
     */
    public static String shortfall(VerilogDesign d) {
        return shortfall(d, 0);
    }

    /** {@link #shortfall(VerilogDesign)} with {@code extraLogicCells} of logic around the design counted in. */
    public static String shortfall(VerilogDesign d, int extraLogicCells) {
        Device dev = d.device();
        List<String> over = new ArrayList<>();
        int logicBudget = (int) (dev.logicCells() * PLACEABLE_UTILIZATION);
        int logic = d.estimatedLogicCells() + extraLogicCells;
        if (logic > logicBudget) {
            over.add(String.format(java.util.Locale.ROOT, "logic cells %,d > %,d (%d%% of %,d)", logic,
                    logicBudget, Math.round(PLACEABLE_UTILIZATION * 100), dev.logicCells()));
        }
        if (d.estimatedBlockRams() > dev.blockRams()) {
            over.add(String.format(java.util.Locale.ROOT, "block RAMs %,d > %,d", d.estimatedBlockRams(), dev.blockRams()));
        }
        if (d.estimatedSprams() > dev.sprams()) {
            over.add(String.format(java.util.Locale.ROOT, "SPRAMs %,d > %,d", d.estimatedSprams(), dev.sprams()));
        }
        if (d.estimatedDsps() > dev.dsps()) {
            over.add(String.format(java.util.Locale.ROOT, "DSPs %,d > %,d", d.estimatedDsps(), dev.dsps()));
        }
        return String.join(", ", over);
    }

    /**
     * Every resource the device has, estimate against budget, the binding one (the largest share of its budget) first:
     * e.g. {@code "logic cells 5,088 of 5,016 (95% of 5,280), SPRAMs 4 of 4, block RAMs 25 of 30, DSPs 7 of 8"}.
     */
    public static String resources(VerilogDesign d) {
        return String.join(", ", uses(d).stream().map(Use::text).toList());
    }

    /** The resource with the largest share of its budget, e.g. {@code "logic cells 5,088 of 5,016 (95% of 5,280)"}. */
    public static String bindingResource(VerilogDesign d) {
        return uses(d).get(0).text();
    }

    /** One resource's estimate as a share of its budget, and as text. */
    private record Use(double share, String text) {
    }

    private static List<Use> uses(VerilogDesign d) {
        Device dev = d.device();
        int logicBudget = (int) (dev.logicCells() * PLACEABLE_UTILIZATION);
        List<Use> uses = new ArrayList<>();
        uses.add(new Use(d.estimatedLogicCells() / (double) logicBudget, String.format(java.util.Locale.ROOT,
                "logic cells %,d of %,d (%d%% of %,d)", d.estimatedLogicCells(), logicBudget, Math.round(PLACEABLE_UTILIZATION * 100), dev.logicCells())));
        uses.add(new Use(d.estimatedBlockRams() / (double) dev.blockRams(), String.format(java.util.Locale.ROOT,
                "block RAMs %,d of %,d", d.estimatedBlockRams(), dev.blockRams())));
        if (dev.sprams() > 0 || d.estimatedSprams() > 0) {
            uses.add(new Use(d.estimatedSprams() / (double) Math.max(1, dev.sprams()) + (dev.sprams() == 0 ? 1 : 0),
                    String.format(java.util.Locale.ROOT, "SPRAMs %,d of %,d", d.estimatedSprams(), dev.sprams())));
        }
        if (dev.dsps() > 0) {
            uses.add(new Use(d.estimatedDsps() / (double) dev.dsps(), String.format(java.util.Locale.ROOT, "DSPs %,d of %,d",
                    d.estimatedDsps(), dev.dsps())));
        }
        uses.sort(java.util.Comparator.comparingDouble(Use::share).reversed());
        return uses;
    }

    /** How far a design is over budget, as fractions of the budget (0 when it fits). */
    static double overflow(VerilogDesign d) {
        Device dev = d.device();
        double logic = Math.max(0, d.estimatedLogicCells() - dev.logicCells() * LOGIC_UTILIZATION) / dev.logicCells();
        double rams = Math.max(0, d.estimatedBlockRams() - dev.blockRams()) / (double) dev.blockRams();
        // a design whose SPRAM need exceeds a device without SPRAM counts each block as a whole budget over
        double sprams = Math.max(0, d.estimatedSprams() - dev.sprams()) / (double) Math.max(1, dev.sprams());
        // folding does not change the multipliers, so DSPs over budget add the same to every candidate
        double dsps = Math.max(0, d.estimatedDsps() - dev.dsps()) / (double) Math.max(1, dev.dsps());
        return logic + rams + sprams + dsps;
    }

    static VerilogDesign improve(VerilogDesign start, boolean[] locked, Function<List<Fold>, VerilogDesign> build,
                                 int reservedLogicCells) {
        VerilogDesign best = start;
        List<Fold> folds = new ArrayList<>(start.stages().stream().map(HardwareStage::fold).toList());
        // Widening can shrink memory: a 1-bit-wide weight ROM wastes half of every block, a 16-bit one none. So a
        // serial design over budget first takes the widening moves that reduce its overflow most.
        while (!withinTarget(best, reservedLogicCells)) {
            VerilogDesign chosen = null;
            List<Fold> chosenFolds = null;
            for (int stage = 0; stage < best.stages().size(); stage++) {
                if (locked[stage]) {
                    continue;
                }
                for (Fold candidate : best.stages().get(stage).largerFolds()) {
                    if (candidate.taps() != folds.get(stage).taps()) {
                        continue; // more taps copy the line buffer and widen the datapath: they never save a resource
                    }
                    List<Fold> trial = new ArrayList<>(folds);
                    trial.set(stage, candidate);
                    VerilogDesign d = build.apply(trial);
                    if (overflow(d) < overflow(chosen == null ? best : chosen)) {
                        chosen = d;
                        chosenFolds = trial;
                    }
                }
            }
            if (chosen == null) {
                return best; // nothing helps; the report says it does not fit
            }
            best = chosen;
            folds = chosenFolds;
        }
        while (true) {
            int bottleneck = 0;
            for (int i = 1; i < best.stages().size(); i++) {
                if (best.stageCycles(i) > best.stageCycles(bottleneck)) {
                    bottleneck = i;
                }
            }
            VerilogDesign chosen = null;
            List<Fold> chosenFolds = null;
            for (int stage : new int[]{bottleneck, bottleneck - 1}) {
                if (stage < 0 || locked[stage]) {
                    continue;
                }
                for (Fold candidate : best.stages().get(stage).largerFolds()) {
                    List<Fold> trial = new ArrayList<>(folds);
                    trial.set(stage, candidate);
                    VerilogDesign d = build.apply(trial);
                    if (!withinTarget(d, reservedLogicCells) || d.initiationInterval() >= best.initiationInterval()) {
                        continue;
                    }
                    if (chosen == null || d.initiationInterval() < chosen.initiationInterval()
                            || d.initiationInterval() == chosen.initiationInterval() && d.estimatedLuts() < chosen.estimatedLuts()) {
                        chosen = d;
                        chosenFolds = trial;
                    }
                }
            }
            if (chosen == null) {
                return best;
            }
            best = chosen;
            folds = chosenFolds;
        }
    }

    /** The smallest divisor of {@code n} above {@code current}, if any. */
    static java.util.Optional<Integer> nextDivisor(int n, int current) {
        for (int d : VerilogLowering.divisors(n)) {
            if (d > current) {
                return java.util.Optional.of(d);
            }
        }
        return java.util.Optional.empty();
    }
}
