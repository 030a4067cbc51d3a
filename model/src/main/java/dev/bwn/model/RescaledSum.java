package dev.bwn.model;

import java.util.Arrays;
import java.util.List;

/**
 * The per-channel arithmetic of an {@link ElementwiseLayer}: each input term k scaled by its own multiplier, summed
 * with a bias, then the rounding shift and clamp of {@link Requant}:
 * {@code y = clamp((sum_k x_k * m_k[c] + bias[c] + round(shift[c])) >> shift[c])}, exact in 64 bits. With one term it
 * is a {@link Requant}; multipliers, bias and shift have its limits.
 *
 * @param multipliers [term][channel]
 */
public record RescaledSum(int[][] multipliers, long[] bias, int[] shift) {
    public RescaledSum {
        if (multipliers.length < 1) {
            throw new IllegalArgumentException("needs at least one input term");
        }
        int channels = bias.length;
        if (channels < 1 || shift.length != channels || Arrays.stream(multipliers).anyMatch(m -> m.length != channels)) {
            throw new IllegalArgumentException("multipliers, bias and shift need one entry per channel");
        }
        int[][] copy = new int[multipliers.length][];
        for (int k = 0; k < multipliers.length; k++) {
            copy[k] = multipliers[k].clone();
            // Requant checks the ranges of multiplier, bias and shift: the limits are the same.
            try {
                new Requant(copy[k], bias, shift);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("input " + k + " " + e.getMessage());
            }
        }
        multipliers = copy;
        bias = bias.clone();
        shift = shift.clone();
    }

    /** One term: the arithmetic of a requantization. */
    public static RescaledSum of(Requant r) {
        return new RescaledSum(new int[][]{r.multiplier()}, r.bias(), r.shift());
    }

    /** How many input terms are summed. */
    public int terms() {
        return multipliers.length;
    }

    public int channels() {
        return bias.length;
    }

    @Override
    public int[][] multipliers() {
        int[][] copy = new int[multipliers.length][];
        for (int k = 0; k < multipliers.length; k++) {
            copy[k] = multipliers[k].clone();
        }
        return copy;
    }

    @Override
    public long[] bias() {
        return bias.clone();
    }

    @Override
    public int[] shift() {
        return shift.clone();
    }

    public int multiplier(int term, int channel) {
        return multipliers[term][channel];
    }

    public long bias(int channel) {
        return bias[channel];
    }

    public int shift(int channel) {
        return shift[channel];
    }

    /** {@code bias[c] + round(shift[c])}: everything the sum adds besides the products. */
    public long offset(int channel) {
        return bias[channel] + Requant.rounding(shift[channel]);
    }

    /** True when every multiplier is +-2^k (the multiplier-free form). */
    public boolean isMultiplierFree() {
        return Arrays.stream(multipliers).flatMapToInt(Arrays::stream).allMatch(Requant::isPowerOfTwo);
    }

    /** Every value the sum before the shift takes over all channels, for terms within {@code termRanges}. */
    public ValueRange range(List<ValueRange> termRanges) {
        ValueRange all = null;
        for (int c = 0; c < channels(); c++) {
            ValueRange r = new ValueRange(offset(c), offset(c));
            for (int k = 0; k < terms(); k++) {
                r = r.plus(termRanges.get(k).times(multipliers[k][c]));
            }
            all = all == null ? r : all.union(r);
        }
        return all;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RescaledSum s && Arrays.deepEquals(multipliers, s.multipliers) && Arrays.equals(bias, s.bias)
                && Arrays.equals(shift, s.shift);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(multipliers) * 31 * 31 + Arrays.hashCode(bias) * 31 + Arrays.hashCode(shift);
    }

    @Override
    public String toString() {
        return "RescaledSum[" + terms() + " terms, " + channels() + " channels]";
    }
}
