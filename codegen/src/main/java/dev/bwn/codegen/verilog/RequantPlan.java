package dev.bwn.codegen.verilog;

import dev.bwn.model.ActivationType;
import dev.bwn.model.Requant;

import java.util.ArrayList;
import java.util.List;

/**
 * Requantization of one layer in hardware (SEMANTICS.md section 4), with every width derived from exact ranges:
 * {@code t = acc*m + (bias + round)}, {@code r = t >>> shift}, clamp to the output type. The rounding constant is folded
 * into the bias here, so the circuit adds once. When every multiplier is +-2^k the product is a left shift by k and an
 * optional negation, and the circuit has no multiplier at all (always so in {@code "shift"} mode, and used whenever a
 * {@code "multiply"} model happens to be multiplier-free too).
 *
 * <p>The per-channel constants are stored in a parameter ROM, one word per channel:
 * {@code {shift, bias, multiplier}} or, multiplier-free, {@code {shift, bias, negate, k}}; fields of width 0 are
 * left out. The shift field holds only the offset above the smallest shift of the layer ({@link #minShift()}), which
 * is a constant bit selection; a shift shared by every channel needs no field.
 */
public record RequantPlan(Requant requant, int accumulatorBits, long accumulatorMin, long accumulatorMax,
                          ActivationType output) {

    public int channels() {
        return requant.channels();
    }

    public boolean multiplierFree() {
        return requant.isMultiplierFree();
    }

    /** Bias plus the round-half-up constant 2^(shift-1) (0 when shift is 0). */
    public long roundedBias(int c) {
        int s = requant.shift(c);
        return requant.bias(c) + (s == 0 ? 0 : 1L << (s - 1));
    }

    private long maxAbsAccumulator() {
        return Math.max(Math.abs(accumulatorMin), Math.abs(accumulatorMax));
    }

    public int multiplierBits() {
        long min = 0;
        long max = 0;
        for (int c = 0; c < channels(); c++) {
            min = Math.min(min, requant.multiplier(c));
            max = Math.max(max, requant.multiplier(c));
        }
        return Bits.signedBits(min, max);
    }

    /** log2 |m| field width in multiplier-free form. */
    public int powerBits() {
        int max = 0;
        for (int c = 0; c < channels(); c++) {
            max = Math.max(max, Integer.numberOfTrailingZeros(Math.abs(requant.multiplier(c))));
        }
        return Bits.unsignedBits(max);
    }

    public int power(int c) {
        return Integer.numberOfTrailingZeros(Math.abs(requant.multiplier(c)));
    }

    /** Width of acc*m: holds +-max|acc|*max|m|, which also covers acc<<k before an optional negation. */
    public int productBits() {
        long maxAbsM = 0;
        for (int c = 0; c < channels(); c++) {
            maxAbsM = Math.max(maxAbsM, Math.abs((long) requant.multiplier(c)));
        }
        long bound = maxAbsAccumulator() * maxAbsM;
        return Math.max(accumulatorBits, Bits.signedBits(-bound, bound));
    }

    public int biasBits() {
        long min = 0;
        long max = 0;
        for (int c = 0; c < channels(); c++) {
            min = Math.min(min, roundedBias(c));
            max = Math.max(max, roundedBias(c));
        }
        return Bits.signedBits(min, max);
    }

    private long tMin(int c) {
        return -maxAbsAccumulator() * Math.abs((long) requant.multiplier(c)) + roundedBias(c);
    }

    private long tMax(int c) {
        return maxAbsAccumulator() * Math.abs((long) requant.multiplier(c)) + roundedBias(c);
    }

    /** Width of t = product + bias, also used for the shifted value r. */
    public int sumBits() {
        long min = 0;
        long max = 0;
        for (int c = 0; c < channels(); c++) {
            min = Math.min(min, tMin(c));
            max = Math.max(max, tMax(c));
        }
        return Math.max(Math.max(productBits(), biasBits()), Bits.signedBits(min, max));
    }

    public boolean sharedShift() {
        return minShift() == maxShift();
    }

    /** The smallest shift of any channel: a constant shift every channel makes, so it costs no logic. */
    public int minShift() {
        int min = Integer.MAX_VALUE;
        for (int c = 0; c < channels(); c++) {
            min = Math.min(min, requant.shift(c));
        }
        return min;
    }

    private int maxShift() {
        int max = 0;
        for (int c = 0; c < channels(); c++) {
            max = Math.max(max, requant.shift(c));
        }
        return max;
    }

    /** The part of channel c's shift left after {@link #minShift()}: what the per-channel shift field stores. */
    public int shiftOffset(int c) {
        return requant.shift(c) - minShift();
    }

    /** Width of the per-channel shift field (the offset above {@link #minShift()}); 0 when every channel shares one shift. */
    public int shiftBits() {
        return sharedShift() ? 0 : Bits.unsignedBits(maxShift() - minShift());
    }

    /**
     * Width of t >>> minShift: the floor shift drops the bits of t below the smallest shift, so only these are kept
     * (at least the sign bit, when the shift is at least as wide as t).
     */
    public int alignedBits() {
        return Math.max(1, sumBits() - minShift());
    }

    /** Width of one parameter ROM word. */
    /**
     * Whether the per-channel constants go to block RAM: only a table of many channels, since synthesis folds the
     * bit columns shared by all channels and builds a small table from few LUTs (block RAMs are kept for weights).
     */
    public boolean parametersInBlockRam() {
        return channels() >= 64;
    }

    /** Block RAMs of the constants table: only bit columns that differ between channels need storing. */
    public int parameterBlockRams() {
        java.math.BigInteger varying = java.math.BigInteger.ZERO;
        List<String> image = parameterImage();
        java.math.BigInteger first = new java.math.BigInteger(image.get(0), 16);
        for (String word : image) {
            varying = varying.or(first.xor(new java.math.BigInteger(word, 16)));
        }
        return BlockRams.blocks(Math.max(1, varying.bitCount()), channels());
    }

    public int parameterBits() {
        int mult = multiplierFree() ? powerBits() + 1 : multiplierBits();
        return shiftBits() + biasBits() + mult;
    }

    /** The parameter ROM image, one {@code $readmemh} line per channel. */
    public List<String> parameterImage() {
        List<String> lines = new ArrayList<>();
        int biasBits = biasBits();
        int shiftBits = shiftBits();
        int multBits = multiplierFree() ? powerBits() + 1 : multiplierBits();
        for (int c = 0; c < channels(); c++) {
            java.math.BigInteger word = java.math.BigInteger.ZERO;
            long mult = multiplierFree()
                    ? ((requant.multiplier(c) < 0 ? 1L : 0L) << powerBits()) | power(c)
                    : requant.multiplier(c) & ((1L << multBits) - 1);
            word = word.or(java.math.BigInteger.valueOf(mult));
            word = word.or(java.math.BigInteger.valueOf(roundedBias(c) & mask(biasBits)).shiftLeft(multBits));
            if (shiftBits > 0) {
                word = word.or(java.math.BigInteger.valueOf(shiftOffset(c)).shiftLeft(multBits + biasBits));
            }
            lines.add(hexWord(word, parameterBits()));
        }
        return lines;
    }

    private static long mask(int bits) {
        return bits >= 64 ? -1L : (1L << bits) - 1;
    }

    static String hexWord(java.math.BigInteger word, int bits) {
        String h = word.toString(16);
        int digits = (bits + 3) / 4;
        return "0".repeat(Math.max(0, digits - h.length())) + h;
    }

    /** Smallest and largest r = t >> shift over every channel, to decide which clamps can ever act. */
    public long shiftedMin() {
        long min = Long.MAX_VALUE;
        for (int c = 0; c < channels(); c++) {
            min = Math.min(min, tMin(c) >> requant.shift(c));
        }
        return min;
    }

    public long shiftedMax() {
        long max = Long.MIN_VALUE;
        for (int c = 0; c < channels(); c++) {
            max = Math.max(max, tMax(c) >> requant.shift(c));
        }
        return max;
    }

    public boolean clampLow() {
        return shiftedMin() < output.min();
    }

    public boolean clampHigh() {
        return shiftedMax() > output.max();
    }
}
