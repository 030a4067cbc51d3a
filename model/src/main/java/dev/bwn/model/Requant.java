package dev.bwn.model;

import java.util.Arrays;

/**
 * Per-output-channel requantization of an accumulator to the next activation type:
 * {@code y = clamp((acc * multiplier + bias + round) >> shift)} with 64-bit arithmetic,
 * {@code round = 2^(shift-1)} (0 when shift is 0) and an arithmetic (flooring) shift,
 * so halves round toward +infinity. Folded batch norm and scales land here.
 */
public record Requant(int[] multiplier, long[] bias, int[] shift) {
    public static final int MAX_ABS_MULTIPLIER = 32767;
    public static final int MAX_SHIFT = 47;
    public static final long MAX_ABS_BIAS = (1L << 47) - 1;

    public Requant {
        if (multiplier.length != bias.length || multiplier.length != shift.length) {
            throw new IllegalArgumentException("multiplier, bias and shift must have one entry per channel");
        }
        for (int c = 0; c < multiplier.length; c++) {
            if (Math.abs(multiplier[c]) > MAX_ABS_MULTIPLIER) {
                throw new IllegalArgumentException("multiplier[" + c + "] must be within +-" + MAX_ABS_MULTIPLIER + ", got " + multiplier[c]);
            }
            if (shift[c] < 0 || shift[c] > MAX_SHIFT) {
                throw new IllegalArgumentException("shift[" + c + "] must be in 0.." + MAX_SHIFT + ", got " + shift[c]);
            }
            if (Math.abs(bias[c]) > MAX_ABS_BIAS) {
                throw new IllegalArgumentException("bias[" + c + "] must be within +-(2^47-1), got " + bias[c]);
            }
        }
        multiplier = multiplier.clone();
        bias = bias.clone();
        shift = shift.clone();
    }

    public int channels() {
        return multiplier.length;
    }

    @Override
    public int[] multiplier() {
        return multiplier.clone();
    }

    @Override
    public long[] bias() {
        return bias.clone();
    }

    @Override
    public int[] shift() {
        return shift.clone();
    }

    public int multiplier(int channel) {
        return multiplier[channel];
    }

    public long bias(int channel) {
        return bias[channel];
    }

    public int shift(int channel) {
        return shift[channel];
    }

    /** The requantized value before the clamp. */
    public long scale(int channel, long accumulator) {
        int s = shift[channel];
        return (accumulator * multiplier[channel] + bias[channel] + rounding(s)) >> s;
    }

    /** What is added before an arithmetic right shift by {@code shift} so that halves round up: 2^(shift-1), or 0. */
    public static long rounding(int shift) {
        return shift == 0 ? 0 : 1L << (shift - 1);
    }

    /** Clamps a requantized value to the range of {@code out}. */
    public static int clamp(long value, ActivationType out) {
        return (int) Math.max(out.min(), Math.min(out.max(), value));
    }

    /** True when {@code m} is +-2^k, a multiplier hardware realizes with a shift and a negation. */
    public static boolean isPowerOfTwo(int m) {
        return m != 0 && Integer.bitCount(Math.abs(m)) == 1;
    }

    public int apply(int channel, long accumulator, ActivationType out) {
        return clamp(scale(channel, accumulator), out);
    }

    /** True when every multiplier is +-2^k, so hardware needs only shifts and negation. */
    public boolean isMultiplierFree() {
        return java.util.Arrays.stream(multiplier).allMatch(Requant::isPowerOfTwo);
    }

    public Requant negatedMultipliers() {
        int[] m = multiplier.clone();
        for (int c = 0; c < m.length; c++) {
            m[c] = -m[c];
        }
        return new Requant(m, bias, shift);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Requant r && Arrays.equals(multiplier, r.multiplier) && Arrays.equals(bias, r.bias)
                && Arrays.equals(shift, r.shift);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(multiplier) * 31 * 31 + Arrays.hashCode(bias) * 31 + Arrays.hashCode(shift);
    }

    @Override
    public String toString() {
        return "Requant[" + channels() + " channels]";
    }
}
