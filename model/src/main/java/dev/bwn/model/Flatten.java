package dev.bwn.model;

/** Reinterprets a CHW tensor as a flat vector in the same memory order; moves no data. */
public record Flatten(String name) implements UnaryLayer {
    /** The kind as spelled in {@code *.bwn.json}. */
    public static final String KIND = "flatten";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.flatten(this);
    }

    @Override
    public boolean aliasesInput() {
        return true;
    }

    @Override
    public Shape outputShape(Shape input) {
        return Shape.flat(input.size());
    }

    @Override
    public ActivationType outputType(ActivationType input) {
        return input;
    }

    @Override
    public int[] forward(int[] x, Shape in, ActivationType inType) {
        return x.clone();
    }
}
