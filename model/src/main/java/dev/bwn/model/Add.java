package dev.bwn.model;

import java.util.Arrays;
import java.util.List;

/**
 * Elementwise sum of two tensors of the same shape, each rescaled by its own per-channel multiplier, then
 * requantized: {@code y[c,h,w] = clamp((x0*m0[c] + x1*m1[c] + bias[c] + round(shift[c])) >> shift[c])} with 64-bit
 * arithmetic and the rounding of {@link Requant}. Two branches with different scales (as folded batch norm leaves
 * them) meet here. In {@code requantMode "shift"} every multiplier is +-2^k, a shift per input.
 */
public record Add(String name, int[][] inputMultipliers, long[] bias, int[] shift, ActivationType output) implements Layer {
    /** The kind as spelled in {@code *.bwn.json}. */
    public static final String KIND = "add";

    public static final int INPUTS = 2;

    public Add {
        if (inputMultipliers.length != INPUTS) {
            throw new IllegalArgumentException("add " + name + ": needs one multiplier array per input (2), got " + inputMultipliers.length);
        }
        int channels = bias.length;
        if (channels < 1 || shift.length != channels || inputMultipliers[0].length != channels || inputMultipliers[1].length != channels) {
            throw new IllegalArgumentException("add " + name + ": multipliers, bias and shift need one entry per channel");
        }
        int[][] copy = new int[INPUTS][];
        for (int k = 0; k < INPUTS; k++) {
            copy[k] = inputMultipliers[k].clone();
            // Requant checks the ranges of multiplier, bias and shift: the limits are the same.
            try {
                new Requant(copy[k], bias, shift);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("add " + name + ": input " + k + " " + e.getMessage());
            }
        }
        inputMultipliers = copy;
        bias = bias.clone();
        shift = shift.clone();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int inputCount() {
        return INPUTS;
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.add(this);
    }

    public int channels() {
        return bias.length;
    }

    @Override
    public int[][] inputMultipliers() {
        return new int[][]{inputMultipliers[0].clone(), inputMultipliers[1].clone()};
    }

    @Override
    public long[] bias() {
        return bias.clone();
    }

    @Override
    public int[] shift() {
        return shift.clone();
    }

    public int multiplier(int input, int channel) {
        return inputMultipliers[input][channel];
    }

    public long bias(int channel) {
        return bias[channel];
    }

    public int shift(int channel) {
        return shift[channel];
    }

    @Override
    public boolean requantizes() {
        return true;
    }

    @Override
    public int accumulatorBits(List<Shape> inputShapes, List<ActivationType> inputTypes) {
        return accumulatorBits(inputTypes);
    }

    /** True when every multiplier is +-2^k (the multiplier-free form). */
    @Override
    public boolean isMultiplierFree() {
        return Arrays.stream(inputMultipliers).flatMapToInt(Arrays::stream).allMatch(Requant::isPowerOfTwo);
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        if (inputs.size() != INPUTS) {
            throw new IllegalArgumentException("add " + name + ": reads 2 tensors, got " + inputs.size());
        }
        Shape a = inputs.get(0);
        if (!a.equals(inputs.get(1))) {
            throw new IllegalArgumentException("add " + name + ": the inputs differ in shape, " + a + " and " + inputs.get(1));
        }
        if (a.channels() != channels()) {
            throw new IllegalArgumentException("add " + name + ": has " + channels() + " channels of multipliers but the inputs have "
                    + a.channels() + " channels");
        }
        return a;
    }

    @Override
    public ActivationType outputType(List<ActivationType> inputs) {
        return output;
    }

    /**
     * Every value {@code x0*m0[c] + x1*m1[c] + bias[c] + round(shift[c])} can take over all channels before the shift,
     * for inputs of the given types: what a backend's sum must hold.
     */
    public ValueRange accumulatorRange(List<ActivationType> inputTypes) {
        ValueRange all = null;
        for (int c = 0; c < channels(); c++) {
            ValueRange r = ValueRange.of(inputTypes.get(0)).times(inputMultipliers[0][c])
                    .plus(ValueRange.of(inputTypes.get(1)).times(inputMultipliers[1][c]))
                    .plus(bias[c]).plus(Requant.rounding(shift[c]));
            all = all == null ? r : all.union(r);
        }
        return all;
    }

    /** Signed width of {@link #accumulatorRange}. */
    public int accumulatorBits(List<ActivationType> inputTypes) {
        return accumulatorRange(inputTypes).signedBits();
    }

    @Override
    public int[] forward(List<int[]> inputs, List<Shape> inputShapes, List<ActivationType> inputTypes) {
        Shape shape = outputShape(inputShapes);
        int[] x0 = inputs.get(0);
        int[] x1 = inputs.get(1);
        int plane = shape.height() * shape.width();
        int[] y = new int[shape.size()];
        for (int c = 0; c < shape.channels(); c++) {
            long m0 = inputMultipliers[0][c];
            long m1 = inputMultipliers[1][c];
            long offset = bias[c] + Requant.rounding(shift[c]);
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                y[i] = Requant.clamp((x0[i] * m0 + x1[i] * m1 + offset) >> shift[c], output);
            }
        }
        return y;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Add a && name.equals(a.name) && Arrays.deepEquals(inputMultipliers, a.inputMultipliers)
                && Arrays.equals(bias, a.bias) && Arrays.equals(shift, a.shift) && output.equals(a.output);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + Arrays.deepHashCode(inputMultipliers)) * 31 * 31 + Arrays.hashCode(bias) * 31
                + Arrays.hashCode(shift) + output.hashCode();
    }

    @Override
    public String toString() {
        return "Add[" + name + ", " + channels() + " channels, " + output + "]";
    }
}
