package dev.bwn.model;

import java.util.List;

/**
 * Elementwise sum of two tensors of the same shape, each rescaled by its own per-channel multiplier, then
 * requantized: {@code y[c,h,w] = clamp((x0*m0[c] + x1*m1[c] + bias[c] + round(shift[c])) >> shift[c])} with 64-bit
 * arithmetic and the rounding of {@link Requant} (the {@link ElementwiseLayer} arithmetic with two terms). Two
 * branches with different scales (as folded batch norm leaves them) meet here. In {@code requantMode "shift"} every
 * multiplier is +-2^k, a shift per input.
 */
public record Add(String name, RescaledSum sum, ActivationType output) implements ElementwiseLayer {
    /** The kind as spelled in {@code *.bwn.json}. */
    public static final String KIND = "add";

    public static final int INPUTS = 2;

    public Add {
        if (sum.terms() != INPUTS) {
            throw new IllegalArgumentException("add " + name + ": needs one multiplier array per input (2), got " + sum.terms());
        }
    }

    /** {@code inputMultipliers}: [input][channel]. */
    public Add(String name, int[][] inputMultipliers, long[] bias, int[] shift, ActivationType output) {
        this(name, sum(name, inputMultipliers, bias, shift), output);
    }

    private static RescaledSum sum(String name, int[][] inputMultipliers, long[] bias, int[] shift) {
        if (inputMultipliers.length != INPUTS) {
            throw new IllegalArgumentException("add " + name + ": needs one multiplier array per input (2), got " + inputMultipliers.length);
        }
        try {
            return new RescaledSum(inputMultipliers, bias, shift);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("add " + name + ": " + e.getMessage());
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.add(this);
    }

    public int channels() {
        return sum.channels();
    }

    /** [input][channel]. */
    public int[][] inputMultipliers() {
        return sum.multipliers();
    }

    public long[] bias() {
        return sum.bias();
    }

    public int[] shift() {
        return sum.shift();
    }

    public int multiplier(int input, int channel) {
        return sum.multiplier(input, channel);
    }

    public long bias(int channel) {
        return sum.bias(channel);
    }

    public int shift(int channel) {
        return sum.shift(channel);
    }

    /** Signed width of {@link #accumulatorRange}. */
    public int accumulatorBits(List<ActivationType> inputTypes) {
        return accumulatorRange(inputTypes).signedBits();
    }

    @Override
    public String toString() {
        return "Add[" + name + ", " + channels() + " channels, " + output + "]";
    }
}
