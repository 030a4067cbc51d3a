package dev.bwn.codegen.verilog;

import dev.bwn.model.Add;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.Flatten;
import dev.bwn.model.GlobalAvgPool;
import dev.bwn.model.LayerInfo;
import dev.bwn.model.LayerVisitor;
import dev.bwn.model.MaxPool;
import dev.bwn.model.RescaledSum;
import dev.bwn.model.Shape;
import dev.bwn.model.WeightedLayer;

import java.util.List;

/**
 * The per-kind lowering of {@link SequentialProgram}, one {@link LayerVisitor} method per layer kind (a new kind fails
 * to compile here until the engine handles or refuses it): {@link OpBuilder} makes a layer's {@link SequentialOp} and
 * lays out its constants, {@link Arithmetic} gives its per-channel requantization, {@link FlatOrder} says whether it
 * writes its values in the order of the flat network output.
 */
final class SequentialOps {
    private SequentialOps() {
    }

    /** Whether the op of a layer writes its values in the flat order of its output (true for a single pixel or an add). */
    record FlatOrder(Shape out) implements LayerVisitor<Boolean> {
        @Override
        public Boolean conv2d(Conv2d layer) {
            return out.height() * out.width() == 1;
        }

        @Override
        public Boolean dense(Dense layer) {
            return true;
        }

        @Override
        public Boolean maxPool(MaxPool layer) {
            return false;
        }

        @Override
        public Boolean flatten(Flatten layer) {
            return false;
        }

        @Override
        public Boolean add(Add layer) {
            return true;
        }

        @Override
        public Boolean globalAvgPool(GlobalAvgPool layer) {
            return true;
        }
    }

    /** The per-channel arithmetic a layer requantizes with, or null. */
    static final class Arithmetic implements LayerVisitor<RescaledSum> {
        @Override
        public RescaledSum conv2d(Conv2d layer) {
            return RescaledSum.of(layer.requant());
        }

        @Override
        public RescaledSum dense(Dense layer) {
            return RescaledSum.of(layer.requant());
        }

        @Override
        public RescaledSum maxPool(MaxPool layer) {
            return null;
        }

        @Override
        public RescaledSum flatten(Flatten layer) {
            return null;
        }

        @Override
        public RescaledSum add(Add layer) {
            return layer.sum();
        }

        @Override
        public RescaledSum globalAvgPool(GlobalAvgPool layer) {
            return RescaledSum.of(layer.requant());
        }
    }

    /** Builds one layer's op and appends its constants. */
    static final class OpBuilder implements LayerVisitor<SequentialOp> {
        private final LayerInfo info;
        private final int[] root;
        private final int[] base;
        private final int output;
        private final int lanes;
        private final int offsetWords;
        private final List<Integer> params;
        private final List<Integer> weights;
        private final long weightStart;

        OpBuilder(LayerInfo info, int[] root, int[] base, int output, int lanes, int offsetWords, List<Integer> params,
                  List<Integer> weights, long weightStart) {
            this.info = info;
            this.root = root;
            this.base = base;
            this.output = output;
            this.lanes = lanes;
            this.offsetWords = offsetWords;
            this.params = params;
            this.weights = weights;
            this.weightStart = weightStart;
        }

        private int inBase(int k) {
            return base[root[info.inputTensors().get(k)]];
        }

        private boolean inSigned(int k) {
            return info.inputTypes().get(k).signed();
        }

        private boolean streams() {
            return info.index() + 1 == output;
        }

        private int paramWords() {
            return 3 + offsetWords;
        }

        /** Appends channel c's constants; returns the first constant's address. */
        private int appendParams(RescaledSum sum) {
            int first = params.size();
            for (int c = 0; c < sum.channels(); c++) {
                params.add(sum.multiplier(0, c) & 0xFFFF);
                params.add(sum.terms() > 1 ? sum.multiplier(1, c) & 0xFFFF : 0);
                long offset = sum.offset(c);
                for (int k = 0; k < offsetWords; k++) {
                    params.add((int) ((offset >> (SequentialProgram.WORD_BITS * k)) & 0xFFFF));
                }
                params.add(sum.shift(c));
            }
            return first;
        }

        private SequentialOp convolve(WeightedLayer layer, int kernelHeight, int kernelWidth, int strideY, int strideX,
                                      int padY, int padX) {
            Shape in = info.inputShape();
            int inHeight = in.height();
            int inWidth = in.width();
            int channels = in.channels();
            Shape out = info.outputShape();
            int outChannels = layer.outputChannels();
            int groups = Bits.ceilDiv(outChannels, lanes);
            int fanIn = channels * kernelHeight * kernelWidth;
            int weightBase = (int) (weightStart + weights.size());
            for (int g = 0; g < groups; g++) {
                for (int i = 0; i < fanIn; i++) {
                    int word = 0;
                    for (int p = 0; p < lanes && g * lanes + p < outChannels; p++) {
                        if (layer.weights().sign(g * lanes + p, i) > 0) {
                            word |= 1 << p;
                        }
                    }
                    weights.add(word);
                }
            }
            int paramBase = appendParams(RescaledSum.of(layer.requant()));
            int outPlane = out.height() * out.width();
            int inPlane = inHeight * inWidth;
            return new SequentialOp(info.index(), layer.name(), SequentialOp.Kind.CONVOLVE, inBase(0), inSigned(0), 0, false,
                    streams() ? 0 : base[info.index() + 1], out.height(), out.width(), groups, lanes,
                    outChannels - (groups - 1) * lanes, channels, kernelHeight, kernelWidth, inHeight, inWidth, inPlane,
                    strideY, strideX, padY, padX, inBase(0) - padY * inWidth - padX, strideY * inWidth, 0,
                    lanes * outPlane, outPlane, weightBase, paramBase, lanes * paramWords(),
                    layer.output().min(), layer.output().max(), streams());
        }

        @Override
        public SequentialOp conv2d(Conv2d l) {
            return convolve(l, l.kernelHeight(), l.kernelWidth(), l.strideY(), l.strideX(), l.padY(), l.padX());
        }

        @Override
        public SequentialOp dense(Dense l) {
            return convolve(l, 1, 1, 1, 1, 0, 0);
        }

        @Override
        public SequentialOp maxPool(MaxPool l) {
            Shape in = info.inputShape();
            Shape out = info.outputShape();
            int inPlane = in.height() * in.width();
            int outPlane = out.height() * out.width();
            return new SequentialOp(info.index(), l.name(), SequentialOp.Kind.MAXIMUM, inBase(0), inSigned(0), 0, false,
                    base[info.index() + 1], out.height(), out.width(), in.channels(), 1, 1, 1, l.kernelHeight(),
                    l.kernelWidth(), in.height(), in.width(), inPlane, l.strideY(), l.strideX(), 0, 0, inBase(0),
                    l.strideY() * in.width(), inPlane, outPlane, 1, 0, 0, 0, info.outputType().min(),
                    info.outputType().max(), false);
        }

        @Override
        public SequentialOp flatten(Flatten l) {
            throw new IllegalStateException("internal: a flatten has no op");
        }

        @Override
        public SequentialOp add(Add l) {
            Shape s = info.outputShape();
            int plane = s.height() * s.width();
            int paramBase = appendParams(l.sum());
            return new SequentialOp(info.index(), l.name(), SequentialOp.Kind.ADD, inBase(0), inSigned(0), inBase(1),
                    inSigned(1), streams() ? 0 : base[info.index() + 1], s.channels(), plane, 1, 1, 1, 2, 1, 1, s.height(),
                    s.width(), plane, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, paramBase, paramWords(), l.output().min(), l.output().max(),
                    streams());
        }

        @Override
        public SequentialOp globalAvgPool(GlobalAvgPool l) {
            Shape in = info.inputShape();
            int inPlane = in.height() * in.width();
            int paramBase = appendParams(RescaledSum.of(l.requant()));
            return new SequentialOp(info.index(), l.name(), SequentialOp.Kind.SUM, inBase(0), inSigned(0), 0, false,
                    streams() ? 0 : base[info.index() + 1], 1, 1, in.channels(), 1, 1, 1, in.height(), in.width(),
                    in.height(), in.width(), inPlane, 1, 1, 0, 0, inBase(0), 0, inPlane, 1, 1, 0, paramBase, paramWords(),
                    l.output().min(), l.output().max(), streams());
        }
    }
}
