package dev.bwn.model;

import java.util.List;

/**
 * The elementwise family: a kind whose output value at each index comes from its inputs' values at the same index
 * (all inputs of one shape) through one per-channel {@link RescaledSum}. A kind of the family states its arithmetic
 * ({@link #sum()}) and its output type; its shape and type rules and its reference are here, and each backend lowers
 * every kind of the family with one generic step. Not sealed, so a new kind of the family is listed only in
 * {@link LayerVisitor}, which still makes every backend handle it before it compiles.
 */
public non-sealed interface ElementwiseLayer extends Layer {
    /** The per-channel arithmetic, one term per input. */
    RescaledSum sum();

    ActivationType output();

    @Override
    default int inputCount() {
        return sum().terms();
    }

    @Override
    default Shape outputShape(List<Shape> inputs) {
        if (inputs.size() != inputCount()) {
            throw new IllegalArgumentException(kind() + " " + name() + ": reads " + inputCount() + " tensors, got " + inputs.size());
        }
        Shape a = inputs.get(0);
        for (Shape other : inputs.subList(1, inputs.size())) {
            if (!a.equals(other)) {
                throw new IllegalArgumentException(kind() + " " + name() + ": the inputs differ in shape, " + a + " and " + other);
            }
        }
        int channels = sum().channels();
        if (a.channels() != channels) {
            throw new IllegalArgumentException(kind() + " " + name() + ": has " + channels + " channels of multipliers but the inputs have "
                    + a.channels() + " channels");
        }
        return a;
    }

    @Override
    default ActivationType outputType(List<ActivationType> inputs) {
        return output();
    }

    @Override
    default boolean requantizes() {
        return true;
    }

    @Override
    default int accumulatorBits(List<Shape> inputShapes, List<ActivationType> inputTypes) {
        return accumulatorRange(inputTypes).signedBits();
    }

    @Override
    default boolean isMultiplierFree() {
        return sum().isMultiplierFree();
    }

    /**
     * Every value {@code sum_k x_k*m_k[c] + bias[c] + round(shift[c])} can take over all channels before the shift,
     * for inputs of the given types: what a backend's sum must hold.
     */
    default ValueRange accumulatorRange(List<ActivationType> inputTypes) {
        return sum().range(inputTypes.stream().map(ValueRange::of).toList());
    }

    @Override
    default int[] forward(List<int[]> inputs, List<Shape> inputShapes, List<ActivationType> inputTypes) {
        Shape shape = outputShape(inputShapes);
        RescaledSum s = sum();
        ActivationType out = output();
        int plane = shape.height() * shape.width();
        int[] y = new int[shape.size()];
        for (int c = 0; c < shape.channels(); c++) {
            long offset = s.offset(c);
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                long t = offset;
                for (int k = 0; k < inputs.size(); k++) {
                    t += inputs.get(k)[i] * (long) s.multiplier(k, c);
                }
                y[i] = Requant.clamp(t >> s.shift(c), out);
            }
        }
        return y;
    }
}
