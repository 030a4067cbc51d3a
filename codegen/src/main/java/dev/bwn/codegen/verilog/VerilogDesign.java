package dev.bwn.codegen.verilog;

import dev.bwn.model.ActivationType;
import dev.bwn.model.Network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network lowered for the Verilog backend: the chain of hardware stages with their folding, the argmax stage, the
 * module and file names, and the estimates. Immutable; {@link VerilogGenerator} renders it and nothing else.
 */
public record VerilogDesign(Network network, Device device, String topModule, List<HardwareStage> stages,
                            String argmaxModule, String ramModule, String romModule, String spramRomModule,
                            String weightLoaderModule, WeightLoad.Source weightSource, String toolVersion, boolean fusePools,
                            StreamGraph graph) {

    public VerilogDesign {
        stages = List.copyOf(stages);
    }

    /** Every element of the top (stages, adds, pools, forks, FIFOs) in order. */
    public List<StreamElement> elements() {
        return graph.elements().stream().map(StreamGraph.Wired::element).toList();
    }

    /**
     * The same design with every skip FIFO's depth changed by {@code change} (at least 1): for the test that proves the
     * computed depth minimal (one entry fewer must deadlock).
     */
    public VerilogDesign withSkipFifoDepths(java.util.function.IntUnaryOperator change) {
        List<StreamGraph.Wired> wired = graph.elements().stream().map(w -> w.element() instanceof SkipFifo q
                ? new StreamGraph.Wired(new SkipFifo(q.moduleName(), q.addName(), q.input(), q.bits(), change.applyAsInt(q.depth())),
                w.inputs(), w.outputs()) : w).toList();
        return new VerilogDesign(network, device, topModule, stages, argmaxModule, ramModule, romModule, spramRomModule,
                weightLoaderModule, weightSource, toolVersion, fusePools,
                new StreamGraph(graph.linkBits(), wired, graph.outputLink(), graph.tensorLinks()));
    }

    /** The layer-sequential engine when the design is one (docs/SEQUENTIAL.md), else empty. */
    public java.util.Optional<SequentialEngine> sequentialEngine() {
        return elements().stream().filter(SequentialEngine.class::isInstance).map(SequentialEngine.class::cast).findFirst();
    }

    /** Whether this design has elements besides a chain of line-buffer stages. */
    public boolean isGraph() {
        return graph.elements().size() != stages.size();
    }

    /** Values per beat into the argmax: every logit of one beat, or one per beat. */
    public int outputBeatChannels() {
        return graph.tensorLinks().stream().filter(t -> t.link() == graph.outputLink()).findFirst()
                .orElseThrow(() -> new IllegalStateException("internal: no tensor on the output link")).beatChannels();
    }

    public int inputBits() {
        return network.inputType().bits();
    }

    /** Values per input beat: every channel of one input pixel (one value when a vector input streams as a row). */
    public int inputBeatChannels() {
        return graph.linkBits().get(0) / inputBits();
    }

    /**
     * Whether the input streams as a flat vector (beat b carries values b*channels .. b*channels + channels-1 of it)
     * rather than pixel by pixel with all channels side by side.
     */
    public boolean inputAsVector() {
        if (isGraph()) {
            // a flat input whose beats carry fewer values than it has (the sequential engine's one value per beat)
            return network.inputShape().isFlat() && inputBeatChannels() < network.inputShape().channels();
        }
        return stages.get(0).lines().vector();
    }

    /** Bits of one input beat. */
    public int inputPixelBits() {
        return inputBeatChannels() * inputBits();
    }

    public int classes() {
        return network.classes();
    }

    public ActivationType logitType() {
        return network.logitType();
    }

    public int classBits() {
        return Bits.unsignedBits(classes() - 1);
    }

    /** The distinct dot-product units, one module each. */
    public List<DotProductUnit> dotUnits() {
        Map<String, DotProductUnit> units = new LinkedHashMap<>();
        for (HardwareStage s : stages) {
            s.dotUnits().forEach(u -> units.putIfAbsent(u.moduleName(), u));
        }
        return new ArrayList<>(units.values());
    }

    public List<StageEstimate> stageEstimates() {
        return stages.stream().map(HardwareStage::estimate).toList();
    }

    /**
     * Cycles between images at one stage in steady state: its line-buffer writer and its walker run side by side
     * (every stage of the pipeline works on its own rows at once), so the slower of the two sets the pace.
     */
    public long stageCycles(int stageIndex) {
        return stages.get(stageIndex).estimate().cyclesPerImage();
    }

    /**
     * Estimated cycles between the starts of consecutive images in steady state: the slowest element's, or in a graph
     * the slowest residual main path's. A skip FIFO of the least depth that cannot deadlock lets the fork run only as
     * far ahead of the add as the main path's windows need, so the main path's stages take turns row by row instead
     * of overlapping: its cycles per image are about the sum of its stages' (measured in GraphDesignsBitExactTest).
     */
    public long initiationInterval() {
        long ii = 0;
        for (StreamElement e : elements()) {
            ii = Math.max(ii, e.estimate().cyclesPerImage());
        }
        Map<Integer, StreamGraph.Wired> producers = new java.util.HashMap<>();
        for (StreamGraph.Wired w : graph.elements()) {
            w.outputs().forEach(p -> producers.put(p.link(), w));
        }
        for (StreamGraph.Wired w : graph.elements()) {
            if (w.inputs().size() != 2) {
                continue;
            }
            for (StreamGraph.Port in : w.inputs()) {
                StreamGraph.Wired before = producers.get(in.link());
                if (before == null || !(before.element() instanceof SkipFifo)) {
                    ii = Math.max(ii, pathCycles(in.link(), producers));
                }
            }
        }
        return ii;
    }

    /** Sum of the cycles per image of the elements back from {@code link} to the nearest fork (the longest way). */
    private static long pathCycles(int link, Map<Integer, StreamGraph.Wired> producers) {
        StreamGraph.Wired w = producers.get(link);
        if (w == null || w.outputs().size() > 1) {
            return 0;
        }
        long before = 0;
        for (StreamGraph.Port in : w.inputs()) {
            before = Math.max(before, pathCycles(in.link(), producers));
        }
        return w.element().estimate().cyclesPerImage() + before;
    }

    /**
     * An upper bound on the cycles from an image's first input beat to its class, the pipeline empty before: as if
     * each stage stored the whole image before walking it and handed on only at the end (in fact the writers, the
     * walkers and the stages overlap row by row). Per stage, 4 cycles for the packer and the handshakes between parts.
     */
    public long latencyCycles() {
        long total = 0;
        for (StreamElement element : elements()) {
            StageEstimate e = element.estimate();
            total += e.writeCycles() + e.computeCycles() + e.latencyCycles() + 4;
        }
        return total + classes() + 2;
    }

    /**
     * Logic of the argmax: the logits register, one comparator, the best value and the counters; logits that arrive
     * several per beat are scanned afterwards through a mux.
     */
    public StageEstimate argmaxEstimate() {
        int lb = logitType().bits();
        boolean scans = outputBeatChannels() > 1;
        int luts = 2 * lb + 3 * classBits() + 8 + (scans ? lb * classes() / 2 + classes() * lb : 0);
        int ffs = classes() * lb + lb + 2 * classBits() + 2;
        return new StageEstimate(1, scans ? classes() : 0, 1, luts, ffs, 0, 0);
    }

    /**
     * The weights loaded into SPRAM at start-up, from SPI flash or over the board's UART (empty when every ROM is in
     * block RAM or logic).
     */
    public WeightLoad weightLoad() {
        // the stages' weights first, in stage order, then the other elements' (the sequential engine's constants)
        List<WeightLoad.SpramContents> roms = new ArrayList<>();
        stages.forEach(s -> s.spramWeights().ifPresent(roms::add));
        elements().stream().filter(e -> !e.lineBufferStage()).forEach(e -> e.spramWeights().ifPresent(roms::add));
        return WeightLoad.of(roms, weightSource);
    }

    public StageEstimate total() {
        StageEstimate t = argmaxEstimate().plus(weightLoad().estimate());
        for (StreamElement e : elements()) {
            t = t.plus(e.estimate());
        }
        return t;
    }

    /**
     * LUTs of the requantization multipliers: on a device with DSP blocks the adders that sum a split multiply's partial
     * products and the slices too narrow for a block ({@link Dsps}); without them, about a*b LUTs per a x b multiply.
     */
    public int multiplierLuts() {
        return elements().stream().mapToInt(e -> multiplierCost(e).luts()).sum();
    }

    /**
     * SB_MAC16 blocks the requantization multipliers take as yosys maps them, all of them (yosys has no budget; over
     * the device's count the design does not fit).
     */
    public int estimatedDsps() {
        return elements().stream().mapToInt(e -> multiplierCost(e).dsps()).sum();
    }

    /** DSP blocks and LUTs of one element's requantization multipliers: a stage's requant, an add's or a pool's terms. */
    public Dsps.Cost multiplierCost(StreamElement e) {
        return multiplierCost(device, e);
    }

    /** {@link #multiplierCost(StreamElement)} as if on {@code device} (on the UP5K: what yosys maps to SB_MAC16). */
    public static Dsps.Cost multiplierCost(Device device, StreamElement e) {
        Dsps.Cost cost = new Dsps.Cost(0, 0);
        if (e instanceof HardwareStage s && s.multiplyingRequant().isPresent()) {
            RequantPlan rq = s.multiplyingRequant().get();
            cost = cost.plus(Dsps.multiply(device, rq.accumulatorBits(), rq.multiplierBits(), rq.productBits()));
        }
        // any other a x 16-bit multiply an element has (the sequential engine's requantization)
        for (int a : e.multiplierOperandBits()) {
            cost = cost.plus(Dsps.multiply(device, a, ElementwiseRequant.MULTIPLIER_BITS, a + ElementwiseRequant.MULTIPLIER_BITS));
        }
        ElementwiseRequant rq = e.elementwiseRequant();
        if (rq != null && !rq.multiplierFree()) {
            for (int k = 0; k < rq.terms().size(); k++) {
                cost = cost.plus(Dsps.multiply(device, rq.termBits(k), rq.multiplierBits(k), rq.productBits(k)));
            }
        }
        return cost;
    }

    public int estimatedLuts() {
        return total().luts() + multiplierLuts();
    }

    public int estimatedBlockRams() {
        return total().blockRams();
    }

    public int estimatedSprams() {
        return total().sprams();
    }

    /** Logic cells per hundred flip-flops beyond the LUTs: the share that nextpnr does not pack beside a LUT. */
    public static final int CELLS_PER_HUNDRED_FLIP_FLOPS = 75;

    /**
     * Logic cells after packing: a cell holds a LUT and a flip-flop, but about three quarters of the registers (FIFO
     * entries, packers, pipeline and counter registers) find no LUT of their own logic to pair with. The factor is
     * calibrated against nextpnr-ice40 on mnist-tiny (4981 LCs for 2800 LUTs and about 2900 flip-flops).
     */
    public int estimatedLogicCells() {
        return Math.max(estimatedLuts() + total().flipFlops() * CELLS_PER_HUNDRED_FLIP_FLOPS / 100, total().flipFlops());
    }
}
