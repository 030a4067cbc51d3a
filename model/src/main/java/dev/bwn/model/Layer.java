package dev.bwn.model;

import java.util.List;

/**
 * One layer of the integer network: it reads {@link #inputCount()} earlier tensors and writes one tensor named like
 * itself. Each kind carries its reference semantics here; backends dispatch on kinds only through
 * {@link #accept(LayerVisitor)}, so a kind a backend does not handle fails to compile there.
 * Single-input kinds implement {@link UnaryLayer} (Java requires it to be listed here, next to {@code Add}).
 */
public sealed interface Layer permits UnaryLayer, Add {
    String name();

    /** The kind as spelled in {@code *.bwn.json}. */
    String kind();

    /** How many tensors the layer reads (its {@code inputs} in the file). */
    int inputCount();

    /** Output shape for the given input shapes; throws {@link IllegalArgumentException} when the inputs do not fit. */
    Shape outputShape(List<Shape> inputs);

    ActivationType outputType(List<ActivationType> inputs);

    /** Bit-exact reference: each input is CHW, every value within its type. */
    int[] forward(List<int[]> inputs, List<Shape> inputShapes, List<ActivationType> inputTypes);

    <R> R accept(LayerVisitor<R> visitor);
}
