package dev.bwn.codegen.verilog;

/**
 * One module instance of a design's top: a layer stage, or the plumbing of a graph (a stream fork, a skip FIFO).
 * Sealed, so a new element that the top, the report or the estimator misses fails to compile.
 */
public sealed interface StreamElement permits HardwareStage, ElementwiseStage, GlobalAvgPoolStage, FlattenStage, Plumbing {
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
