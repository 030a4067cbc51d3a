package dev.bwn.hwtests.verilog;

import dev.bwn.model.ActivationType;
import dev.bwn.model.Add;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.GlobalAvgPool;
import dev.bwn.model.Layer;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.RequantMode;
import dev.bwn.model.Shape;
import dev.bwn.model.random.RandomNetworks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Small random residual networks for the Verilog graph tests (until the model's random graph generator lands): a
 * conv2d stem, one to three residual blocks (identity skips, 1x1-conv projection skips with stride 2, blocks nested in
 * a block's main path), then global average pooling or a flatten, and dense logits. Seeded and deterministic.
 */
final class ResidualGraphs {
    private ResidualGraphs() {
    }

    private static final class Builder {
        final SplittableRandom rnd;
        final RequantMode mode;
        final List<Layer> layers = new ArrayList<>();
        final List<List<String>> inputs = new ArrayList<>();
        int index;

        Builder(SplittableRandom rnd, RequantMode mode) {
            this.rnd = rnd;
            this.mode = mode;
        }

        ActivationType type() {
            return new ActivationType(2 + rnd.nextInt(7), rnd.nextInt(3) == 0);
        }

        /** Appends a layer reading the named tensors; returns its tensor. */
        Tensor add(Layer layer, Shape shape, ActivationType type, String... reads) {
            layers.add(layer);
            inputs.add(List.of(reads));
            return new Tensor(layer.name(), shape, type);
        }

        Tensor conv(Tensor x, int out, int k, int stride) {
            ActivationType t = type();
            int pad = k / 2;
            Conv2d c = new Conv2d("conv" + index++, out, k, k, stride, stride, pad, pad,
                    RandomNetworks.randomWeights(rnd, out, x.shape.channels() * k * k),
                    RandomNetworks.randomRequant(rnd, out, x.shape.channels() * k * k, x.type, t, mode), t);
            return add(c, c.outputShape(x.shape), t, x.name);
        }

        Tensor sum(Tensor a, Tensor b) {
            int channels = a.shape.channels();
            int[][] m = new int[2][channels];
            long[] bias = new long[channels];
            int[] shift = new int[channels];
            ActivationType t = type();
            for (int c = 0; c < channels; c++) {
                for (int k = 0; k < 2; k++) {
                    int v = mode == RequantMode.SHIFT ? 1 << rnd.nextInt(7) : 1 + rnd.nextInt(2000);
                    m[k][c] = rnd.nextInt(6) == 0 ? -v : v;
                }
                shift[c] = rnd.nextInt(12);
                bias[c] = rnd.nextLong(-(1L << 10), 1L << 10);
            }
            return add(new Add("add" + index++, m, bias, shift, t), a.shape, t, a.name, b.name);
        }

        /** A residual block; one nested in a main path keeps its shape (an identity skip), so the outer add still fits. */
        Tensor block(Tensor x, int depth) {
            boolean project = depth == 0 && x.shape.height() >= 4 && x.shape.width() >= 4 && rnd.nextBoolean();
            int out = project ? 1 + rnd.nextInt(6) : x.shape.channels();
            Tensor main = conv(x, out, 1 + 2 * rnd.nextInt(2), project ? 2 : 1);
            if (depth < 1 && rnd.nextInt(3) == 0) {
                main = block(main, depth + 1);
            } else {
                main = conv(main, out, 1 + 2 * rnd.nextInt(2), 1);
            }
            Tensor skip = project ? conv(x, out, 1, 2) : x;
            return rnd.nextBoolean() ? sum(main, skip) : sum(skip, main);
        }
    }

    record Tensor(String name, Shape shape, ActivationType type) {
    }

    static Network generate(long seed, RequantMode mode) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Builder b = new Builder(rnd, mode);
        Shape inShape = new Shape(1 + rnd.nextInt(3), 4 + rnd.nextInt(5), 4 + rnd.nextInt(5));
        ActivationType inType = ActivationType.UINT8;
        Tensor x = b.conv(new Tensor("input", inShape, inType), 1 + rnd.nextInt(6), 3, 1);
        int blocks = 1 + rnd.nextInt(3);
        for (int i = 0; i < blocks; i++) {
            x = b.block(x, 0);
        }
        if (rnd.nextInt(4) != 0) {
            ActivationType t = b.type();
            int hw = x.shape().height() * x.shape().width();
            GlobalAvgPool gap = new GlobalAvgPool("gap" + b.index++,
                    RandomNetworks.randomRequant(rnd, x.shape().channels(), hw * hw, x.type(), t, mode), t);
            x = b.add(gap, gap.outputShape(x.shape()), t, x.name());
        }
        int classes = 2 + rnd.nextInt(9);
        ActivationType logits = new ActivationType(16 + rnd.nextInt(9), true);
        int fanIn = x.shape().size();
        Dense d = new Dense("logits" + b.index++, classes, RandomNetworks.randomWeights(rnd, classes, fanIn),
                RandomNetworks.randomRequant(rnd, classes, fanIn, x.type(), logits, mode), logits);
        if (!x.shape().isFlat()) {
            dev.bwn.model.Flatten f = new dev.bwn.model.Flatten("flatten" + b.index++);
            x = b.add(f, Shape.flat(x.shape().size()), x.type(), x.name());
        }
        b.add(d, new Shape(classes, 1, 1), logits, x.name());
        Provenance p = new Provenance("bwn residual test graphs", "random", "random", "random", seed, null, null, Map.of());
        return new Network("resgraph_" + Long.toUnsignedString(seed, 36), p, "input", inShape, inType, mode, b.layers, b.inputs);
    }
}
