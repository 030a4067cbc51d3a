package dev.bwn.model;

import java.util.List;

/**
 * Global average pooling: the per-channel sum over H x W, then requantization to {@code output}, giving a flat
 * C x 1 x 1 tensor. The division by H*W is folded into the multiplier and shift by whoever writes the model.
 */
public record GlobalAvgPool(String name, Requant requant, ActivationType output) implements UnaryLayer {
    /** The kind as spelled in {@code *.bwn.json}. */
    public static final String KIND = "globalavgpool";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.globalAvgPool(this);
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.channels() != requant.channels()) {
            throw new IllegalArgumentException("globalavgpool " + name + ": requant has " + requant.channels()
                    + " channels but the input has " + input.channels());
        }
        return Shape.flat(input.channels());
    }

    @Override
    public ActivationType outputType(ActivationType input) {
        return output;
    }

    @Override
    public boolean requantizes() {
        return true;
    }

    @Override
    public int accumulatorBits(List<Shape> inputShapes, List<ActivationType> inputTypes) {
        return accumulatorRange(inputShapes.get(0), inputTypes.get(0)).signedBits();
    }

    @Override
    public boolean isMultiplierFree() {
        return requant.isMultiplierFree();
    }

    /** Every per-channel sum of an input of this shape and type (before requantization). */
    public static ValueRange accumulatorRange(Shape input, ActivationType inputType) {
        return ValueRange.of(inputType).sumOf((long) input.height() * input.width());
    }

    @Override
    public int[] forward(int[] x, Shape in, ActivationType inType) {
        Shape out = outputShape(in);
        int plane = in.height() * in.width();
        int[] y = new int[out.size()];
        for (int c = 0; c < in.channels(); c++) {
            long acc = 0;
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                acc += x[i];
            }
            y[c] = requant.apply(c, acc, output);
        }
        return y;
    }
}
