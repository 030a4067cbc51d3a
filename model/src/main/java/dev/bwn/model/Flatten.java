package dev.bwn.model;

/** Reinterprets a CHW tensor as a flat vector in the same memory order; moves no data. */
public record Flatten(String name) implements UnaryLayer {
    @Override
    public String kind() {
        return "flatten";
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.flatten(this);
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
