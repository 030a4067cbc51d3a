package dev.bwn.codegen.verilog;

import dev.bwn.model.ActivationType;
import dev.bwn.model.Shape;

import java.util.List;
import java.util.Map;

/**
 * One hardware layer of a lowered design. Every stage has the same shape: a {@link LineBuffer} filled from the
 * incoming pixel stream, a {@link WindowWalk} that reads it, a datapath, a group FIFO that serializes its parallel
 * results, and a packer that gathers the values of one output pixel into one outgoing beat.
 */
public sealed interface HardwareStage extends StreamElement permits WeightedStage, MaxPoolStage {
    /** Index of the model layer this stage implements. */
    int layerIndex();

    String layerName();

    /** Model layer kind: conv2d, dense or maxpool. */
    String kind();

    /** Verilog module name, unique in the design. */
    String moduleName();

    StageGeometry geometry();

    /** Shape of the stage's output: the geometry's, or the pooled one when a max-pool is fused in. */
    default Shape outputShape() {
        return geometry().output();
    }

    /** Model layer whose output this stage emits (a fused max-pool's, else its own). */
    default int outputLayerIndex() {
        return layerIndex();
    }

    default String outputLayerName() {
        return layerName();
    }

    PartNames parts();

    Fold fold();

    ActivationType inputType();

    ActivationType outputType();

    LineBuffer lines();

    WindowWalk walk();

    /** Parallel results per group FIFO entry. */
    int groupSize();

    /** Bits of one parallel result in the FIFO. */
    int resultBits();

    /** Entries of the group FIFO; the walker starts a group only with a free entry reserved for its result. */
    int fifoDepth();

    /**
     * The views of its modules, dependencies first: line buffer, window walker, group FIFO, packer, then what its
     * kind adds (the layer module that wires them, and a weighted stage's requantizer).
     */
    List<TemplateViews.View> moduleViews(VerilogDesign design);

    /** Its {@code $readmemh} images, file name to words; none unless it reads a ROM. */
    default Map<String, List<String>> memoryImages() {
        return Map.of();
    }

    /** The next larger folds to try (more parallel output channels, more parallel inputs), none when at the limit. */
    List<Fold> largerFolds();

    /** Its dot-product units (modules shared by stages of the same width); none for a stage without weights. */
    default List<DotProductUnit> dotUnits() {
        return List.of();
    }

    /** Its requantizer when that multiplies (needs a DSP block or LUT multiplier); empty otherwise. */
    default java.util.Optional<RequantPlan> multiplyingRequant() {
        return java.util.Optional.empty();
    }

    @Override
    default boolean lineBufferStage() {
        return true;
    }

    /**
     * Values per outgoing beat: every channel of one output pixel, or one when a single-pixel output (a dense layer's
     * vector) streams on as a row of one-channel pixels (see {@link VerilogLowering}).
     */
    int outputBeatChannels();

    /**
     * Whether the output is a vector that the consumer reads as a row of {@code outputBeatChannels} consecutive values
     * per beat (value b*channels + c in channel c of beat b), rather than pixels in CHW terms.
     */
    boolean vectorOutput();

    /** Bits of one outgoing beat. */
    default int outputPixelBits() {
        return outputBeatChannels() * outputType().bits();
    }

    @Override
    StageEstimate estimate();

    @Override
    default String summary() {
        return kind() + " \"" + layerName() + "\" " + fold();
    }

    /**
     * The last input beat (pixel) output beat {@code beat} depends on: the walker starts an output row only when every
     * input row its window reads is complete (all of them for the last output row), so this is the last pixel of
     * that many rows. Only meaningful where every beat is a whole pixel, as in graph designs.
     */
    /** Rendered from its parts ({@link #moduleViews}), not from one view. */
    @Override
    default TemplateViews.View templateView() {
        return null;
    }

    @Override
    default int outputBits() {
        return outputPixelBits();
    }

    @Override
    default StreamGraph.TensorLink tensorLink(int link) {
        return new StreamGraph.TensorLink(link, outputLayerIndex(), outputLayerName(), outputBeatChannels(),
                outputShape().size() / outputBeatChannels(), outputType().bits(), vectorOutput());
    }

    @Override
    default long outputBeats() {
        return outputShape().size() / outputBeatChannels();
    }

    @Override
    default long lastInputBeat(int input, long beat) {
        LineBuffer lb = lines();
        StageGeometry g = geometry();
        int outWidth = walk().outWidth();
        int outHeight = walk().outHeight();
        long pixel = beat * outputBeatChannels() / outputShape().channels();
        long row = pixel / outWidth;
        long rows = row == outHeight - 1 ? g.height() : Math.min(g.height(), g.minRow() + row * lb.windowStride() + lb.windowRows());
        return rows * g.width() - 1;
    }

    /** Cycles from a group's first issue to its results entering the FIFO. */
    int issueToFifoLatency();

    /** Group FIFO depth that lets the walker run without waiting for the serializer in steady state. */
    static int fifoDepthFor(int issueToFifo, int stepsPerGroup, int groupSize) {
        int inFlight = Bits.ceilDiv(issueToFifo + groupSize, Math.max(1, stepsPerGroup));
        return Math.max(2, Math.min(8, inFlight + 1));
    }

    /** Issue cycles per image: every step, or the serializer's beats when a group has more results than steps. */
    static long computeCycles(HardwareStage s) {
        WindowWalk w = s.walk();
        return w.convolvedPixels() * w.outer() * Math.max(w.stepsPerPixel(), s.groupSize());
    }

    /**
     * Estimated LUTs of the shared plumbing: line-buffer writer (counters, ring address, the input slice mux, row
     * accounting), walker counters and position adders, FIFO muxes and the packer's shift register.
     */
    static int plumbingLuts(HardwareStage s) {
        LineBuffer lb = s.lines();
        WindowWalk w = s.walk();
        // the writer's slice mux: about a LUT per bit of the beat (yosys 0.23, synth_ice40)
        int sliceMux = lb.slices() > 1 ? lb.pixelBits() * (lb.slices() - 1) / lb.slices() : 0;
        int writerLuts = 2 * (lb.sliceBits() + lb.columnBits() + lb.addressBits()) + 3 * lb.occupiedBits()
                + 3 * lb.filledBits() + sliceMux;
        int walkerLuts = 2 * (w.outerBits() + w.innerBits() + w.outRowBits() + w.outColumnBits() + w.kernelRowBits()
                + w.kernelColumnBits()) + 4 * w.offsetBits() + 8 * w.positionBits() + 3 * lb.releaseBits() + 2 * lb.slotBits()
                + (s.geometry().padded() ? 2 * w.positionBits() : 0);
        int fifoLuts = s.resultBits() * (s.groupSize() - 1 + s.fifoDepth() - 1) / 2 + 12;
        int packerLuts = Bits.unsignedBits(s.outputBeatChannels()) * 2 + 4
                + (w.pooled() ? 2 * s.outputType().bits() + 2 * Bits.unsignedBits(w.poolHeight() * w.poolWidth()) : 0);
        int bufferLuts = lb.inBlockRam() ? 0 : lb.readPorts() * BlockRams.ramLuts(lb.wordBits(), lb.depth());
        return writerLuts + walkerLuts + tapLuts(s) + fifoLuts + packerLuts + bufferLuts + 10;
    }

    static int plumbingFlipFlops(HardwareStage s) {
        LineBuffer lb = s.lines();
        WindowWalk w = s.walk();
        int fifo = s.fifoDepth() * s.groupSize() * s.resultBits();
        int buffer = lb.inBlockRam() ? 0 : lb.readPorts() * lb.wordBits() * lb.depth();
        int writer = lb.sliceBits() + lb.columnBits() + lb.addressBits() + lb.occupiedBits() + lb.filledBits();
        int walker = (w.pooled() ? 6 : 4) * w.positionBits() + (w.pooled() ? 4 : 3) * w.offsetBits() + lb.slotBits()
                + lb.addressBits() + w.outerBits() + w.innerBits() + w.outRowBits()
                + w.outColumnBits() + w.kernelRowBits() + w.kernelColumnBits() + lb.releaseBits() + 8;
        int packer = s.outputPixelBits() + Bits.unsignedBits(s.outputBeatChannels()) + 1;
        // every tap beyond the first registers its ring address (and its mask bit where taps are masked)
        int taps = (w.taps().taps() - 1) * lb.addressBits() + (tapsMasked(s) ? w.taps().taps() : 0);
        return writer + walker + taps + fifo + buffer + packer + lb.wordBits();
    }

    /** Whether the taps of a several-tap walk can fall outside the input (padding) or the kernel (a row's or its tail). */
    static boolean tapsMasked(HardwareStage s) {
        KernelTaps taps = s.walk().taps();
        return taps.taps() > 1 && (s.geometry().padded() || taps.columnTail() || taps.rowTail());
    }

    /**
     * LUTs of the taps beyond the first: each adds constant row and word offsets to the first tap's ring address, and
     * where some taps can fall outside the input (padding) or the kernel (the tail of a row or of the kernel) a mask
     * bit per tap compares its position and step (the masked word is zeroed in the datapath, a LUT per bit).
     */
    static int tapLuts(HardwareStage s) {
        LineBuffer lb = s.lines();
        WindowWalk w = s.walk();
        KernelTaps taps = w.taps();
        int extra = taps.taps() - 1;
        if (extra == 0) {
            return 0;
        }
        int addresses = extra * (lb.slotBits() + lb.rowWordBits());
        boolean tails = taps.columnTail() || taps.rowTail();
        int masks = (s.geometry().padded() ? taps.taps() * 2 * w.positionBits() : 0) + (tails ? taps.taps() * 2 : 0);
        int zeroing = tapsMasked(s) ? taps.taps() * lb.wordBits() : 0;
        return addresses + masks + zeroing;
    }
}
