package dev.bwn.model.random;

import dev.bwn.model.ActivationType;
import dev.bwn.model.Add;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.Flatten;
import dev.bwn.model.GlobalAvgPool;
import dev.bwn.model.Layer;
import dev.bwn.model.MaxPool;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.Requant;
import dev.bwn.model.RequantMode;
import dev.bwn.model.Shape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded random graphs: a conv stem, residual blocks (identity skips, 1x1-conv projection skips with stride, blocks
 * nested in the main path), max-pools between blocks, then global average pooling or flatten, dense layers (some
 * with a residual add over the flat vector) and the logits; sometimes the global pool is the last layer. Every kind
 * appears; all within the documented limits. The same seed and options give the same network.
 */
final class RandomGraphs {
    private static final int SAMPLES = 6;
    private static final ActivationType RAW = new ActivationType(32, true);
    private final SplittableRandom rnd;
    private final RandomNetworks.GraphOptions o;
    private final List<Layer> layers = new ArrayList<>();
    private final List<List<String>> inputs = new ArrayList<>();
    private final Map<String, Shape> shapes = new HashMap<>();
    private final Map<String, ActivationType> types = new HashMap<>();
    /** Each tensor for a few random inputs, so requantization can be chosen from the values that really occur. */
    private final Map<String, List<int[]>> samples = new HashMap<>();
    private int counter;

    private RandomGraphs(long seed, RandomNetworks.GraphOptions o) {
        this.rnd = new SplittableRandom(seed);
        this.o = o;
    }

    static Network generate(long seed, RandomNetworks.GraphOptions o) {
        return new RandomGraphs(seed, o).build(seed);
    }

    private Network build(long seed) {
        String input = "image";
        Shape inputShape = new Shape(1 + rnd.nextInt(3), 2 + rnd.nextInt(o.maxSpatial() - 1), 2 + rnd.nextInt(o.maxSpatial() - 1));
        ActivationType inputType = o.randomInputType() ? hiddenType() : ActivationType.UINT8;
        shapes.put(input, inputShape);
        types.put(input, inputType);
        List<int[]> inputSamples = new ArrayList<>();
        for (int v = 0; v < SAMPLES; v++) {
            int[] x = new int[inputShape.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (int) (inputType.min() + rnd.nextLong(inputType.max() - inputType.min() + 1));
            }
            inputSamples.add(x);
        }
        samples.put(input, inputSamples);
        String t = conv(input, 1 + rnd.nextInt(o.maxChannels()), odd(), 1);
        int blocks = 1 + rnd.nextInt(o.maxBlocks());
        for (int b = 0; b < blocks; b++) {
            t = block(t, 0);
            Shape s = shapes.get(t);
            if (s.height() >= 2 && s.width() >= 2 && rnd.nextInt(4) == 0) {
                t = add(new MaxPool("pool" + counter, 2, 2, 2, 2), t);
            }
        }
        int ending = rnd.nextInt(6);
        if (ending == 0 && shapes.get(t).channels() >= 2) {
            // the global pool writes the class scores itself
            t = globalAvgPool(t, logitType());
        } else {
            t = ending % 2 == 0 ? globalAvgPool(t, hiddenType()) : add(new Flatten("flatten" + counter), t);
            if (rnd.nextInt(3) == 0) {
                // a residual add over the flat vector: the dense branch keeps the width
                String branch = dense(t, shapes.get(t).channels(), hiddenType());
                t = sum(t, branch);
            }
            for (int d = rnd.nextInt(o.maxDenseLayers() + 1); d > 0; d--) {
                t = dense(t, 1 + rnd.nextInt(o.maxFeatures()), hiddenType());
            }
            dense(t, 2 + rnd.nextInt(9), logitType());
        }
        Provenance p = new Provenance("bwn random generator", "random", "random graph", "random", seed, null, null, Map.of());
        return new Network("graph_" + Long.toUnsignedString(seed, 36), p, input, inputShape, inputType, o.requantMode(), layers, inputs);
    }

    /**
     * A residual block: main path conv (stride 1 or 2) then a conv or, below the nesting limit, a nested block; the
     * skip is the block input itself when the shape is kept, else a 1x1 conv with the same stride (a projection).
     */
    private String block(String in, int depth) {
        Shape s = shapes.get(in);
        // only outermost blocks stride, so a nested block keeps the spatial size its enclosing skip expects
        int stride = depth == 0 && s.height() >= 3 && s.width() >= 3 && rnd.nextInt(3) == 0 ? 2 : 1;
        int channels = stride == 1 && rnd.nextBoolean() ? s.channels() : 1 + rnd.nextInt(o.maxChannels());
        String main = conv(in, channels, odd(), stride);
        main = depth < o.maxNesting() && rnd.nextInt(3) == 0 ? block(main, depth + 1) : conv(main, channels, odd(), 1);
        Shape out = shapes.get(main);
        boolean identity = out.equals(s) && rnd.nextInt(4) != 0;
        String skip = identity ? in : conv(in, out.channels(), 1, stride);
        return rnd.nextBoolean() ? sum(skip, main) : sum(main, skip);
    }

    private int odd() {
        return rnd.nextBoolean() ? 1 : 3;
    }

    /** Kernel k (odd), padding k/2: the output is ceil(size/stride), the same as a 1x1 conv with that stride. */
    private String conv(String in, int out, int kernel, int stride) {
        Shape s = shapes.get(in);
        var weights = RandomNetworks.randomWeights(rnd, out, s.channels() * kernel * kernel);
        Conv2d raw = new Conv2d("conv" + counter, out, kernel, kernel, stride, stride, kernel / 2, kernel / 2, weights,
                unit(out), RAW);
        ActivationType outType = hiddenType();
        Requant q = calibrated(rawSums(raw, in), raw.outputShape(s), outType);
        return add(new Conv2d(raw.name(), out, kernel, kernel, stride, stride, kernel / 2, kernel / 2, weights, q, outType), in);
    }

    private String dense(String in, int out, ActivationType outType) {
        var weights = RandomNetworks.randomWeights(rnd, out, shapes.get(in).size());
        Dense raw = new Dense("dense" + counter, out, weights, unit(out), RAW);
        Requant q = calibrated(rawSums(raw, in), Shape.flat(out), outType);
        return add(new Dense(raw.name(), out, weights, q, outType), in);
    }

    private String globalAvgPool(String in, ActivationType outType) {
        int channels = shapes.get(in).channels();
        GlobalAvgPool raw = new GlobalAvgPool("gap" + counter, unit(channels), RAW);
        Requant q = calibrated(rawSums(raw, in), Shape.flat(channels), outType);
        return add(new GlobalAvgPool(raw.name(), q, outType), in);
    }

    /** Each input scaled by its own multiplier (+-2^k in shift mode); shift and bias fitted to the sums that occur. */
    private String sum(String a, String b) {
        Shape shape = shapes.get(a);
        int channels = shape.channels();
        int plane = shape.height() * shape.width();
        int[][] m = new int[Add.INPUTS][channels];
        long[] bias = new long[channels];
        int[] shift = new int[channels];
        ActivationType outType = hiddenType();
        for (int c = 0; c < channels; c++) {
            m[0][c] = multiplier();
            m[1][c] = multiplier();
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            for (int v = 0; v < SAMPLES; v++) {
                int[] x0 = samples.get(a).get(v);
                int[] x1 = samples.get(b).get(v);
                for (int i = c * plane; i < (c + 1) * plane; i++) {
                    long sum = (long) x0[i] * m[0][c] + (long) x1[i] * m[1][c];
                    lo = Math.min(lo, sum);
                    hi = Math.max(hi, sum);
                }
            }
            long[] fitted = fit(lo, hi, outType);
            shift[c] = (int) fitted[0];
            bias[c] = fitted[1];
        }
        return add(new Add("add" + counter, m, bias, shift, outType), a, b);
    }

    /** The layer's accumulators (multiplier 1, no bias, no shift, 32-bit output) for every sample. */
    private List<int[]> rawSums(Layer raw, String in) {
        List<int[]> sums = new ArrayList<>();
        for (int[] x : samples.get(in)) {
            sums.add(raw.forward(List.of(x), List.of(shapes.get(in)), List.of(types.get(in))));
        }
        return sums;
    }

    /** Per channel: a random multiplier, then shift and bias that spread the observed sums over the output range. */
    private Requant calibrated(List<int[]> sums, Shape out, ActivationType outType) {
        int channels = out.channels();
        int plane = out.height() * out.width();
        int[] m = new int[channels];
        long[] bias = new long[channels];
        int[] shift = new int[channels];
        for (int c = 0; c < channels; c++) {
            m[c] = multiplier();
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            for (int[] acc : sums) {
                for (int i = c * plane; i < (c + 1) * plane; i++) {
                    lo = Math.min(lo, (long) acc[i] * m[c]);
                    hi = Math.max(hi, (long) acc[i] * m[c]);
                }
            }
            long[] fitted = fit(lo, hi, outType);
            shift[c] = (int) fitted[0];
            bias[c] = fitted[1];
        }
        return new Requant(m, bias, shift);
    }

    private int multiplier() {
        int m = o.requantMode() == RequantMode.SHIFT ? 1 << rnd.nextInt(7) : 1 + rnd.nextInt(4096);
        return rnd.nextInt(8) == 0 ? -m : m;
    }

    /**
     * {shift, bias} mapping sums in lo..hi onto about half to all of the output range, centred near zero for signed
     * outputs and in the lower middle for unsigned ones (so a ReLU clamps some values, not all).
     */
    private long[] fit(long lo, long hi, ActivationType out) {
        double span = (double) out.max() - out.min();
        int shift = 0;
        while (shift < Requant.MAX_SHIFT && (double) ((hi - lo) >> shift) > span * 0.7) {
            shift++;
        }
        shift = Math.min(Requant.MAX_SHIFT, shift + rnd.nextInt(2));
        double mid = lo / 2.0 + hi / 2.0;
        double target = out.signed() ? (rnd.nextDouble() - 0.5) * span * 0.2 : out.min() + span * (0.3 + 0.2 * rnd.nextDouble());
        double bias = target * Math.pow(2, shift) - mid;
        long clamped = (long) Math.max(-Requant.MAX_ABS_BIAS, Math.min(Requant.MAX_ABS_BIAS, Math.rint(bias)));
        return new long[]{shift, clamped};
    }

    private static Requant unit(int channels) {
        int[] ones = new int[channels];
        java.util.Arrays.fill(ones, 1);
        return new Requant(ones, new long[channels], new int[channels]);
    }

    private String add(Layer layer, String... reads) {
        List<String> names = List.of(reads);
        layers.add(layer);
        inputs.add(names);
        shapes.put(layer.name(), layer.outputShape(names.stream().map(shapes::get).toList()));
        types.put(layer.name(), layer.outputType(names.stream().map(types::get).toList()));
        List<int[]> out = new ArrayList<>();
        for (int v = 0; v < SAMPLES; v++) {
            int sample = v;
            out.add(layer.forward(names.stream().map(n -> samples.get(n).get(sample)).toList(),
                    names.stream().map(shapes::get).toList(), names.stream().map(types::get).toList()));
        }
        samples.put(layer.name(), out);
        counter++;
        return layer.name();
    }

    private ActivationType hiddenType() {
        int bits = o.minActivationBits() + rnd.nextInt(o.maxActivationBits() - o.minActivationBits() + 1);
        return new ActivationType(bits, rnd.nextInt(3) == 0);
    }

    private ActivationType logitType() {
        return new ActivationType(16 + rnd.nextInt(17), true);
    }
}
