package dev.bwn.model;

import dev.bwn.model.io.ModelIo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** add, globalavgpool and graph wiring against values computed by hand. */
class GraphReferenceTest {
    private static final ActivationType U8 = ActivationType.UINT8;
    private static final ActivationType S8 = new ActivationType(8, true);

    @Test
    void addRescalesEachInputThenRoundsShiftsAndClamps() {
        // y = clamp_s8((x0*m0 + x1*m1 + bias + 2) >> 2) per channel
        Add add = new Add("a", new int[][]{{3, 1}, {-2, 4}}, new long[]{1, -8}, new int[]{2, 2}, S8);
        Shape shape = new Shape(2, 1, 2);
        int[] x0 = {10, -3, 100, 0};
        int[] x1 = {4, 5, 100, -1};
        int[] y = add.forward(List.of(x0, x1), List.of(shape, shape), List.of(S8, S8));
        // c0: (30-8+1+2)>>2 = 6; (-9-10+1+2)>>2 = -16>>2 = -4; c1: (100+400-8+2)>>2 = 123; (0-4-8+2)>>2 = -10>>2 = -3
        assertArrayEquals(new int[]{6, -4, 123, -3}, y);
        Add clamping = new Add("b", new int[][]{{1}, {1}}, new long[]{0}, new int[]{0}, new ActivationType(4, false));
        assertArrayEquals(new int[]{15, 0}, clamping.forward(List.of(new int[]{10, -9}, new int[]{10, 1}),
                List.of(new Shape(1, 1, 2), new Shape(1, 1, 2)), List.of(S8, S8)));
    }

    @Test
    void addRefusesInputsOfDifferentShapes() {
        Add add = new Add("a", new int[][]{{1}, {1}}, new long[]{0}, new int[]{0}, S8);
        assertThrows(IllegalArgumentException.class, () -> add.outputShape(List.of(new Shape(1, 2, 2), new Shape(1, 2, 3))));
    }

    @Test
    void addAccumulatorRangeCoversBothInputsBiasAndRounding() {
        Add add = new Add("a", new int[][]{{3}, {-2}}, new long[]{5}, new int[]{3}, S8);
        // u8 * 3 = 0..765, s8 * -2 = -254..256, + 5 + 4
        assertEquals(new ValueRange(-254 + 9, 765 + 256 + 9), add.accumulatorRange(List.of(U8, S8)));
        assertEquals(12, add.accumulatorBits(List.of(U8, S8)));
    }

    @Test
    void globalAveragePoolSumsEachChannelThenRequantizes() {
        GlobalAvgPool gap = new GlobalAvgPool("g", new Requant(new int[]{1, 1}, new long[]{0, 0}, new int[]{2, 2}), U8);
        int[] x = {1, 2, 3, 4, 10, 10, 10, 11};
        // (10 + 2) >> 2 = 3; (41 + 2) >> 2 = 10
        assertArrayEquals(new int[]{3, 10}, gap.forward(x, new Shape(2, 2, 2), U8));
        assertEquals(Shape.flat(2), gap.outputShape(new Shape(2, 2, 2)));
    }

    /** input 1x2x2 -> conv 1x1 (c) -> add(input, c) -> flatten -> dense: a residual block. */
    static Network residual() {
        Conv2d conv = new Conv2d("c", 1, 1, 1, 1, 1, 0, 0, BinaryWeights.fromSigns(new int[][]{{-1}}),
                new Requant(new int[]{1}, new long[]{20}, new int[]{0}), U8);
        Add add = new Add("sum", new int[][]{{1}, {2}}, new long[]{0}, new int[]{1}, U8);
        Dense dense = new Dense("fc", 2, BinaryWeights.fromSigns(new int[][]{{1, 1, 1, 1}, {1, -1, 1, -1}}),
                new Requant(new int[]{1, 1}, new long[]{0, 0}, new int[]{0, 0}), new ActivationType(16, true));
        return new Network("res", Provenance.of("test"), "image", new Shape(1, 2, 2), U8, RequantMode.MULTIPLY,
                List.of(conv, add, new Flatten("flat"), dense),
                List.of(List.of("image"), List.of("image", "c"), List.of("sum"), List.of("flat")));
    }

    @Test
    void residualBlockEvaluatesTheGraphAndKeepsEveryTensor() {
        Network net = residual();
        assertFalse(net.isChain());
        Outputs o = net.infer(new int[]{1, 2, 3, 30}, true);
        assertArrayEquals(new int[]{19, 18, 17, 0}, o.layerOutputs().get(0)); // 20 - x, clamped at 0
        // (x + 2*c + 1) >> 1: (1+38+1)>>1 = 20, (2+36+1)>>1 = 19, (3+34+1)>>1 = 19, (30+0+1)>>1 = 15
        assertArrayEquals(new int[]{20, 19, 19, 15}, o.layerOutputs().get(1));
        assertArrayEquals(new int[]{73, 5}, o.logits());
        assertEquals(List.of(0, 1), net.plan().get(1).inputTensors());
        assertEquals(List.of(1), net.plan().get(0).consumers());
        assertEquals(List.of("image", "c"), net.inputsOf(1));
        assertArrayEquals(o.logits(), net.infer(new int[]{1, 2, 3, 30}).logits());
    }

    @Test
    void graphsRoundTripThroughVersion2AndChainsStayChains() {
        Network net = residual();
        String json = ModelIo.toJson(net);
        assertTrue(json.contains("\"formatVersion\" : 2"), json);
        Network back = ModelIo.parse(json);
        assertEquals(json, ModelIo.toJson(back));
        assertEquals("image", back.inputName());
        Network chain = new Network("chain", Provenance.of("test"), Shape.flat(4), U8, RequantMode.MULTIPLY,
                List.of(new Dense("fc", 2, BinaryWeights.fromSigns(new int[][]{{1, 1, 1, 1}, {1, -1, 1, -1}}),
                        new Requant(new int[]{1, 1}, new long[]{0, 0}, new int[]{0, 0}), new ActivationType(16, true))));
        assertTrue(chain.isChain());
        assertTrue(ModelIo.parse(ModelIo.toJson(chain)).isChain());
    }

    @Test
    void version1FilesLoadAsChains() throws Exception {
        Network v1 = dev.bwn.model.io.ModelIo.read(RepoRoot.find().resolve("examples/mnist-tiny.bwn.json"));
        assertTrue(v1.isChain());
        assertEquals(Network.DEFAULT_INPUT_NAME, v1.inputName());
        Network again = ModelIo.parse(ModelIo.toJson(v1));
        int[] x = new int[v1.inputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 37) % 256;
        }
        assertArrayEquals(v1.infer(x).logits(), again.infer(x).logits());
    }
}
