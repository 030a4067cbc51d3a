package dev.bwn.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The reference against small networks computed by hand. */
class ReferenceTest {
    private static final ActivationType S32 = new ActivationType(32, true);

    private static Requant identity(int channels) {
        int[] m = new int[channels];
        java.util.Arrays.fill(m, 1);
        return new Requant(m, new long[channels], new int[channels]);
    }

    @Test
    void denseDotProductAddsAndSubtracts() {
        Dense d = new Dense("d", 2, BinaryWeights.fromSigns(new int[][]{{1, 1, -1}, {-1, 1, 1}}), identity(2), S32);
        assertArrayEquals(new int[]{3 + 5 - 7, -3 + 5 + 7}, d.forward(new int[]{3, 5, 7}, Shape.flat(3), ActivationType.UINT8));
    }

    @Test
    void roundingIsHalfTowardPlusInfinityForNegativeValues() {
        // acc = x (single +1 weight); y = (x*1 + 0 + 1) >> 1
        Dense d = new Dense("d", 1, BinaryWeights.fromSigns(new int[][]{{1}}), new Requant(new int[]{1}, new long[]{0}, new int[]{1}),
                new ActivationType(8, true));
        ActivationType s8 = new ActivationType(8, true);
        int[][] cases = {{5, 3}, {-5, -2}, {-6, -3}, {-7, -3}, {4, 2}, {-1, 0}, {1, 1}, {-3, -1}};
        for (int[] c : cases) {
            assertEquals(c[1], d.forward(new int[]{c[0]}, Shape.flat(1), s8)[0], "x=" + c[0]);
        }
    }

    @Test
    void requantMultipliesAddsBiasShiftsAndClampsAtBothEnds() {
        Requant r = new Requant(new int[]{3, -3}, new long[]{10, 10}, new int[]{2, 2});
        ActivationType u4 = new ActivationType(4, false);
        // (acc*3 + 10 + 2) >> 2
        assertEquals(6, r.apply(0, 4, u4));     // (12+12)>>2 = 6
        assertEquals(15, r.apply(0, 100, u4));  // 78 -> clamp 15
        assertEquals(0, r.apply(0, -100, u4));  // negative -> clamp 0 (ReLU)
        assertEquals(0, r.apply(1, 4, u4));     // (-12+12)>>2 = 0
        ActivationType s4 = new ActivationType(4, true);
        assertEquals(-8, r.apply(1, 100, s4));  // (-300+12)>>2 = -72 -> clamp -8
        assertEquals(7, r.apply(0, 100, s4));
    }

    @Test
    void convWithPaddingAndStride() {
        // 1 channel 3x3 input 1..9, 2x2 kernel all +1, stride 2, padding 1 -> output 2x2
        Conv2d conv = new Conv2d("c", 1, 2, 2, 2, 2, 1, 1, BinaryWeights.fromSigns(new int[][]{{1, 1, 1, 1}}), identity(1), S32);
        int[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        // windows (top-left at -1,-1), (-1,1), (1,-1), (1,1):
        // {1} ; {2,3} ; {4,7} ; {5,6,8,9}
        assertArrayEquals(new int[]{1, 5, 11, 28}, conv.forward(x, new Shape(1, 3, 3), ActivationType.UINT8));
        assertEquals(new Shape(1, 2, 2), conv.outputShape(new Shape(1, 3, 3)));
    }

    @Test
    void convMixedSignsTwoOutputChannels() {
        // 1x3x3 input, 3x3 kernel, pad 1, stride 1: centre output equals full dot product.
        int[] plus = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        int[] checker = {1, -1, 1, -1, 1, -1, 1, -1, 1};
        Conv2d conv = new Conv2d("c", 2, 3, 3, 1, 1, 1, 1, BinaryWeights.fromSigns(new int[][]{plus, checker}), identity(2), S32);
        int[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        int[] y = conv.forward(x, new Shape(1, 3, 3), ActivationType.UINT8);
        assertEquals(45, y[4]);                          // channel 0 centre
        assertEquals(1 - 2 + 3 - 4 + 5 - 6 + 7 - 8 + 9, y[9 + 4]); // channel 1 centre
        // channel 1 top-left: window rows -1..1, cols -1..1 -> inputs at kernel (1,1)=x0*(+1),(1,2)=x1*(-1),(2,1)=x3*(-1),(2,2)=x4*(+1)
        assertEquals(1 - 2 - 4 + 5, y[9]);
    }

    @Test
    void maxPoolFlooredWindowsAndArgmaxTiesToLowestIndex() {
        MaxPool p = new MaxPool("p", 2, 2, 2, 2);
        int[] x = {1, 9, 2, 3, 4, 0, 5, 6, 7, 8, 9, 9}; // 1x3x4
        assertArrayEquals(new int[]{9, 6}, p.forward(x, new Shape(1, 3, 4), ActivationType.UINT8));
        assertEquals(1, Network.argmax(new int[]{3, 7, 7, 1}));
        assertEquals(0, Network.argmax(new int[]{-2, -2}));
    }

    @Test
    void wholeNetworkKeepsEveryLayerOutput() {
        Conv2d conv = new Conv2d("conv", 1, 1, 1, 1, 1, 0, 0, BinaryWeights.fromSigns(new int[][]{{1}}),
                new Requant(new int[]{1}, new long[]{-2}, new int[]{0}), new ActivationType(4, false));
        Network net = new Network("n", Provenance.of("test"), new Shape(1, 2, 2), ActivationType.UINT8, RequantMode.MULTIPLY,
                List.of(conv, new MaxPool("pool", 2, 2, 2, 2), new Flatten("flat"),
                        new Dense("fc", 2, BinaryWeights.fromSigns(new int[][]{{1}, {-1}}), identity(2), new ActivationType(16, true))));
        Outputs o = net.infer(new int[]{1, 3, 40, 2}, true);
        assertArrayEquals(new int[]{0, 1, 15, 0}, o.layerOutputs().get(0)); // x-2 clamped to 0..15
        assertArrayEquals(new int[]{15}, o.layerOutputs().get(1));
        assertArrayEquals(new int[]{15, -15}, o.logits());
        assertEquals(0, o.predictedClass());
    }
}
