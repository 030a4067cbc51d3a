package dev.bwn.codegen.verilog;

import dev.bwn.model.ActivationType;

/**
 * One hardware layer of a lowered design. Every stage has the same shape: a lane-split input buffer filled from the
 * stream (one element per beat, see {@link StreamIndex}), a {@link WindowWalk} that reads it, a datapath, and a
 * group FIFO that serializes its parallel results back into a stream of groups of {@link #outputGroup()}.
 */
public sealed interface HardwareStage permits WeightedStage, MaxPoolStage {
    /** Index of the model layer this stage implements. */
    int layerIndex();

    String layerName();

    /** Model layer kind: conv2d, dense or maxpool. */
    String kind();

    /** Verilog module name, unique in the design. */
    String moduleName();

    StageGeometry geometry();

    PartNames parts();

    Fold fold();

    /** Group size of the incoming stream (the producer's parallel outputs). */
    int inputGroup();

    ActivationType inputType();

    ActivationType outputType();

    /** Group size of the outgoing stream. */
    int outputGroup();

    StreamIndex streamIndex();

    WindowWalk walk();

    /** Lanes of the input buffer, one element each per read. */
    int lanes();

    /** Parallel results per group FIFO entry. */
    int groupSize();

    /** Bits of one parallel result in the FIFO. */
    int resultBits();

    /** Entries of the group FIFO; the walker starts a pixel only with a free entry reserved for its result. */
    int fifoDepth();

    /** Whether the input buffer lanes are block RAM (else registers). */
    default boolean bufferInBlockRam() {
        return BlockRams.inBlockRam(inputType().bits(), streamIndex().depth());
    }

    StageEstimate estimate();

    /** Cycles from a pixel's first issue to its group entering the FIFO. */
    int issueToFifoLatency();

    /** Group FIFO depth that lets the walker run without waiting for the serializer in steady state. */
    static int fifoDepthFor(int issueToFifo, int stepsPerPixel, int groupSize) {
        int inFlight = Bits.ceilDiv(issueToFifo + groupSize, Math.max(1, stepsPerPixel));
        return Math.max(2, Math.min(8, inFlight + 1));
    }

    /** Estimated LUTs of the shared plumbing: stream index counters, walker counters and position adders, FIFO muxes. */
    static int plumbingLuts(HardwareStage s) {
        StreamIndex si = s.streamIndex();
        WindowWalk w = s.walk();
        int indexLuts = 2 * (si.pixelBits() + si.memberBits() + si.groupBits() + si.laneBits()) + 2 * si.addressBits();
        int walkerLuts = 2 * (w.outerBits() + w.innerBits() + w.outRowBits() + w.outColumnBits() + w.kernelRowBits()
                + w.kernelColumnBits()) + 6 * w.positionBits() + (s.geometry().padded() ? 2 * w.positionBits() : 0);
        int fifoLuts = s.resultBits() * (s.groupSize() - 1 + s.fifoDepth() - 1) / 2 + 12;
        int bufferLuts = s.bufferInBlockRam() ? 0 : s.lanes() * BlockRams.ramLuts(s.inputType().bits(), si.depth());
        return indexLuts + walkerLuts + fifoLuts + bufferLuts + 10;
    }

    static int plumbingFlipFlops(HardwareStage s) {
        StreamIndex si = s.streamIndex();
        WindowWalk w = s.walk();
        int fifo = s.fifoDepth() * s.groupSize() * s.resultBits();
        int buffer = s.bufferInBlockRam() ? 0 : s.lanes() * s.inputType().bits() * si.depth();
        return 2 * (si.pixelBits() + si.memberBits() + si.groupBits() + si.laneBits() + si.addressBits())
                + 8 * w.positionBits() + w.outerBits() + w.innerBits() + w.outRowBits() + w.outColumnBits()
                + w.kernelRowBits() + w.kernelColumnBits() + fifo + buffer + 8;
    }

    static int bufferBlockRams(HardwareStage s) {
        return s.bufferInBlockRam() ? s.lanes() * BlockRams.blocks(s.inputType().bits(), s.streamIndex().depth()) : 0;
    }
}
