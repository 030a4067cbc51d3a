package dev.bwn.model.random;

import dev.bwn.model.ActivationType;
import dev.bwn.model.BinaryWeights;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.Flatten;
import dev.bwn.model.Layer;
import dev.bwn.model.MaxPool;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.Requant;
import dev.bwn.model.RequantMode;
import dev.bwn.model.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Seeded random networks for every backend's tests: random stacks of conv2d (with stride and padding),
 * max-pool, flatten and dense, random activation widths and signedness, and requantization parameters
 * chosen so outputs spread over their range rather than saturate. The same seed gives the same network.
 */
public final class RandomNetworks {
    /** Knobs for the generator. */
    public record Options(int maxConvLayers, int maxDenseLayers, int maxChannels, int maxSpatial, int maxFeatures,
                          int minActivationBits, int maxActivationBits, RequantMode requantMode, boolean randomInputType) {
        public static Options defaults() {
            return new Options(2, 2, 8, 12, 48, 2, 8, RequantMode.MULTIPLY, false);
        }

        public Options withRequantMode(RequantMode mode) {
            return new Options(maxConvLayers, maxDenseLayers, maxChannels, maxSpatial, maxFeatures, minActivationBits,
                    maxActivationBits, mode, randomInputType);
        }

        public Options withActivationBits(int min, int max) {
            return new Options(maxConvLayers, maxDenseLayers, maxChannels, maxSpatial, maxFeatures, min, max, requantMode,
                    randomInputType);
        }

        public Options denseOnly() {
            return new Options(0, maxDenseLayers, maxChannels, maxSpatial, maxFeatures, minActivationBits, maxActivationBits,
                    requantMode, randomInputType);
        }
    }

    /** Knobs for the graph generator ({@link #generateGraph}). */
    public record GraphOptions(int maxBlocks, int maxNesting, int maxDenseLayers, int maxChannels, int maxSpatial,
                               int maxFeatures, int minActivationBits, int maxActivationBits, RequantMode requantMode,
                               boolean randomInputType) {
        public static GraphOptions defaults() {
            return new GraphOptions(3, 2, 1, 6, 10, 32, 2, 8, RequantMode.MULTIPLY, false);
        }

        public GraphOptions withRequantMode(RequantMode mode) {
            return new GraphOptions(maxBlocks, maxNesting, maxDenseLayers, maxChannels, maxSpatial, maxFeatures,
                    minActivationBits, maxActivationBits, mode, randomInputType);
        }

        public GraphOptions withActivationBits(int min, int max) {
            return new GraphOptions(maxBlocks, maxNesting, maxDenseLayers, maxChannels, maxSpatial, maxFeatures, min, max,
                    requantMode, randomInputType);
        }

        public GraphOptions withRandomInputType() {
            return new GraphOptions(maxBlocks, maxNesting, maxDenseLayers, maxChannels, maxSpatial, maxFeatures,
                    minActivationBits, maxActivationBits, requantMode, true);
        }
    }

    private RandomNetworks() {
    }

    /**
     * A random graph: residual blocks with identity and 1x1-conv projection skips (strides, nested blocks), max-pools,
     * global average pooling or flatten, dense layers, residual adds over flat vectors. Same seed, same network.
     */
    public static Network generateGraph(long seed) {
        return generateGraph(seed, GraphOptions.defaults());
    }

    public static Network generateGraph(long seed, GraphOptions options) {
        return RandomGraphs.generate(seed, options);
    }

    public static Network generate(long seed) {
        return generate(seed, Options.defaults());
    }

    public static Network generate(long seed, Options o) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Layer> layers = new ArrayList<>();
        int convLayers = o.maxConvLayers() == 0 ? 0 : rnd.nextInt(o.maxConvLayers() + 1);
        Shape shape = convLayers == 0
                ? Shape.flat(1 + rnd.nextInt(o.maxFeatures() * 2))
                : new Shape(1 + rnd.nextInt(3), 3 + rnd.nextInt(o.maxSpatial() - 2), 3 + rnd.nextInt(o.maxSpatial() - 2));
        ActivationType inputType = o.randomInputType() ? randomType(rnd, o) : ActivationType.UINT8;
        Shape inputShape = shape;
        ActivationType type = inputType;
        int index = 0;
        for (int i = 0; i < convLayers; i++) {
            int kh = 1 + rnd.nextInt(Math.min(4, shape.height()));
            int kw = 1 + rnd.nextInt(Math.min(4, shape.width()));
            int padY = rnd.nextInt(kh);
            int padX = rnd.nextInt(kw);
            int strideY = 1 + rnd.nextInt(2);
            int strideX = 1 + rnd.nextInt(2);
            int out = 1 + rnd.nextInt(o.maxChannels());
            int fanIn = shape.channels() * kh * kw;
            ActivationType outType = randomType(rnd, o);
            Conv2d conv = new Conv2d("conv" + index++, out, kh, kw, strideY, strideX, padY, padX,
                    randomWeights(rnd, out, fanIn), randomRequant(rnd, out, fanIn, type, outType, o.requantMode()), outType);
            shape = conv.outputShape(shape);
            type = outType;
            layers.add(conv);
            if (shape.height() >= 2 && shape.width() >= 2 && rnd.nextInt(2) == 0) {
                int k = 2;
                int s = 1 + rnd.nextInt(2);
                MaxPool pool = new MaxPool("pool" + index++, k, k, s, s);
                shape = pool.outputShape(shape);
                layers.add(pool);
            }
        }
        if (!shape.isFlat()) {
            layers.add(new Flatten("flatten" + index++));
            shape = Shape.flat(shape.size());
        }
        int denseLayers = rnd.nextInt(o.maxDenseLayers() + 1);
        for (int i = 0; i <= denseLayers; i++) {
            boolean last = i == denseLayers;
            int out = last ? 2 + rnd.nextInt(9) : 1 + rnd.nextInt(o.maxFeatures());
            ActivationType outType = last ? new ActivationType(16 + rnd.nextInt(17), true) : randomType(rnd, o);
            int fanIn = shape.size();
            Dense dense = new Dense((last ? "logits" : "dense") + index++, out, randomWeights(rnd, out, fanIn),
                    randomRequant(rnd, out, fanIn, type, outType, o.requantMode()), outType);
            shape = dense.outputShape(shape);
            type = outType;
            layers.add(dense);
        }
        Provenance p = new Provenance("bwn random generator", "random", "random", "random", seed, null, null, java.util.Map.of());
        return new Network("random_" + Long.toUnsignedString(seed, 36), p, inputShape, inputType, o.requantMode(), layers);
    }

    private static ActivationType randomType(SplittableRandom rnd, Options o) {
        int bits = o.minActivationBits() + rnd.nextInt(o.maxActivationBits() - o.minActivationBits() + 1);
        return new ActivationType(bits, rnd.nextInt(3) == 0);
    }

    public static BinaryWeights randomWeights(SplittableRandom rnd, int rows, int rowLength) {
        int[][] signs = new int[rows][rowLength];
        for (int[] row : signs) {
            for (int i = 0; i < rowLength; i++) {
                row[i] = rnd.nextBoolean() ? 1 : -1;
            }
        }
        return BinaryWeights.fromSigns(signs);
    }

    /**
     * Scales a typical accumulator (about sqrt(fanIn) times the typical input) onto the output range, with a random
     * multiplier, a matching shift, and a bias of up to half the output range; a few channels get a negative multiplier.
     */
    public static Requant randomRequant(SplittableRandom rnd, int channels, int fanIn, ActivationType in, ActivationType out,
                                        RequantMode mode) {
        int[] m = new int[channels];
        long[] b = new long[channels];
        int[] s = new int[channels];
        double typicalAcc = Math.sqrt(fanIn) * Math.max(1, Math.max(in.max(), -in.min())) / 2.0;
        double outSpan = (double) out.max() - out.min();
        for (int c = 0; c < channels; c++) {
            int mult = mode == RequantMode.SHIFT ? 1 << rnd.nextInt(15) : 1 + rnd.nextInt(Requant.MAX_ABS_MULTIPLIER);
            if (rnd.nextInt(8) == 0) {
                mult = -mult;
            }
            double wanted = typicalAcc * Math.abs(mult) / Math.max(1.0, outSpan / 2);
            int shift = (int) Math.max(0, Math.min(Requant.MAX_SHIFT, Math.round(Math.log(Math.max(1.0, wanted)) / Math.log(2)) + rnd.nextInt(3) - 1));
            long halfRange = (long) Math.min(Requant.MAX_ABS_BIAS, Math.max(1.0, outSpan / 2 * Math.pow(2, shift)));
            long bias = rnd.nextLong(-halfRange, halfRange + 1);
            if (out.signed() == false) {
                bias += halfRange / 2; // centre unsigned outputs so the ReLU clamps some, not all
                bias = Math.min(bias, Requant.MAX_ABS_BIAS);
            }
            m[c] = mult;
            b[c] = bias;
            s[c] = shift;
        }
        return new Requant(m, b, s);
    }

    /** {@code count} random inputs of the network's input type; the first two are all-minimum and all-maximum. */
    public static List<int[]> randomInputs(Network net, int count, long seed) {
        Random rnd = new Random(seed);
        List<int[]> out = new ArrayList<>();
        ActivationType t = net.inputType();
        for (int v = 0; v < count; v++) {
            int[] x = new int[net.inputSize()];
            for (int i = 0; i < x.length; i++) {
                if (v == 0) {
                    x[i] = (int) t.min();
                } else if (v == 1) {
                    x[i] = (int) t.max();
                } else {
                    x[i] = (int) (t.min() + (long) (rnd.nextDouble() * (t.max() - t.min() + 1)));
                }
            }
            out.add(x);
        }
        return out;
    }
}
