package dev.bwn.codegen.verilog;

/**
 * One module instance of a design's top: a layer stage, or the plumbing of a graph (a stream fork, a skip FIFO).
 * Sealed, so a new element that the top, the report or the estimator misses fails to compile.
 */
public sealed interface StreamElement permits HardwareStage, ElementwiseStage, GlobalAvgPoolStage, FlattenStage, Plumbing, SequentialEngine {
    /** Verilog module name, unique in the design. */
    String moduleName();

    StageEstimate estimate();

    /** One line for the top module's header comment and the report. */
    String summary();

    /**
     * For {@link SkipDepths}: the last beat of input {@code input} (of the current image) that output beat {@code beat}
     * cannot be computed without.
     */
    long lastInputBeat(int input, long beat);

    /** Bits of one beat it sends. */
    int outputBits();

    /** The tensor it writes, sent on {@code link}, for the harness taps; null for plumbing, which writes none. */
    StreamGraph.TensorLink tensorLink(int link);

    /** The typed template data of its module, or null for a line-buffer stage (rendered from its parts). */
    TemplateViews.View templateView();

    /** The typed template data of its module, given the design it is part of (what it shares with the others). */
    default TemplateViews.View templateView(VerilogDesign design) {
        return templateView();
    }

    /** The ROM it keeps in SPRAM, loaded from flash at start-up ({@link WeightLoad}); empty when it has none there. */
    default java.util.Optional<WeightLoad.SpramContents> spramWeights() {
        return java.util.Optional.empty();
    }

    /** Its {@code $readmemh} images, file name to words; none unless it reads a ROM. */
    default java.util.Map<String, java.util.List<String>> memoryImages() {
        return java.util.Map.of();
    }

    /**
     * The operand widths of the a x 16-bit requantization multipliers it has besides {@link #elementwiseRequant()}'s
     * (the layer-sequential engine's one shared multiplier); none by default.
     */
    default java.util.List<Integer> multiplierOperandBits() {
        return java.util.List.of();
    }

    /** The per-channel arithmetic whose multipliers need DSP blocks, or null when it has none of that kind. */
    default ElementwiseRequant elementwiseRequant() {
        return null;
    }

    /** Whether it is a line-buffer stage (a row of the report's stage table) rather than a graph element. */
    default boolean lineBufferStage() {
        return false;
    }

    /** Lines it adds to the report's list of sized buffers (a skip FIFO's depth); none by default. */
    default java.util.List<String> reportNotes() {
        return java.util.List.of();
    }

    /** Beats per image on each output; -1 for plumbing, whose outputs carry its input's beats. */
    long outputBeats();
}
