package dev.bwn.model;

import java.util.List;

/**
 * What validation and {@link LayerInfo} need from a layer beyond its shapes: its weights and work, the width of the
 * sum it requantizes, and whether it requantizes at all (conv2d, dense, add and globalavgpool compute new values and
 * read at most 16-bit tensors; max-pool and flatten pass values through).
 */
record LayerFigures(int fanIn, int accumulatorBits, long binaryWeights, long packedBytes, long binaryMacs,
                    boolean requantizes, boolean multiplierFree) {

    static final LayerFigures PASS_THROUGH = new LayerFigures(0, 0, 0, 0, 0, false, true);

    static LayerFigures of(Layer layer, List<Shape> inputShapes, List<ActivationType> inputTypes) {
        return layer.accept(new LayerVisitor<>() {
            @Override
            public LayerFigures conv2d(Conv2d l) {
                return weighted(l);
            }

            @Override
            public LayerFigures dense(Dense l) {
                return weighted(l);
            }

            @Override
            public LayerFigures maxPool(MaxPool l) {
                return PASS_THROUGH;
            }

            @Override
            public LayerFigures flatten(Flatten l) {
                return PASS_THROUGH;
            }

            @Override
            public LayerFigures add(Add l) {
                return new LayerFigures(0, l.accumulatorBits(inputTypes), 0, 0, 0, true, l.isMultiplierFree());
            }

            @Override
            public LayerFigures globalAvgPool(GlobalAvgPool l) {
                int bits = GlobalAvgPool.accumulatorRange(inputShapes.get(0), inputTypes.get(0)).signedBits();
                return new LayerFigures(0, bits, 0, 0, 0, true, l.requant().isMultiplierFree());
            }

            private LayerFigures weighted(WeightedLayer w) {
                Shape in = inputShapes.get(0);
                int fanIn = w.fanIn(in);
                return new LayerFigures(fanIn, WeightedLayer.accumulatorBits(fanIn, inputTypes.get(0)),
                        w.weights().binaryWeightCount(), w.weights().packedBytes(), w.binaryMacs(in), true,
                        w.requant().isMultiplierFree());
            }
        });
    }
}
