package dev.bwn.model;

import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties that must hold on every network, checked on random ones. */
class InvariantsTest {
    private static final ActivationType S32 = new ActivationType(32, true);

    static LongStream seeds() {
        return LongStream.range(100, 160);
    }

    /** The layer with an identity requant, so its output is the raw accumulator. */
    private static WeightedLayer rawAccumulator(WeightedLayer w, boolean negate) {
        int ch = w.outputChannels();
        int[] m = new int[ch];
        Arrays.fill(m, 1);
        Requant id = new Requant(m, new long[ch], new int[ch]);
        BinaryWeights weights = negate ? w.weights().negated() : w.weights();
        if (w instanceof Conv2d c) {
            return new Conv2d(c.name(), c.outChannels(), c.kernelHeight(), c.kernelWidth(), c.strideY(), c.strideX(),
                    c.padY(), c.padX(), weights, id, S32);
        }
        Dense d = (Dense) w;
        return new Dense(d.name(), d.outFeatures(), weights, id, S32);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void negatingAllWeightsOfALayerNegatesItsAccumulators(long seed) {
        Network net = RandomNetworks.generate(seed);
        List<int[]> inputs = RandomNetworks.randomInputs(net, 4, seed);
        for (int[] input : inputs) {
            Outputs o = net.infer(input, true);
            for (LayerInfo info : net.plan()) {
                if (info.layer() instanceof WeightedLayer w) {
                    int[] x = info.index() == 0 ? input : o.layerOutputs().get(info.index() - 1);
                    int[] acc = rawAccumulator(w, false).forward(x, info.inputShape(), info.inputType());
                    int[] neg = rawAccumulator(w, true).forward(x, info.inputShape(), info.inputType());
                    for (int i = 0; i < acc.length; i++) {
                        assertEquals(-acc[i], neg[i], info.layer().name() + " element " + i);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void extremeInputsWithAllPlusOrAllMinusWeightsFitTheDerivedWidthExactly(long seed) {
        Network net = RandomNetworks.generate(seed, RandomNetworks.Options.defaults().withActivationBits(2, 16));
        for (LayerInfo info : net.plan()) {
            if (!(info.layer() instanceof WeightedLayer w)) {
                continue;
            }
            ActivationType t = info.inputType();
            int fanIn = info.fanIn();
            int bits = info.accumulatorBits();
            long lo = -(1L << (bits - 1));
            long hi = (1L << (bits - 1)) - 1;
            long extremeHigh = 0;
            long extremeLow = 0;
            for (long x : new long[]{t.min(), t.max()}) {
                for (int sign : new int[]{1, -1}) {
                    long acc = sign * x * fanIn; // every term equal: the extremes of the sum
                    assertTrue(acc >= lo && acc <= hi, w.name() + ": " + acc + " overflows " + bits + " bits");
                    extremeHigh = Math.max(extremeHigh, acc);
                    extremeLow = Math.min(extremeLow, acc);
                }
            }
            // and the width is the smallest that works
            long lo1 = -(1L << (bits - 2));
            long hi1 = (1L << (bits - 2)) - 1;
            assertTrue(bits == 1 || extremeHigh > hi1 || extremeLow < lo1, w.name() + ": " + bits + " bits is not minimal");
        }
    }

    @Test
    void extremeInputsThroughRealLayersProduceTheBoundAccumulators() {
        // A dense layer of 1000 inputs, all +1 weights, all inputs 255 -> 255000; all -1 -> -255000.
        int n = 1000;
        int[][] plus = new int[1][n];
        Arrays.fill(plus[0], 1);
        Dense d = new Dense("d", 1, BinaryWeights.fromSigns(plus), new Requant(new int[]{1}, new long[]{0}, new int[]{0}), S32);
        int[] x = new int[n];
        Arrays.fill(x, 255);
        assertArrayEquals(new int[]{255000}, d.forward(x, Shape.flat(n), ActivationType.UINT8));
        Dense neg = new Dense("d", 1, d.weights().negated(), d.requant(), S32);
        assertArrayEquals(new int[]{-255000}, neg.forward(x, Shape.flat(n), ActivationType.UINT8));
        assertEquals(19, WeightedLayer.accumulatorBits(n, ActivationType.UINT8)); // 2^18 = 262144 > 255000
        assertEquals(13, WeightedLayer.accumulatorBits(25, new ActivationType(8, true)));
        assertEquals(19, WeightedLayer.accumulatorBits(784, ActivationType.UINT8));
    }
}
