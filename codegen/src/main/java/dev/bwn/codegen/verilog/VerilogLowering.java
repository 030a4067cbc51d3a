package dev.bwn.codegen.verilog;

import dev.bwn.codegen.GenerationException;
import dev.bwn.codegen.Identifiers;
import dev.bwn.model.ActivationType;
import dev.bwn.model.LayerInfo;
import dev.bwn.model.Network;
import dev.bwn.model.Shape;
import dev.bwn.model.WeightedLayer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers a {@link Network} to a {@link VerilogDesign}, once: maps layers to hardware stages (flatten and identity
 * max-pools vanish; dense becomes a full-kernel window walk over the pre-flatten view), names every module, and
 * applies a folding, given or chosen by {@link AutoFolder} for a device budget.
 */
public final class VerilogLowering {
    /** Adder-tree levels between pipeline registers in the dot-product units. */
    public static final int DEFAULT_REGISTER_EVERY = 2;

    /**
     * How to lower: the device budget, folds fixed by name (the rest folded automatically when {@code autoFold},
     * else serial), adder-tree register spacing, the tool version stamped into every file, whether max-pools fuse,
     * where weight ROMs live ({@link WeightMemory}) and where SPRAM weights are loaded from ({@link WeightLoad.Source}).
     */
    public record Options(Device device, Map<String, Fold> fixedFolds, boolean autoFold, int registerEvery,
                          String toolVersion, boolean fusePools, WeightMemory weightMemory, long spramThresholdBits,
                          WeightLoad.Source weightSource, int reservedLogicCells) {
        public Options {
            fixedFolds = Map.copyOf(fixedFolds);
        }

        public Options(Device device, Map<String, Fold> fixedFolds, boolean autoFold, int registerEvery, String toolVersion,
                       boolean fusePools) {
            this(device, fixedFolds, autoFold, registerEvery, toolVersion, fusePools, WeightMemory.AUTO, Sprams.AUTO_THRESHOLD_BITS,
                    WeightLoad.Source.FLASH, 0);
        }

        /** Under {@link WeightMemory#AUTO}, weight ROMs of at least {@code bits} go to SPRAM. */
        Options withSpramThresholdBits(long bits) {
            return new Options(device, fixedFolds, autoFold, registerEvery, toolVersion, fusePools, weightMemory, bits, weightSource,
                    reservedLogicCells);
        }

        /** Fusing every max-pool that can be fused into the conv2d before it. */
        public Options(Device device, Map<String, Fold> fixedFolds, boolean autoFold, int registerEvery, String toolVersion) {
            this(device, fixedFolds, autoFold, registerEvery, toolVersion, true);
        }

        public static Options auto(Device device, String toolVersion) {
            return new Options(device, Map.of(), true, DEFAULT_REGISTER_EVERY, toolVersion);
        }

        public Options withFolds(Map<String, Fold> folds, boolean autoFoldRest) {
            return new Options(device, folds, autoFoldRest, registerEvery, toolVersion, fusePools, weightMemory, spramThresholdBits,
                    weightSource, reservedLogicCells);
        }

        public Options withFusedPools(boolean fuse) {
            return new Options(device, fixedFolds, autoFold, registerEvery, toolVersion, fuse, weightMemory, spramThresholdBits,
                    weightSource, reservedLogicCells);
        }

        public Options withWeightMemory(WeightMemory memory) {
            return new Options(device, fixedFolds, autoFold, registerEvery, toolVersion, fusePools, memory, spramThresholdBits,
                    weightSource, reservedLogicCells);
        }

        /** SPRAM weights loaded from {@code source}: the board's SPI flash (the default) or its UART. */
        public Options withWeightSource(WeightLoad.Source source) {
            return new Options(device, fixedFolds, autoFold, registerEvery, toolVersion, fusePools, weightMemory, spramThresholdBits,
                    source, reservedLogicCells);
        }

        /**
         * Logic the auto-folder leaves free for what surrounds the network (a board core's logit answer), on top of its
         * usual margin.
         */
        public Options withReservedLogicCells(int cells) {
            return new Options(device, fixedFolds, autoFold, registerEvery, toolVersion, fusePools, weightMemory, spramThresholdBits,
                    weightSource, cells);
        }
    }

    /** What a line-buffer stage computes over its windows, as the planner's visitor method for its kind says. */
    enum Datapath {
        /** Dot products of a kernel sliding over the input (conv2d, or a 1x1 conv2d over a flattened tensor). */
        WINDOWED_WEIGHTS,
        /** Dot products of a kernel that is by definition the whole input (dense). */
        WHOLE_INPUT_WEIGHTS,
        /** The maximum of each window (max-pool). */
        WINDOW_MAXIMUM
    }

    /**
     * A model layer that becomes hardware, before folding: its geometry and the names allotted to it. A dense layer
     * over a vector ({@code vectorLength} > 0) gets its geometry from its SIMD: see {@link #geometry(Fold)}.
     */
    record StagePlan(LayerInfo info, StageGeometry geometry, int vectorLength, FusedPool fusedPool, String moduleName,
                     List<Integer> inputs, Datapath datapath) implements StagePlanner.Planned {
        /** In a graph design every beat is a whole pixel, but the network output may go to the argmax serially. */
        @Override
        public StreamElement element(GraphBuilder.Context context) {
            Fold f = context.fold(this);
            StageGeometry g = geometry(f);
            int beat = context.last() && g.outputPixels() == 1 && fusedPool == null ? 1 : g.outChannels();
            return hardwareStage(this, f, g, beat, false, context.naming(), context.options());
        }

        @Override
        public int outputLayer() {
            return fusedPool == null ? info.index() : fusedPool.layerIndex();
        }

        boolean pool() {
            return datapath == Datapath.WINDOW_MAXIMUM;
        }

        /**
         * The geometry under a fold. A vector of N values streams as a row of N/simd pixels of simd consecutive
         * values each ([simd, 1, N/simd], value x*simd + c in channel c of pixel x), read by a 1 x N/simd kernel, so
         * the SIMD lanes still take consecutive fan-in values and no beat is as wide as the whole vector.
         */
        StageGeometry geometry(Fold f) {
            if (vectorLength == 0) {
                return geometry;
            }
            int pixels = vectorLength / f.simd();
            return new StageGeometry(f.simd(), 1, pixels, 1, pixels, 1, 1, 0, 0, geometry.outChannels(), 1, 1);
        }

        /** The number whose divisors the SIMD may take: the input channels, or a vector's length. */
        int simdDividend() {
            return vectorLength > 0 ? vectorLength : geometry.channels();
        }
    }

    private VerilogLowering() {
    }

    public static VerilogDesign lower(Network net, Options options) {
        NamedPlan plan = plan(net, options.fusePools());
        List<StagePlan> plans = plan.plan().stages();
        Map<String, Fold> fixed = options.fixedFolds();
        for (String name : fixed.keySet()) {
            for (StagePlan p : plans) {
                if (p.fusedPool() != null && p.fusedPool().layerName().equals(name)) {
                    throw new GenerationException("fold for \"" + name + "\": this max-pool is fused into conv2d \""
                            + p.info().layer().name() + "\" and has no fold of its own; fold that layer");
                }
            }
            if (plans.stream().noneMatch(p -> p.info().layer().name().equals(name))) {
                throw new GenerationException("fold for \"" + name + "\": no conv2d, dense or max-pool layer has that name");
            }
        }
        List<Fold> folds = new ArrayList<>();
        for (StagePlan p : plans) {
            Fold f = fixed.get(p.info().layer().name());
            if (f != null) {
                checkFold(p, f);
            }
            folds.add(f != null ? f : Fold.SERIAL);
        }
        VerilogDesign design = fold(net, plan, folds, options);
        // when the block RAMs run out, the next largest weight ROMs move to SPRAM while that helps
        Options current = options;
        while (current.weightMemory() == WeightMemory.AUTO && current.device().sprams() > 0
                && design.estimatedBlockRams() > current.device().blockRams()) {
            long largest = design.stages().stream().filter(s -> s instanceof WeightedStage w && w.romInBlockRam())
                    .mapToLong(s -> (long) ((WeightedStage) s).romWidth() * ((WeightedStage) s).romDepth()).max().orElse(0);
            if (largest == 0) {
                break;
            }
            Options lowered = current.withSpramThresholdBits(largest);
            VerilogDesign moved = fold(net, plan, folds, lowered);
            if (AutoFolder.overflow(moved) >= AutoFolder.overflow(design)) {
                break;
            }
            design = moved;
            current = lowered;
        }
        return design;
    }

    /** The design under {@code folds}, improved by the {@link AutoFolder} where {@link Options#autoFold()}. */
    private static VerilogDesign fold(Network net, NamedPlan plan, List<Fold> folds, Options options) {
        VerilogDesign design = build(net, plan.plan(), folds, plan.naming(), options);
        if (options.autoFold()) {
            List<StagePlan> plans = plan.plan().stages();
            boolean[] locked = new boolean[plans.size()];
            for (int i = 0; i < plans.size(); i++) {
                locked[i] = options.fixedFolds().containsKey(plans.get(i).info().layer().name());
            }
            design = AutoFolder.improve(design, locked, f -> build(net, plan.plan(), f, plan.naming(), options),
                    options.reservedLogicCells());
        }
        return design;
    }

    private static void checkFold(StagePlan p, Fold f) {
        StageGeometry g = p.geometry();
        String name = p.info().layer().name();
        if (p.pool()) {
            if (f.pe() != f.simd() || g.channels() % f.pe() != 0) {
                throw new GenerationException("fold for max-pool \"" + name + "\": lanes must be equal for PE and SIMD and divide "
                        + g.channels() + " channels, got " + f);
            }
            if (f.taps() != 1) {
                throw new GenerationException("fold for max-pool \"" + name + "\": taps must be 1 (a max-pool reads one window "
                        + "position per cycle), got " + f.taps());
            }
            return;
        }
        if (f.taps() != 1 && p.vectorLength() > 0) {
            throw new GenerationException("fold for \"" + name + "\": taps must be 1 for a dense layer over a vector (its SIMD "
                    + "lanes already read along the whole vector), got " + f.taps());
        }
        if (!KernelTaps.allowed(g.kernelHeight(), g.kernelWidth(), f.taps())) {
            throw new GenerationException("fold for \"" + name + "\": taps " + f.taps() + " do not fit its " + g.kernelHeight() + "x"
                    + g.kernelWidth() + " kernel (positions of one kernel row or whole rows: "
                    + KernelTaps.describeAllowed(g.kernelHeight(), g.kernelWidth()) + ")");
        }
        if (g.outChannels() % f.pe() != 0) {
            throw new GenerationException("fold for \"" + name + "\": PE " + f.pe() + " does not divide " + g.outChannels()
                    + " output channels (divisors: " + divisors(g.outChannels()) + ")");
        }
        int inputs = p.simdDividend();
        if (inputs % f.simd() != 0) {
            throw new GenerationException("fold for \"" + name + "\": SIMD " + f.simd() + " does not divide " + inputs
                    + (p.vectorLength() > 0 ? " inputs" : " input channels") + " (divisors: " + divisors(inputs) + ")");
        }
    }

    public static List<Integer> divisors(int n) {
        List<Integer> d = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            if (n % i == 0) {
                d.add(i);
            }
        }
        return d;
    }

    /** A plan and the names it was made with. */
    record NamedPlan(StagePlanner.Plan plan, Naming naming) {
    }

    /**
     * The hardware stages of a network and their geometry; folding comes later. A chain of conv2d, dense, max-pool and
     * flatten is planned as a chain (vectors stream SIMD-wide); anything else (an add, a global average pool, a tensor
     * read twice) as a graph. With {@code fusePools}, a max-pool whose window equals its stride and that is the only
     * reader of a conv2d is fused into it, unless the pooled output is a single pixel (a vector, which streams on in
     * SIMD-wide pieces that a running maximum cannot build).
     */
    static NamedPlan plan(Network net, boolean fusePools) {
        if (net.isChain()) {
            try {
                Naming naming = new Naming(net, false);
                return new NamedPlan(StagePlanner.plan(net, naming, fusePools, false), naming);
            } catch (StagePlanner.NeedsGraph e) {
                // a chain with a kind that streams whole pixels only: planned as a graph below
            }
        }
        Naming naming = new Naming(net, true);
        return new NamedPlan(StagePlanner.plan(net, naming, fusePools, true), naming);
    }

    static VerilogDesign build(Network net, StagePlanner.Plan plan, List<Fold> folds, Naming naming, Options options) {
        if (plan.graph()) {
            return GraphBuilder.build(net, plan, folds, naming, options);
        }
        List<StagePlan> plans = plan.stages();
        List<HardwareStage> stages = new ArrayList<>();
        List<StageGeometry> geometries = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            geometries.add(plans.get(i).geometry(folds.get(i)));
        }
        for (int i = 0; i < plans.size(); i++) {
            StagePlan p = plans.get(i);
            Fold f = folds.get(i);
            LayerInfo info = p.info();
            StageGeometry g = geometries.get(i);
            // the consumer's view decides the beat: all channels of a pixel, or simd consecutive values of a vector
            // (one logit per beat into the argmax)
            int beatChannels = i + 1 < plans.size() ? geometries.get(i + 1).channels()
                    : g.outputPixels() == 1 && p.fusedPool() == null ? 1 : g.outChannels();
            boolean vectorOutput = i + 1 < plans.size() && plans.get(i + 1).vectorLength() > 0;
            HardwareStage stage = hardwareStage(p, f, g, beatChannels, vectorOutput, naming, options);
            stages.add(stage);
        }
        Shape last = stages.get(stages.size() - 1).outputShape();
        if (last.size() != net.classes()) {
            throw new GenerationException("internal: the last stage emits " + last + ", the model has "
                    + net.classes() + " classes");
        }
        return new VerilogDesign(net, options.device(), naming.top, stages, naming.argmax, naming.ram, naming.rom,
                naming.spramRom, naming.loader(options.weightSource()), options.weightSource(), options.toolVersion(),
                options.fusePools(), StreamGraph.chain(net.inputType().bits() * stages.get(0).lines().channels(), stages));
    }

    /** The line-buffer stage of a planned conv2d, dense or max-pool under a fold, sending {@code beatChannels} per beat. */
    static HardwareStage hardwareStage(StagePlan p, Fold f, StageGeometry g, int beatChannels, boolean vectorOutput, Naming naming,
                                       Options options) {
        LayerInfo info = p.info();
        if (p.pool()) {
            return new MaxPoolStage(info.index(), info.layer().name(), p.moduleName(), g, f.pe(),
                    info.inputType(), beatChannels, vectorOutput, naming.parts(info.index()));
        }
        WeightedLayer w = (WeightedLayer) info.layer();
        ActivationType in = info.inputType();
        boolean paired = WeightedStage.pairsLanes(f);
        String dotName = naming.dotModule(f.simd() * f.taps(), in, options.registerEvery(), paired);
        // a paired unit's root carries its pair complements' range too, one bit wider than the sums in rare cases
        int accumulatorBits = Math.max(info.accumulatorBits(),
                new DotProductUnit(dotName, f.simd() * f.taps(), in, options.registerEvery(), paired).outputBits());
        WeightedStage inBlockRam = new WeightedStage(info.index(), w.name(), p.fusedPool() == null ? w.kind() : w.kind() + "+maxpool",
                p.moduleName(), g, p.vectorLength() > 0, p.datapath() == Datapath.WHOLE_INPUT_WEIGHTS, f, in,
                info.outputType(), w.weights(), w.requant(), accumulatorBits, options.registerEvery(), dotName,
                beatChannels, vectorOutput, p.fusedPool(), naming.parts(info.index()), false);
        return weightsInSpram(inBlockRam, options) ? inBlockRam.withWeightsInSpram() : inBlockRam;
    }

    /** Where {@link Options#weightMemory()} puts this stage's weight ROM (see {@link WeightMemory}). */
    private static boolean weightsInSpram(WeightedStage s, Options options) {
        return switch (options.weightMemory()) {
            case SPRAM -> true;
            case EBR -> false;
            case AUTO -> options.device().sprams() > 0 && (long) s.romWidth() * s.romDepth() >= options.spramThresholdBits();
        };
    }

    /** Every module name of one design, allotted once so that refolding never renames anything. */
    static final class Naming {
        private final Identifiers ids = new Identifiers();
        final String top;
        final String ram;
        final String rom;
        final String spramRom;
        final String flashLoader;
        final String uartLoader;
        final String argmax;
        private final Map<Integer, String> layerModules = new HashMap<>();
        private final Map<Integer, PartNames> layerParts = new HashMap<>();
        private final Map<String, String> dotModules = new LinkedHashMap<>();

        private final Map<Integer, String> forkModules = new HashMap<>();
        private String engineModule;
        private final Map<Integer, String[]> skipModules = new HashMap<>();

        /** {@code graph}: also the names of stream forks (per tensor read more than once) and skip FIFOs (per add). */
        Naming(Network net, boolean graph) {
            top = ids.unique(net.name());
            ram = ids.unique(top + "_ram");
            rom = ids.unique(top + "_rom");
            argmax = ids.unique(top + "_argmax");
            for (LayerInfo info : net.plan()) {
                layerModules.put(info.index(), ids.unique(top + "_" + info.layer().name()));
            }
            for (LayerInfo info : net.plan()) {
                String m = layerModules.get(info.index());
                layerParts.put(info.index(), new PartNames(ids.unique(m + "_lines"), ids.unique(m + "_walker"),
                        ids.unique(m + "_fifo"), ids.unique(m + "_requant"), ids.unique(m + "_pack")));
            }
            if (graph) {
                for (int t = 0; t <= net.layers().size(); t++) {
                    forkModules.put(t, ids.unique(top + "_" + net.tensorName(t) + "_fork"));
                }
                for (LayerInfo info : net.plan()) {
                    if (info.inputTensors().size() == 2) {
                        String m = layerModules.get(info.index());
                        skipModules.put(info.index(), new String[]{ids.unique(m + "_skip0"), ids.unique(m + "_skip1")});
                    }
                }
            }
            // allotted last, so that the names of designs without SPRAM stay what they were
            spramRom = ids.unique(top + "_spram_rom");
            flashLoader = ids.unique(top + "_flash_loader");
            uartLoader = ids.unique(top + "_uart_loader");
        }

        /** The module that loads the SPRAM weights from {@code source}. */
        String loader(WeightLoad.Source source) {
            return source == WeightLoad.Source.UART ? uartLoader : flashLoader;
        }

        /** The layer-sequential engine's module, allotted when first asked for (pipelines keep their names). */
        String engineModule() {
            if (engineModule == null) {
                engineModule = ids.unique(top + "_engine");
            }
            return engineModule;
        }

        String forkModule(int tensor) {
            return forkModules.get(tensor);
        }

        String skipModule(int layer, int input) {
            return skipModules.get(layer)[input];
        }

        String layerModule(int index, String name) {
            return layerModules.get(index);
        }

        String dotModule(int lanes, ActivationType in, int registerEvery, boolean paired) {
            String kind = lanes + (paired ? "_pairs" : "");
            String key = kind + "x" + in.label() + "r" + registerEvery;
            return dotModules.computeIfAbsent(key, k -> ids.unique(top + "_dot" + kind + "_" + in.label() + "_r" + registerEvery));
        }

        PartNames parts(int index) {
            return layerParts.get(index);
        }
    }
}
