package dev.bwn.codegen.c;

import dev.bwn.model.ActivationType;
import dev.bwn.model.BinaryWeights;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.Flatten;
import dev.bwn.model.Layer;
import dev.bwn.model.LayerInfo;
import dev.bwn.model.MaxPool;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.Requant;
import dev.bwn.model.RequantMode;
import dev.bwn.model.Shape;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The numbers the C templates print, checked in Java. */
class CLoweringTest {
    private static final ActivationType U8 = ActivationType.UINT8;

    /** The packed weights of a weighted step, null for other steps. */
    static CModel.Weights weights(CStep s) {
        return s instanceof CStep.WeightedStep w ? w.weights() : null;
    }

    /** The requantization of a weighted or global-pool step, null for other steps. */
    static CModel.Requant requant(CStep s) {
        if (s instanceof CStep.WeightedStep w) {
            return w.requant();
        }
        return s instanceof CStep.GlobalAvgPoolStep g ? g.requant() : null;
    }

    /** The trainer's "tiny" MNIST shape: conv 6@5x5, pool 2, conv 24@5x5, pool 2, dense 96, dense 10 (s16 logits). */
    static Network tiny(RequantMode mode) {
        SplittableRandom rnd = new SplittableRandom(7);
        ActivationType s16 = new ActivationType(16, true);
        List<Layer> layers = List.of(
                new Conv2d("conv1", 6, 5, 5, 1, 1, 0, 0, RandomNetworks.randomWeights(rnd, 6, 25),
                        RandomNetworks.randomRequant(rnd, 6, 25, U8, U8, mode), U8),
                new MaxPool("pool1", 2, 2, 2, 2),
                new Conv2d("conv2", 24, 5, 5, 1, 1, 0, 0, RandomNetworks.randomWeights(rnd, 24, 150),
                        RandomNetworks.randomRequant(rnd, 24, 150, U8, U8, mode), U8),
                new MaxPool("pool2", 2, 2, 2, 2),
                new Flatten("flatten"),
                new Dense("fc1", 96, RandomNetworks.randomWeights(rnd, 96, 384), RandomNetworks.randomRequant(rnd, 96, 384, U8, U8, mode), U8),
                new Dense("fc2", 10, RandomNetworks.randomWeights(rnd, 10, 96), RandomNetworks.randomRequant(rnd, 10, 96, U8, s16, mode), s16));
        return new Network("mnist-tiny", Provenance.of("test"), new Shape(1, 28, 28), U8, mode, layers);
    }

    @Test
    void shiftModeFoldEqualsTheReferenceFormula() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int trial = 0; trial < 20000; trial++) {
            int k = rnd.nextInt(15);
            int multiplier = (rnd.nextBoolean() ? 1 : -1) << k;
            int shift = rnd.nextInt(Requant.MAX_SHIFT + 1);
            long bias = rnd.nextLong(-Requant.MAX_ABS_BIAS, Requant.MAX_ABS_BIAS + 1) >> rnd.nextInt(48);
            Requant r = new Requant(new int[]{multiplier}, new long[]{bias}, new int[]{shift});
            long acc = rnd.nextLong(-(1L << 33), 1L << 33) >> rnd.nextInt(34);
            assertEquals(r.scale(0, acc), RequantC.shiftModeScale(r, 0, acc),
                    "m=" + multiplier + " b=" + bias + " s=" + shift + " acc=" + acc);
        }
    }

    @Test
    void shiftModeConstantsUseOneShiftDirection() {
        // m = 8 (k = 3), s = 5: offset = floor((b + 16) / 8), left 0, right 2
        Requant r = new Requant(new int[]{8, -8, 32}, new long[]{-100, 7, 3}, new int[]{5, 5, 2});
        assertEquals(List.of(0L, 0L, 2L, (long) Math.floorDiv(-100 + 16, 8)), boxed(RequantC.shiftModeConstants(r, 0)));
        assertEquals(List.of(1L, 0L, 2L, (long) Math.floorDiv(7 + 16, 8)), boxed(RequantC.shiftModeConstants(r, 1)));
        // m = 32 (k = 5), s = 2: left 3, offset = floor((3 + 2) / 4)
        assertEquals(List.of(0L, 3L, 0L, 1L), boxed(RequantC.shiftModeConstants(r, 2)));
    }

    private static List<Long> boxed(long[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }

    @Test
    void accumulatorAndProductTypesFollowTheWidths() {
        assertEquals(CType.INT32, RequantC.accumulatorType(32));
        assertEquals(CType.INT64, RequantC.accumulatorType(33));
        assertEquals(199920, RequantC.accumulatorMagnitude(784, U8));
        assertEquals(25 * 128, RequantC.accumulatorMagnitude(25, new ActivationType(8, true)));
        CModel m = CLowering.lower(tiny(RequantMode.MULTIPLY), COptions.defaults());
        for (CStep s : m.steps()) {
            if (weights(s) != null) {
                assertEquals("int32_t", weights(s).accumulatorType());
                assertEquals("int32_t", requant(s).accumulatorType());
            }
        }
    }

    @Test
    void productTypeIsInt32OnlyWhenEveryIntermediateFits() {
        ActivationType s8 = new ActivationType(8, true);
        Dense small = new Dense("d", 2, BinaryWeights.fromSigns(new int[][]{{1, -1, 1}, {-1, -1, 1}}),
                new Requant(new int[]{3, -5}, new long[]{10, -10}, new int[]{2, 3}), s8);
        Network net = new Network("n", Provenance.of("test"), Shape.flat(3), U8, RequantMode.MULTIPLY, List.of(small));
        CModel.Requant r = requant(CLowering.lower(net, COptions.defaults()).steps().get(0));
        assertEquals("int32_t", r.productType());
        assertEquals(List.of("3, -5"), r.multiplier().lines());
        assertEquals(List.of("12, -6"), r.offset().lines()); // bias + 2^(shift-1)
        assertEquals(List.of("2u, 3u"), r.shift().lines());
        assertEquals("-128", r.outputMin());
        assertEquals("127", r.outputMax());
        Dense big = new Dense("d", 1, BinaryWeights.fromSigns(new int[][]{{1, 1, 1}}),
                new Requant(new int[]{32767}, new long[]{1L << 40}, new int[]{45}), new ActivationType(32, true));
        Network bigNet = new Network("n", Provenance.of("test"), Shape.flat(3), U8, RequantMode.MULTIPLY, List.of(big));
        CModel.Requant rb = requant(CLowering.lower(bigNet, COptions.defaults()).steps().get(0));
        assertEquals("int64_t", rb.productType());
        assertEquals(List.of("INT64_C(" + ((1L << 40) + (1L << 44)) + ")"), rb.offset().lines()); // bias + 2^44
    }

    @Test
    void tinyArenaFusionAndRamSaving() {
        CModel m = CLowering.lower(tiny(RequantMode.MULTIPLY), COptions.defaults().withKernel(CKernel.ADDSUB));
        // steps: conv1+pool1, conv2+pool2, flatten, fc1, fc2
        assertEquals(List.of(CStep.ConvPoolStep.class, CStep.ConvPoolStep.class, CStep.FlattenStep.class, CStep.DenseStep.class,
                CStep.DenseStep.class), m.steps().stream().map(Object::getClass).toList());
        // pooled conv1 (864 B) at 0, pooled conv2 (384 B) at 864 while both live, conv2's window (150 B) at 1248
        assertEquals("&arena->narrow.u8[0]", m.steps().get(0).output().expression());
        assertEquals("&arena->narrow.u8[864]", m.steps().get(1).output().expression());
        assertEquals("&arena->narrow.u8[1248]", ((CStep.ConvPoolStep) m.steps().get(1)).window().expression());
        assertEquals("&arena->narrow.u8[864]", m.steps().get(2).output().expression()); // flatten moves nothing
        assertEquals("&arena->narrow.u8[0]", m.steps().get(3).output().expression());
        assertEquals("&arena->narrow.s16[48]", m.steps().get(4).output().expression()); // 96 B -> s16 index 48
        assertEquals(1400, m.arena().totalBytes());
        // unfused: the 6x24x24 conv1 map (3456 B) and pool1 (864 B) live together
        assertEquals(4320, m.arena().unfusedTotalBytes());
        assertEquals(2920, m.memory().fusionSavingBytes());
        assertEquals("input", ((CStep.ConvPoolStep) m.steps().get(0)).input().expression());
        assertEquals((41574 + 7) / 8, m.memory().weightFloorBytes());
        assertEquals(5232, m.memory().packedWeightBytes());
    }

    @Test
    void overlappingPoolsAreNotFused() {
        SplittableRandom rnd = new SplittableRandom(3);
        List<Layer> layers = List.of(
                new Conv2d("c", 2, 3, 3, 1, 1, 1, 1, RandomNetworks.randomWeights(rnd, 2, 9),
                        RandomNetworks.randomRequant(rnd, 2, 9, U8, U8, RequantMode.MULTIPLY), U8),
                new MaxPool("p", 2, 2, 1, 1), new Flatten("f"),
                new Dense("d", 3, RandomNetworks.randomWeights(rnd, 3, 2 * 5 * 5),
                        RandomNetworks.randomRequant(rnd, 3, 50, U8, new ActivationType(16, true), RequantMode.MULTIPLY),
                        new ActivationType(16, true)));
        Network net = new Network("n", Provenance.of("test"), new Shape(1, 6, 6), U8, RequantMode.MULTIPLY, layers);
        CModel m = CLowering.lower(net, COptions.defaults());
        assertEquals(List.of(CStep.ConvLanesStep.class, CStep.MaxPoolStep.class, CStep.FlattenStep.class, CStep.DenseStep.class),
                m.steps().stream().map(Object::getClass).toList());
        assertEquals(0, m.memory().fusionSavingBytes());
    }

    @Test
    void kernelChoiceFollowsTheEstimateAndTheRamBudget() {
        Network net = tiny(RequantMode.MULTIPLY);
        CModel fast = CLowering.lower(net, COptions.defaults());
        assertTrue(fast.steps().stream().filter(s -> weights(s) != null).allMatch(s -> weights(s).kernel().equals("lut4")
                        || weights(s).kernel().startsWith("lut4") && s instanceof CStep.ConvLanesStep),
                "with no budget every layer with 4 or more outputs takes lookup tables (lanes for stride-1 convs)");
        // the tiny convs' lanes pack (8-bit inputs, fan-in 25 and 150): the SWAR form is estimated fastest
        assertTrue(fast.steps().stream().anyMatch(s -> weights(s) != null && weights(s).kernel().equals("lut4swar")));
        CModel lean = CLowering.lower(net, COptions.defaults().withRamBudget(2048));
        assertTrue(lean.arena().totalBytes() <= 2048, "arena " + lean.arena().totalBytes());
        assertTrue(fast.arena().totalBytes() > 2048);
        assertTrue(lean.steps().stream().anyMatch(s -> weights(s) != null && weights(s).kernel().equals("lut4")));
        assertTrue(lean.steps().stream().anyMatch(s -> weights(s) != null && weights(s).kernel().equals("addsub")));
        // a single output gains nothing from a table
        assertTrue(CKernel.ADDSUB.estimatedInstructions(1, 1, 64) < CKernel.LUT4.estimatedInstructions(1, 1, 64));
        assertTrue(CKernel.ADDSUB.estimatedInstructions(1, 16, 64) > CKernel.LUT4.estimatedInstructions(1, 16, 64));
    }

    @Test
    void lanePlanOfTinyConvs() {
        Network net = tiny(RequantMode.MULTIPLY);
        // conv1 fused with its 2x2 pool: bands of 2 rows of the 28-wide plane, 12 pooled columns -> 24 + 28 = 52 -> 56 lanes
        LanePlan conv1 = LanePlan.of(net.plan().get(0), net.plan().get(1));
        assertEquals(CType.UINT16, conv1.laneType());
        assertEquals(25 * 255, conv1.rangeMax());
        assertEquals(2, conv1.rows());
        assertEquals(28, conv1.rowPitch());
        assertEquals(56, conv1.lanes());
        assertEquals(12, conv1.bands());
        assertEquals(56, conv1.bandStep());
        assertEquals(6, conv1.fullGroups());
        assertEquals(1, conv1.lastGroupSize());
        // the last band reads up to 11*56 + (4*28 + 4) + 55: past the 784-element plane, so the plane grows
        assertEquals(11 * 56 + 4 * 28 + 4 + 56, conv1.planeLength());
        assertEquals(4 * 28 + 4, LanePlan.offset(net.plan().get(0), conv1, 24));
        // conv2: 6 channels of 12x12, 150 weights = 37 groups of 4 and one of 2
        LanePlan conv2 = LanePlan.of(net.plan().get(2), net.plan().get(3));
        assertEquals(24, conv2.lanes());
        assertEquals(37, conv2.fullGroups());
        assertEquals(2, conv2.lastGroupSize());
        assertEquals(144 + 12 + 1, LanePlan.offset(net.plan().get(2), conv2, 25 + 5 + 1));
        CModel m = CLowering.lower(net, COptions.defaults().withKernel(CKernel.LUT4V));
        assertEquals(List.of("lut4v", "lut4v", "lut4", "lut4"), m.steps().stream().filter(st -> weights(st) != null)
                .map(st -> weights(st).kernel()).toList(), "dense layers fall back to lut4");
        CModel.Lanes l = ((CStep.ConvLanesStep) m.steps().get(0)).lanes();
        assertEquals(List.of("x + 116u", "mnist_tiny_l0_conv1_zero_lanes", "mnist_tiny_l0_conv1_zero_lanes",
                "mnist_tiny_l0_conv1_zero_lanes"), l.lastGroupSources());
        assertEquals(List.of("1u", "28u", "29u"), l.windowOffsets());
    }

    /** A network of one conv over {@code inChannels x kernel x kernel} inputs of type {@code in}, then flatten. */
    private static Network oneConv(int inChannels, int kernel, ActivationType in) {
        SplittableRandom rnd = new SplittableRandom(5);
        ActivationType u8 = new ActivationType(8, false);
        int fanIn = inChannels * kernel * kernel;
        Conv2d conv = new Conv2d("c", 2, kernel, kernel, 1, 1, 0, 0, RandomNetworks.randomWeights(rnd, 2, fanIn),
                RandomNetworks.randomRequant(rnd, 2, fanIn, in, u8, RequantMode.SHIFT), u8);
        return new Network("n", Provenance.of("test"), new Shape(inChannels, kernel + 3, kernel + 3), in,
                RequantMode.SHIFT, List.of(conv, new Flatten("f")));
    }

    @Test
    void swarLanesPackOnlyWhereNoPackedLaneCanCarry() {
        // fan-in 25 of u8: every lane sum (at most 25 * 255) fits 16 bits, one spill per band
        LayerInfo small = oneConv(1, 5, new ActivationType(8, false)).plan().get(0);
        assertTrue(LanePlan.packs(small));
        assertEquals(7, LanePlan.chunkGroups(small));
        // fan-in 500 of u8: 500 * 255 does not fit, so the packed rows spill every 64 groups (64 * 4 * 255 = 65280 fits,
        // 65 * 4 * 255 = 66300 would carry into the next lane)
        LayerInfo wide = oneConv(20, 5, new ActivationType(8, false)).plan().get(0);
        assertTrue(LanePlan.packs(wide));
        assertEquals(64, LanePlan.chunkGroups(wide));
        // 14-bit inputs: one group (4 * 16383 = 65532) fits, spilled after every group
        LayerInfo fourteen = oneConv(2, 3, new ActivationType(14, false)).plan().get(0);
        assertTrue(LanePlan.packs(fourteen));
        assertEquals(1, LanePlan.chunkGroups(fourteen));
        // 15-bit or signed 16-bit inputs: one group's table entry (4 * 32767) would carry: no SWAR, lut4v's own lanes
        for (ActivationType in : List.of(new ActivationType(15, false), new ActivationType(16, true))) {
            Network net = oneConv(2, 3, in);
            assertFalse(LanePlan.packs(net.plan().get(0)), in.label());
            CModel m = CLowering.lower(net, COptions.defaults().withKernel(CKernel.LUT4SWAR));
            assertEquals("lut4v", weights(m.steps().get(0)).kernel(), in.label() + ": falls back to lut4v");
            assertThrows(IllegalArgumentException.class, () -> LanePlan.of(net.plan().get(0), null, CKernel.LUT4SWAR));
            CModel auto = CLowering.lower(net, COptions.defaults());
            assertNotEquals("lut4swar", weights(auto.steps().get(0)).kernel(), in.label() + ": auto never picks it");
        }
        // where it packs, the 64-bit words live in their own arena region and the scratch is 8-byte aligned
        CModel packed = CLowering.lower(oneConv(20, 5, new ActivationType(8, false)),
                COptions.defaults().withKernel(CKernel.LUT4SWAR));
        assertEquals("lut4swar", weights(packed.steps().get(0)).kernel());
        CModel.Lanes lanes = ((CStep.ConvLanesStep) packed.steps().get(0)).lanes();
        assertEquals("64u", lanes.swar().chunkGroups());
        assertTrue(lanes.plane().expression().contains("->wide64.u64["), lanes.plane().expression());
        assertEquals("8", packed.arena().align());
    }

    @Test
    void lanesWidenAndSignedInputsFoldTheirCorrection() {
        SplittableRandom rnd = new SplittableRandom(11);
        ActivationType s16 = new ActivationType(16, true);
        ActivationType s8 = new ActivationType(8, true);
        Conv2d wide = new Conv2d("c", 3, 3, 3, 2, 1, 1, 1, RandomNetworks.randomWeights(rnd, 3, 18),
                RandomNetworks.randomRequant(rnd, 3, 18, s16, s8, RequantMode.SHIFT), s8);
        Network net = new Network("n", Provenance.of("test"), new Shape(2, 5, 6), s16, RequantMode.SHIFT,
                List.of(wide, new Flatten("f")));
        LanePlan lp = LanePlan.of(net.plan().get(0), null);
        assertEquals(CType.UINT32, lp.laneType(), "18 * 65535 does not fit 16 bits");
        assertEquals(CType.INT32, lp.accumulatorType());
        assertEquals(2 * 8, lp.rowPitch(), "stride 2 along y: one band row every two plane rows");
        assertEquals(32768, lp.inputBias());
        assertFalse(LanePlan.applies(new Network("m", Provenance.of("test"), new Shape(2, 5, 6), s16, RequantMode.SHIFT,
                List.of(new Conv2d("c", 3, 3, 3, 1, 2, 1, 1, wide.weights(), wide.requant(), s8), new Flatten("f")))
                .plan().get(0)), "stride 2 along x cannot use lanes");
        long[] k = RequantC.laneCorrections(net.plan().get(0));
        Requant r = wide.requant();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 200; i++) {
                long acc = rnd.nextLong(-18L * 32768, 18L * 32768 + 1);
                assertEquals(r.scale(c, acc), RequantC.shiftModeScale(r, c, acc - k[c], k[c]), "channel " + c + " acc " + acc);
            }
        }
    }

    @Test
    void tableTypeWidensForSixteenBitInputs() {
        SplittableRandom rnd = new SplittableRandom(5);
        ActivationType u16 = new ActivationType(16, false);
        Dense d = new Dense("d", 8, RandomNetworks.randomWeights(rnd, 8, 5),
                RandomNetworks.randomRequant(rnd, 8, 5, u16, new ActivationType(20, true), RequantMode.MULTIPLY), new ActivationType(20, true));
        Network net = new Network("n", Provenance.of("test"), Shape.flat(5), u16, RequantMode.MULTIPLY, List.of(d));
        CModel m = CLowering.lower(net, COptions.defaults().withKernel(CKernel.LUT4));
        assertEquals("int32_t", ((CStep.DenseStep) m.steps().get(0)).tables().ctype());
        assertTrue(m.steps().get(0).output().expression().startsWith("&arena->wide.s32["), "20-bit outputs are int32_t");
        assertEquals("uint16_t", m.inputType());
        assertEquals(List.of("n_lut4_build_u16_s32"), m.kernels().lutBuild().stream().map(CModel.LutBuild::function).toList());
    }

    @Test
    void shiftModeHasNoMultiplierArray() {
        CModel m = CLowering.lower(tiny(RequantMode.SHIFT), COptions.defaults());
        for (CStep s : m.steps()) {
            if (requant(s) != null) {
                assertEquals("shift", requant(s).mode());
                assertNull(requant(s).multiplier());
                assertNotNull(requant(s).shlFunction());
            }
        }
    }

    @Test
    void literalsAreValidForSixteenBitInt() {
        assertEquals("0x00000005u", CLiterals.word(5));
        assertEquals("0xFFFFFFFFu", CLiterals.word(-1));
        assertEquals("784u", CLiterals.unsigned(784));
        assertEquals("100000UL", CLiterals.unsigned(100000));
        assertEquals("-32767", CLiterals.signed(-32767, CType.INT32));
        assertEquals("(-INT32_C(32768))", CLiterals.signed(-32768, CType.INT32));
        assertEquals("(-INT32_C(2147483647) - 1)", CLiterals.signed(Integer.MIN_VALUE, CType.INT32));
        assertEquals("INT64_C(140737488355327)", CLiterals.signed(Requant.MAX_ABS_BIAS, CType.INT64));
        assertEquals("\"a\\042b\\134\\077\"", CLiterals.string("a\"b\\?"));
    }

    @Test
    void arenaPlannerKeepsWidthsApartAndReusesFreedBytes() {
        ArenaPlanner.Plan p = ArenaPlanner.plan(List.of(
                new ArenaPlanner.Request("a", CType.UINT8, 100, 0, 1),
                new ArenaPlanner.Request("b", CType.INT16, 10, 1, 2),
                new ArenaPlanner.Request("c", CType.INT32, 3, 2, 3),
                new ArenaPlanner.Request("d", CType.UINT8, 50, 2, 3)));
        assertEquals(0, p.placements().get(0).offset());
        assertEquals(100, p.placements().get(1).offset());   // lives with a
        assertEquals(0, p.placements().get(2).offset());     // wide region
        assertEquals(ArenaPlanner.Region.WIDE, p.placements().get(2).region());
        assertEquals(0, p.placements().get(3).offset());     // a is dead by step 2
        assertEquals(120, p.narrowBytes());
        assertEquals(12, p.wideBytes());
        assertEquals(50, p.placements().get(1).elementIndex());
    }
}
