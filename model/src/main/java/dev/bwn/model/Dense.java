package dev.bwn.model;

/** Fully connected layer with binary weights over a flat input ({@code [n,1,1]}), then requantization. */
public record Dense(String name, int outFeatures, BinaryWeights weights, Requant requant, ActivationType output)
        implements WeightedLayer {
    /** The kind as spelled in {@code *.bwn.json}. */
    public static final String KIND = "dense";


    public Dense {
        if (outFeatures < 1) {
            throw new IllegalArgumentException("dense " + name + ": outFeatures must be positive");
        }
        if (weights.rows() != outFeatures || requant.channels() != outFeatures) {
            throw new IllegalArgumentException("dense " + name + ": weights and requant need one row per output feature");
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.dense(this);
    }

    @Override
    public int outputChannels() {
        return outFeatures;
    }

    @Override
    public int fanIn(Shape input) {
        return input.size();
    }

    @Override
    public Shape outputShape(Shape input) {
        if (!input.isFlat()) {
            throw new IllegalArgumentException("dense " + name + ": input " + input + " is not flat; insert a flatten layer");
        }
        if (weights.rowLength() != input.size()) {
            throw new IllegalArgumentException("dense " + name + ": weight rows hold " + weights.rowLength()
                    + " bits but the input has " + input.size() + " elements");
        }
        return Shape.flat(outFeatures);
    }

    @Override
    public long binaryMacs(Shape input) {
        return (long) outFeatures * input.size();
    }

    @Override
    public int[] forward(int[] x, Shape in, ActivationType inType) {
        outputShape(in);
        byte[] s = weights.signsView();
        int n = x.length;
        int[] y = new int[outFeatures];
        for (int o = 0; o < outFeatures; o++) {
            long acc = 0;
            int base = o * n;
            for (int i = 0; i < n; i++) {
                acc += s[base + i] * x[i];
            }
            y[o] = requant.apply(o, acc, output);
        }
        return y;
    }
}
