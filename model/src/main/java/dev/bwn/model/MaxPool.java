package dev.bwn.model;

/** Max pooling per channel, no padding; windows that would run past the edge are dropped (floor). */
public record MaxPool(String name, int kernelHeight, int kernelWidth, int strideY, int strideX) implements UnaryLayer {
    /** The kind as spelled in {@code *.bwn.json}. */
    public static final String KIND = "maxpool";

    public MaxPool {
        if (kernelHeight < 1 || kernelWidth < 1 || strideY < 1 || strideX < 1) {
            throw new IllegalArgumentException("maxpool " + name + ": kernel and stride must be positive");
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.maxPool(this);
    }

    @Override
    public Shape outputShape(Shape input) {
        if (kernelHeight > input.height() || kernelWidth > input.width()) {
            throw new IllegalArgumentException("maxpool " + name + ": kernel " + kernelHeight + "x" + kernelWidth
                    + " is larger than input " + input);
        }
        return new Shape(input.channels(), Shape.slide(input.height(), kernelHeight, strideY, 0),
                Shape.slide(input.width(), kernelWidth, strideX, 0));
    }

    @Override
    public ActivationType outputType(ActivationType input) {
        return input;
    }

    @Override
    public int[] forward(int[] x, Shape in, ActivationType inType) {
        Shape out = outputShape(in);
        int[] y = new int[out.size()];
        for (int c = 0; c < in.channels(); c++) {
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    int best = Integer.MIN_VALUE;
                    for (int ky = 0; ky < kernelHeight; ky++) {
                        for (int kx = 0; kx < kernelWidth; kx++) {
                            best = Math.max(best, x[(c * in.height() + oy * strideY + ky) * in.width() + ox * strideX + kx]);
                        }
                    }
                    y[(c * out.height() + oy) * out.width() + ox] = best;
                }
            }
        }
        return y;
    }
}
