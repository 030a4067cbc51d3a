package dev.bwn.model;

import java.util.List;

/** A layer that reads one tensor; the list forms of {@link Layer} bridge to the single-input forms. */
public sealed interface UnaryLayer extends Layer permits WeightedLayer, MaxPool, Flatten, GlobalAvgPool {
    /** Output shape for the given input shape; throws {@link IllegalArgumentException} when the input does not fit. */
    Shape outputShape(Shape input);

    ActivationType outputType(ActivationType input);

    /** Bit-exact reference: {@code input} is CHW, every value within {@code inputType}. */
    int[] forward(int[] input, Shape inputShape, ActivationType inputType);

    @Override
    default int inputCount() {
        return 1;
    }

    @Override
    default Shape outputShape(List<Shape> inputs) {
        return outputShape(only(inputs));
    }

    @Override
    default ActivationType outputType(List<ActivationType> inputs) {
        return outputType(only(inputs));
    }

    @Override
    default int[] forward(List<int[]> inputs, List<Shape> inputShapes, List<ActivationType> inputTypes) {
        return forward(only(inputs), only(inputShapes), only(inputTypes));
    }

    private <T> T only(List<T> inputs) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(kind() + " " + name() + ": reads one tensor, got " + inputs.size());
        }
        return inputs.get(0);
    }
}
