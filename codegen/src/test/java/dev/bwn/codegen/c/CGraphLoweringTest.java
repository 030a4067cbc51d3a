package dev.bwn.codegen.c;

import dev.bwn.model.ActivationType;
import dev.bwn.model.Add;
import dev.bwn.model.Conv2d;
import dev.bwn.model.GlobalAvgPool;
import dev.bwn.model.Layer;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.RequantMode;
import dev.bwn.model.Shape;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The C lowering of graphs: buffers live from producer to last reader, adds in place, the RAM budget. */
class CGraphLoweringTest {
    private static final ActivationType U8 = ActivationType.UINT8;

    /** stem -> a -> b, sum = add(stem, b), gap: stem is the skip tensor and must outlive a and b. */
    static Network residualBlock() {
        SplittableRandom rnd = new SplittableRandom(3);
        List<Layer> layers = List.of(
                new Conv2d("stem", 2, 3, 3, 1, 1, 1, 1, RandomNetworks.randomWeights(rnd, 2, 9),
                        RandomNetworks.randomRequant(rnd, 2, 9, U8, U8, RequantMode.MULTIPLY), U8),
                new Conv2d("a", 2, 3, 3, 1, 1, 1, 1, RandomNetworks.randomWeights(rnd, 2, 18),
                        RandomNetworks.randomRequant(rnd, 2, 18, U8, U8, RequantMode.MULTIPLY), U8),
                new Conv2d("b", 2, 3, 3, 1, 1, 1, 1, RandomNetworks.randomWeights(rnd, 2, 18),
                        RandomNetworks.randomRequant(rnd, 2, 18, U8, U8, RequantMode.MULTIPLY), U8),
                new Add("sum", new int[][]{{3, 1}, {-2, 5}}, new long[]{7, -9}, new int[]{2, 3}, U8),
                new GlobalAvgPool("gap", RandomNetworks.randomRequant(rnd, 2, 16, U8, U8, RequantMode.MULTIPLY), U8));
        return new Network("res", Provenance.of("test"), "image", new Shape(1, 4, 4), U8, RequantMode.MULTIPLY, layers,
                List.of(List.of("image"), List.of("stem"), List.of("a"), List.of("stem", "b"), List.of("sum")));
    }

    @Test
    void skipTensorLivesAcrossTheMainPathAndTheAddWritesOverIt() {
        CModel m = CLowering.lower(residualBlock(), COptions.defaults().withKernel(CKernel.ADDSUB));
        List<CStep> s = m.steps();
        assertEquals(List.of(CStep.ConvStep.class, CStep.ConvStep.class, CStep.ConvStep.class, CStep.ElementwiseStep.class,
                CStep.GlobalAvgPoolStep.class), s.stream().map(Object::getClass).toList());
        // stem (32 B) stays at 0 while a (32 B, at 32) and b (32 B, at 64) are computed
        assertEquals("&arena->narrow.u8[0]", s.get(0).output().expression());
        assertEquals("&arena->narrow.u8[32]", s.get(1).output().expression());
        assertEquals("&arena->narrow.u8[64]", s.get(2).output().expression());
        CStep.ElementwiseStep add = (CStep.ElementwiseStep) s.get(3);
        assertEquals("&arena->narrow.u8[0]", add.inputs().get(0).expression());
        assertEquals("&arena->narrow.u8[64]", add.inputs().get(1).expression());
        assertEquals("&arena->narrow.u8[0]", add.output().expression(), "the add writes over stem, its last reader");
        assertEquals(add.output().expression(), ((CStep.GlobalAvgPoolStep) s.get(4)).input().expression());
        // windows: stem's 9 B at 32 (a not yet live), a's 18 B at 64, b's 18 B at 96 (stem, a and b live): 114 -> 116
        assertEquals(116, m.arena().totalBytes());
        assertEquals("in place", m.layers().get(3).note());
        assertTrue(add.comment().contains("reads \"stem\", \"b\""), add.comment());
        assertEquals("multiply", add.requant().mode());
        assertEquals(List.of("3, 1"), add.requant().terms().get(0).multiplier().lines());
        assertEquals(List.of("-2, 5"), add.requant().terms().get(1).multiplier().lines());
        assertEquals(List.of("9, -5"), add.requant().offset().lines()); // bias + 2^(shift-1)
        assertEquals("int32_t", add.requant().productType());
        assertEquals(List.of("32u", "32u", "32u", "32u", "2u"), m.debug().tapCounts(), "every tensor is tapped");
    }

    /**
     * On random graphs with every kernel: each stored tensor's buffer lives from the step that writes it to the last
     * step that reads it (the output to the end), and buffers that are live at the same time never share bytes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"auto", "addsub", "lut4", "lut4v"})
    void buffersOfRandomGraphsLiveFromProducerToLastReaderWithoutOverlap(String kernel) {
        for (long seed = 0; seed < 150; seed++) {
            Network net = RandomNetworks.generateGraph(seed, seed % 2 == 0 ? RandomNetworks.GraphOptions.defaults()
                    : RandomNetworks.GraphOptions.defaults().withRequantMode(RequantMode.SHIFT).withActivationBits(2, 16));
            COptions options = kernel.equals("auto") ? COptions.defaults() : COptions.defaults().withKernel(CKernel.parse(kernel));
            List<PlannedStep> steps = PlannedStep.plan(net, seed % 3 != 0);
            BufferPlan plan = BufferPlan.place(net, steps, KernelChoice.choose(net, steps, options));
            checkLiveness(net, steps, plan, "seed " + seed);
            checkNoOverlap(plan.arena(), "seed " + seed);
        }
    }

    private static void checkLiveness(Network net, List<PlannedStep> steps, BufferPlan plan, String where) {
        for (int s = 0; s < steps.size(); s++) {
            int out = steps.get(s).outputTensor();
            int buffer = plan.tensorBuffers().get(out);
            if (buffer < 0) {
                continue; // the caller's input, flattened
            }
            ArenaPlanner.Request r = plan.arena().placements().get(buffer).request();
            int lastRead = out == steps.get(steps.size() - 1).outputTensor() ? steps.size() : s;
            for (int t = s + 1; t < steps.size(); t++) {
                if (steps.get(t).inputTensors().contains(out)) {
                    lastRead = t;
                }
            }
            assertTrue(r.firstStep() <= s && r.lastStep() >= lastRead,
                    where + ": tensor " + net.tensorName(out) + " written at step " + s + ", last read at " + lastRead
                            + ", but its buffer lives " + r.firstStep() + ".." + r.lastStep());
        }
    }

    private static void checkNoOverlap(ArenaPlanner.Plan arena, String where) {
        List<ArenaPlanner.Placement> ps = arena.placements();
        for (int i = 0; i < ps.size(); i++) {
            for (int j = i + 1; j < ps.size(); j++) {
                ArenaPlanner.Placement a = ps.get(i);
                ArenaPlanner.Placement b = ps.get(j);
                boolean sameTime = a.request().firstStep() <= b.request().lastStep() && b.request().firstStep() <= a.request().lastStep();
                boolean sameBytes = a.region() == b.region() && a.offset() < b.end() && b.offset() < a.end();
                assertFalse(sameTime && sameBytes, where + ": " + a + " and " + b + " share bytes while both live");
            }
        }
    }

    /** The budget holds on graphs whenever the add/subtract arena fits it; lookup tables never push past it. */
    @Test
    void ramBudgetHoldsOnRandomGraphs() {
        int tablesDropped = 0;
        for (long seed = 0; seed < 100; seed++) {
            Network net = RandomNetworks.generateGraph(seed);
            long smallest = CLowering.lower(net, COptions.defaults().withKernel(CKernel.ADDSUB)).arena().totalBytes();
            long fastest = CLowering.lower(net, COptions.defaults()).arena().totalBytes();
            CModel lean = CLowering.lower(net, COptions.defaults().withRamBudget(smallest));
            assertTrue(lean.arena().totalBytes() <= smallest, "seed " + seed);
            if (fastest > smallest) {
                tablesDropped++;
            }
            assertEquals(smallest, lean.arena().totalBytes(), "seed " + seed);
        }
        assertNotEquals(0, tablesDropped, "no graph needed the budget: the test would not see it fail");
    }

    /** Flatten of a tensor is its memory; a graph with fan-out keeps every reader's input intact (no in-place add). */
    @Test
    void addDoesNotWriteOverAnInputThatIsReadLater() {
        SplittableRandom rnd = new SplittableRandom(9);
        List<Layer> layers = new ArrayList<>(residualBlock().layers().subList(0, 4));
        layers.add(new Add("again", new int[][]{{1, 1}, {1, 1}}, new long[]{0, 0}, new int[]{0, 0}, U8));
        layers.add(new GlobalAvgPool("gap", RandomNetworks.randomRequant(rnd, 2, 16, U8, U8, RequantMode.MULTIPLY), U8));
        Network net = new Network("fan", Provenance.of("test"), "image", new Shape(1, 4, 4), U8, RequantMode.MULTIPLY,
                layers, List.of(List.of("image"), List.of("stem"), List.of("a"), List.of("stem", "b"), List.of("sum", "stem"),
                        List.of("again")));
        CModel m = CLowering.lower(net, COptions.defaults().withKernel(CKernel.ADDSUB));
        CStep.ElementwiseStep sum = (CStep.ElementwiseStep) m.steps().get(3);
        assertNotEquals(sum.inputs().get(0).expression(), sum.output().expression(), "stem is read again by the second add");
        assertEquals(sum.inputs().get(1).expression(), sum.output().expression(), "b dies at the first add");
    }
}
