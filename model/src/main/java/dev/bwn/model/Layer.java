package dev.bwn.model;

import java.util.List;

/**
 * One layer of the integer network: it reads {@link #inputCount()} earlier tensors and writes one tensor named like
 * itself. Each kind carries its reference semantics here; backends dispatch on kinds only through
 * {@link #accept(LayerVisitor)}, so a kind a backend does not handle fails to compile there.
 * Single-input kinds with their own backend code implement {@link UnaryLayer}; kinds of the elementwise family
 * (each output value from the inputs' values at its index) implement {@link ElementwiseLayer}.
 */
public sealed interface Layer permits UnaryLayer, ElementwiseLayer {
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

    /**
     * True for kinds that compute new values and requantize them (conv2d, dense, add, globalavgpool): they read
     * tensors of at most {@link ActivationType#MAX_DOT_INPUT_BITS} bits. Max-pool and flatten pass values through.
     */
    default boolean requantizes() {
        return false;
    }

    /** Signed width of the sum this layer requantizes, for inputs of these shapes and types; 0 when it requantizes nothing. */
    default int accumulatorBits(List<Shape> inputShapes, List<ActivationType> inputTypes) {
        return 0;
    }

    /** True when every multiplier the layer applies is +-2^k (what {@code requantMode "shift"} demands). */
    default boolean isMultiplierFree() {
        return true;
    }

    /** True when the output is the input itself, reinterpreted (flatten): it needs no memory of its own. */
    default boolean aliasesInput() {
        return false;
    }
}
