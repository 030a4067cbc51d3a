package dev.bwn.model;

/**
 * 2-D convolution with binary weights, zero padding and stride, then requantization.
 * Weight row {@code oc} holds the fan-in in (inChannel, ky, kx) order. Padded positions read 0.
 */
public record Conv2d(String name, int outChannels, int kernelHeight, int kernelWidth, int strideY, int strideX,
                     int padY, int padX, BinaryWeights weights, Requant requant, ActivationType output)
        implements WeightedLayer {
    /** The kind as spelled in {@code *.bwn.json}. */
    public static final String KIND = "conv2d";


    public Conv2d {
        if (outChannels < 1 || kernelHeight < 1 || kernelWidth < 1 || strideY < 1 || strideX < 1 || padY < 0 || padX < 0) {
            throw new IllegalArgumentException("conv2d " + name + ": dimensions must be positive and padding non-negative");
        }
        if (padY >= kernelHeight || padX >= kernelWidth) {
            throw new IllegalArgumentException("conv2d " + name + ": padding must be smaller than the kernel");
        }
        if (weights.rows() != outChannels || requant.channels() != outChannels) {
            throw new IllegalArgumentException("conv2d " + name + ": weights and requant need one row per output channel");
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.conv2d(this);
    }

    @Override
    public int outputChannels() {
        return outChannels;
    }

    @Override
    public int fanIn(Shape input) {
        return input.channels() * kernelHeight * kernelWidth;
    }

    @Override
    public Shape outputShape(Shape input) {
        if (weights.rowLength() != fanIn(input)) {
            throw new IllegalArgumentException("conv2d " + name + ": weight rows hold " + weights.rowLength()
                    + " bits but input " + input + " with a " + kernelHeight + "x" + kernelWidth + " kernel needs " + fanIn(input));
        }
        int h = Shape.slide(input.height(), kernelHeight, strideY, padY);
        int w = Shape.slide(input.width(), kernelWidth, strideX, padX);
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException("conv2d " + name + ": kernel " + kernelHeight + "x" + kernelWidth
                    + " does not fit input " + input + " with padding " + padY + "," + padX);
        }
        return new Shape(outChannels, h, w);
    }

    @Override
    public long binaryMacs(Shape input) {
        Shape out = outputShape(input);
        return (long) out.size() * fanIn(input);
    }

    @Override
    public int[] forward(int[] x, Shape in, ActivationType inType) {
        Shape out = outputShape(in);
        byte[] s = weights.signsView();
        int fanIn = fanIn(in);
        int[] y = new int[out.size()];
        for (int oc = 0; oc < outChannels; oc++) {
            int rowBase = oc * fanIn;
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    long acc = 0;
                    for (int c = 0; c < in.channels(); c++) {
                        for (int ky = 0; ky < kernelHeight; ky++) {
                            int iy = oy * strideY - padY + ky;
                            if (iy < 0 || iy >= in.height()) {
                                continue;
                            }
                            int xBase = (c * in.height() + iy) * in.width();
                            int wBase = rowBase + (c * kernelHeight + ky) * kernelWidth;
                            for (int kx = 0; kx < kernelWidth; kx++) {
                                int ix = ox * strideX - padX + kx;
                                if (ix >= 0 && ix < in.width()) {
                                    acc += s[wBase + kx] * x[xBase + ix];
                                }
                            }
                        }
                    }
                    y[(oc * out.height() + oy) * out.width() + ox] = requant.apply(oc, acc, output);
                }
            }
        }
        return y;
    }
}
