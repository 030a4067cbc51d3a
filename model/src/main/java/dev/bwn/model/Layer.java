package dev.bwn.model;

/**
 * One layer of the integer network. Each kind carries its reference semantics here;
 * its C template, Verilog template and estimator live in parallel, same-named places in codegen.
 */
public sealed interface Layer permits WeightedLayer, MaxPool, Flatten {
    String name();

    /** The kind as spelled in {@code *.bwn.json}. */
    String kind();

    /** Output shape for the given input shape; throws {@link IllegalArgumentException} when the input does not fit. */
    Shape outputShape(Shape input);

    ActivationType outputType(ActivationType input);

    /** Bit-exact reference: {@code input} is CHW, every value within {@code inputType}. */
    int[] forward(int[] input, Shape inputShape, ActivationType inputType);
}
