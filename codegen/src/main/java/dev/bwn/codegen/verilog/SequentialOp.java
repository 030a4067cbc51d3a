package dev.bwn.codegen.verilog;

/**
 * One instruction of the layer-sequential engine ({@link SequentialProgram}): a layer as the engine's loops run it.
 * Every address is a word address; every step is what the hardware adds when a loop advances, so the engine needs no
 * multiplier for addressing. The walk is: pixels ({@code outHeight} rows of {@code outWidth}), per pixel
 * {@code groups} groups of up to {@code groupSize} output values (the last group {@code lastGroupSize}), per group the
 * inner loop over {@code innerChannels} x {@code kernelHeight} x {@code kernelWidth} input positions. For
 * {@link Kind#ADD} the pixels are the elements (a row per channel) and the inner loop is its two reads.
 *
 * @param originAddress  signed: the address of window position (0, 0) of output pixel (0, 0), padding included
 * @param rowStep        added to the window origin per output row ({@code strideY * inWidth})
 * @param groupInStep    added to the group's input address per group (a channel plane for maxpool and sum, else 0)
 * @param groupOutStep   added to the group's output address per group
 * @param outPlane       between two values of one group in the output (a channel plane, or 1 for a flat output)
 * @param paramGroupStep added to the group's requantization-constant address per group
 * @param outMin         clamp bounds of the output type (requantizing kinds)
 * @param streamsOut     the last op: values go to the output stream, not to memory
 */
public record SequentialOp(int layerIndex, String layerName, Kind kind, int in0Base, boolean in0Signed, int in1Base,
                           boolean in1Signed, int outBase, int outHeight, int outWidth, int groups, int groupSize,
                           int lastGroupSize, int innerChannels, int kernelHeight, int kernelWidth, int inHeight,
                           int inWidth, int inPlane, int strideY, int strideX, int padY, int padX, int originAddress, int rowStep,
                           int groupInStep, int groupOutStep, int outPlane, int weightBase, int paramBase,
                           int paramGroupStep, long outMin, long outMax, boolean streamsOut) {

    /** What the engine's datapath does with the values it reads; the code is the {@code op_kind} field. */
    public enum Kind {
        /** conv2d and dense: P accumulators add or subtract each value by their weight bit, then requantize. */
        CONVOLVE(0),
        /** maxpool: the largest value of the window, no requantization. */
        MAXIMUM(1),
        /** globalavgpool: the sum of a channel, then requantization. */
        SUM(2),
        /** add: two values, each times its multiplier, summed and requantized. */
        ADD(3);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    public boolean requantizes() {
        return kind != Kind.MAXIMUM;
    }

    /** Cycles of one inner loop (a group's reads). */
    public long innerSteps() {
        return (long) innerChannels * kernelHeight * kernelWidth;
    }

    public long pixels() {
        return (long) outHeight * outWidth;
    }

    /** Output values the op produces (per pixel, every group's values). */
    public long values() {
        return pixels() * ((long) (groups - 1) * groupSize + lastGroupSize);
    }
}
