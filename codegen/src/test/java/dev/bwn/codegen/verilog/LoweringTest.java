package dev.bwn.codegen.verilog;

import dev.bwn.codegen.GenerationException;
import dev.bwn.model.ActivationType;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lowering, checked in Java against the reference: a bit-true model of the generated schedule (stream placement,
 * window walk, ROM image, dot products at their node widths, requantization at its widths) must reproduce every
 * layer's reference output, for random networks and random foldings.
 */
class LoweringTest {
    private static final String TOOL = "bwn test";

    @Test
    void widthsAndLiterals() {
        assertEquals(1, Bits.unsignedBits(0));
        assertEquals(10, Bits.unsignedBits(783));
        assertEquals(19, Bits.signedBits(-199920, 199920));
        assertEquals(13, Bits.signedBits(-128 * 25, 128 * 25));
        assertEquals(1, Bits.signedBits(-1, 0));
        assertEquals("12'sh800", Bits.signedLiteral(12, -2048));
        assertEquals("8'shff", Bits.signedLiteral(8, -1));
        assertEquals("10'd783", Bits.unsignedLiteral(10, 783));
        assertThrows(IllegalArgumentException.class, () -> Bits.unsignedLiteral(9, 783));
        assertThrows(IllegalArgumentException.class, () -> Bits.signedLiteral(12, 2048));
        assertEquals("{{3{a[4]}}, a}", Bits.signExtend("a", 5, 8));
        assertEquals("a", Bits.signExtend("a", 5, 5));
    }

    @Test
    void blockRamCountPicksTheBestAspect() {
        assertEquals(1, BlockRams.blocks(8, 512));
        assertEquals(2, BlockRams.blocks(8, 784));
        assertEquals(3, BlockRams.blocks(48, 100));
        assertEquals(1, BlockRams.blocks(2, 2048));
    }

    @Test
    void dotProductUnitIsExactAtItsWidthsAndHasNoMultiply() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (ActivationType t : List.of(new ActivationType(8, false), new ActivationType(16, true), new ActivationType(2, true))) {
            for (int lanes : new int[]{1, 2, 3, 7, 16, 33}) {
                for (int every : new int[]{1, 2, 3}) {
                    for (boolean paired : new boolean[]{false, true}) {
                        DotProductUnit dot = new DotProductUnit("dot", lanes, t, every, paired);
                        int exactBits = Bits.signedBits(lanes * dot.termMin(), lanes * dot.termMax());
                        // unpaired every node is exact; paired the complements' count may cost the root one bit
                        assertTrue(dot.outputBits() >= exactBits);
                        assertTrue(dot.outputBits() <= exactBits + (paired ? 1 : 0));
                        assertTrue(dot.latency() >= 1);
                        for (List<DotProductUnit.Node> level : dot.levels()) {
                            for (DotProductUnit.Node n : level) {
                                assertFalse(n.expression().contains("*"), n.expression());
                            }
                        }
                        for (int trial = 0; trial < 50; trial++) {
                            long[] x = new long[lanes];
                            boolean[] w = new boolean[lanes];
                            for (int j = 0; j < lanes; j++) {
                                x[j] = trial == 0 ? t.min() : trial == 1 ? t.max() : t.min() + rnd.nextLong(t.max() - t.min() + 1);
                                w[j] = trial < 2 ? trial == 0 : rnd.nextBoolean();
                            }
                            long exact = 0;
                            for (int j = 0; j < lanes; j++) {
                                exact += w[j] ? x[j] : -x[j];
                            }
                            assertEquals(exact, evaluateTree(dot, x, w));
                        }
                    }
                }
            }
        }
    }

    /** The tree as the hardware computes it: every node wrapped to its declared width. */
    private static long evaluateTree(DotProductUnit dot, long[] x, boolean[] w) {
        List<List<DotProductUnit.Node>> levels = dot.levels();
        long[] leaves = dot.leafValues(x, w);
        long[] values = new long[leaves.length];
        for (int j = 0; j < leaves.length; j++) {
            values[j] = wrap(leaves[j], levels.get(0).get(j).bits());
        }
        for (int l = 1; l < levels.size(); l++) {
            List<DotProductUnit.Node> level = levels.get(l);
            long[] next = new long[level.size()];
            for (int k = 0; k < level.size(); k++) {
                long a = values[2 * k];
                long b = 2 * k + 1 < values.length ? values[2 * k + 1] : 0;
                next[k] = wrap(a + b, level.get(k).bits());
            }
            values = next;
        }
        return values[0];
    }

    static long wrap(long v, int bits) {
        return bits >= 64 ? v : (v << (64 - bits)) >> (64 - bits);
    }

    @Test
    void requantAtItsWidthsMatchesTheReference() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int trial = 0; trial < 200; trial++) {
            ActivationType in = new ActivationType(2 + rnd.nextInt(15), rnd.nextBoolean());
            boolean outSigned = rnd.nextBoolean();
            // a 32-bit output must be signed: logits are 32-bit two's complement at most
            ActivationType out = new ActivationType(2 + rnd.nextInt(outSigned ? 31 : 30), outSigned);
            int fanIn = 1 + rnd.nextInt(2000);
            RequantMode mode = rnd.nextBoolean() ? RequantMode.SHIFT : RequantMode.MULTIPLY;
            Requant rq = trial % 5 == 0 ? extremes(4) : RandomNetworks.randomRequant(rnd, 4, fanIn, in, out, mode);
            long lo = dev.bwn.model.ValueRange.binaryTerm(in).sumOf(fanIn).min();
            long hi = dev.bwn.model.ValueRange.binaryTerm(in).sumOf(fanIn).max();
            RequantPlan plan = new RequantPlan(rq, dev.bwn.model.WeightedLayer.accumulatorBits(fanIn, in), lo, hi, out);
            for (int c = 0; c < 4; c++) {
                for (long acc : new long[]{lo, hi, 0, -1, lo + rnd.nextLong(hi - lo + 1), lo + rnd.nextLong(hi - lo + 1)}) {
                    assertEquals(rq.apply(c, acc, out), hardwareRequant(plan, c, acc), "trial " + trial + " channel " + c + " acc " + acc);
                }
            }
        }
    }

    private static Requant extremes(int channels) {
        int[] m = new int[channels];
        long[] b = new long[channels];
        int[] s = new int[channels];
        for (int c = 0; c < channels; c++) {
            m[c] = c % 2 == 0 ? Requant.MAX_ABS_MULTIPLIER : -Requant.MAX_ABS_MULTIPLIER;
            b[c] = c < 2 ? Requant.MAX_ABS_BIAS : -Requant.MAX_ABS_BIAS;
            s[c] = c % 2 == 0 ? 0 : Requant.MAX_SHIFT;
        }
        return new Requant(m, b, s);
    }

    /** The requantizer's arithmetic with every register wrapped to the width the template declares. */
    static int hardwareRequant(RequantPlan plan, int c, long acc) {
        Requant rq = plan.requant();
        long product = wrap(wrap(acc, plan.accumulatorBits()) * rq.multiplier(c), plan.productBits());
        long bias = wrap(plan.roundedBias(c), plan.biasBits());
        long sum = wrap(product + bias, plan.sumBits());
        long aligned = wrap(sum >> plan.minShift(), plan.alignedBits());
        long shifted = aligned >> wrap(plan.shiftOffset(c), plan.shiftBits() + 1);
        ActivationType out = plan.output();
        // the template saturates to both bounds whenever either clamp can act
        boolean saturates = plan.clampLow() || plan.clampHigh();
        long clamped = saturates ? Math.max(out.min(), Math.min(out.max(), shifted)) : shifted;
        long bits = wrap(clamped, out.bits());
        return (int) (out.signed() ? bits : bits & ((1L << out.bits()) - 1));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void scheduleModelReproducesEveryLayer(long seed) {
        Network net = RandomNetworks.generate(seed);
        // random folds with and without pool fusion, and the UP5K auto folding
        for (int variant = 0; variant < 3; variant++) {
            boolean auto = variant == 2;
            VerilogLowering.Options o = VerilogLowering.Options.auto(auto ? Device.UP5K : Device.GENERIC, TOOL)
                    .withFusedPools(variant != 1);
            VerilogDesign d = VerilogLowering.lower(net, auto ? o : o.withFolds(randomFolds(net, seed), false));
            // three images back to back, so the rings wrap from one image into the next
            List<int[]> inputs = RandomNetworks.randomInputs(net, 3, seed);
            List<List<int[]>> reference = inputs.stream().map(in -> net.infer(in, true).layerOutputs()).toList();
            List<int[]> tensors = inputs;
            for (HardwareStage s : d.stages()) {
                tensors = simulate(s, tensors);
                for (int i = 0; i < inputs.size(); i++) {
                    assertArrayEquals(reference.get(i).get(s.outputLayerIndex()), tensors.get(i),
                            "seed " + seed + " image " + i + " stage " + s.moduleName() + " " + s.fold());
                }
            }
        }
    }

    private static Map<String, Fold> randomFolds(Network net, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        VerilogDesign serial = VerilogLowering.lower(net, VerilogLowering.Options.auto(Device.GENERIC, TOOL).withFolds(Map.of(), false));
        Map<String, Fold> folds = new java.util.HashMap<>();
        for (HardwareStage s : serial.stages()) {
            List<Integer> in = VerilogLowering.divisors(s instanceof WeightedStage w && w.vectorInput() ? w.fanIn() : s.geometry().channels());
            List<Integer> out = VerilogLowering.divisors(s.geometry().outChannels());
            int lanes = in.get(rnd.nextInt(in.size()));
            // kernel taps: any the kernel allows, divisors of its positions or not (masked tails)
            List<Integer> taps = s instanceof WeightedStage w && !w.vectorInput()
                    ? KernelTaps.useful(s.geometry().kernelHeight(), s.geometry().kernelWidth()) : List.of(1);
            folds.put(s.layerName(), s instanceof MaxPoolStage ? new Fold(lanes, lanes)
                    : new Fold(out.get(rnd.nextInt(out.size())), lanes, taps.get(rnd.nextInt(taps.size()))));
        }
        return folds;
    }

    /**
     * One stage as the RTL computes it, over consecutive images (CHW tensors in, CHW tensors out): the writer stores
     * each input pixel as slice words at its counting-up ring address, as late as the walker allows (an output row
     * starts only when the rows it needs are complete), never overwriting a row the walker still needs; the walker
     * reads the ring at {@link WindowWalk#referenceAddresses}, and the datapath works with the hardware's widths.
     */
    static List<int[]> simulate(HardwareStage s, List<int[]> images) {
        LineBuffer lines = s.lines();
        StageGeometry g = s.geometry();
        WindowWalk w = s.walk();
        int lanes = lines.lanes();
        int[][] ring = new int[lines.depth()][lanes];
        int[] addresses = w.referenceAddresses(images.size());
        int writeSlot = 0; // the writer's counters: slot, and word inside the slot
        int step = 0;
        List<int[]> outputs = new ArrayList<>();
        int ph = w.poolHeight();
        int pw = w.poolWidth();
        for (int image = 0; image < images.size(); image++) {
            int[] in = images.get(image);
            // the walk's output: the convolution's, or the fused pool's (each channel's maximum over a window)
            int[] out = new int[g.outChannels() * w.outHeight() * w.outWidth()];
            int[] convolved = new int[g.outChannels()];
            int rowsWritten = 0;
            for (int py = 0; py < w.outHeight(); py++) {
                int top = py * lines.windowStride() - g.padY();
                int low = Math.max(0, top);
                int needed = py == w.outHeight() - 1 ? g.height() : Math.min(g.height(), top + lines.windowRows());
                for (; rowsWritten < needed; rowsWritten++) {
                    assertTrue(rowsWritten - low < lines.rows(), "the ring must hold every row an output row needs");
                    int writeWord = 0;
                    for (int ix = 0; ix < g.width(); ix++) {
                        for (int slice = 0; slice < lines.slices(); slice++) {
                            int writeAddress = writeSlot * lines.rowStride() + writeWord++;
                            assertEquals(lines.wordAddress(image, rowsWritten, ix, slice), writeAddress);
                            for (int lane = 0; lane < lanes; lane++) {
                                ring[writeAddress][lane] = in[lines.elementIndex(slice * lanes + lane, rowsWritten, ix)];
                            }
                        }
                    }
                    writeSlot = (writeSlot + 1) % lines.rows();
                }
                for (int px = 0; px < w.outWidth(); px++) {
                    int q = py * w.outWidth() + px;
                    for (int k = 0; k < ph * pw; k++) {
                        for (int o = 0; o < w.outer(); o++) {
                            if (s instanceof WeightedStage ws) {
                                step = weightedGroup(ws, ring, addresses, step, o, convolved);
                            } else {
                                int[] best = new int[lanes];
                                for (int kk = 0; kk < w.stepsPerPixel(); kk++) {
                                    int[] word = ring[addresses[step++]];
                                    for (int lane = 0; lane < lanes; lane++) {
                                        best[lane] = kk == 0 ? word[lane] : Math.max(best[lane], word[lane]);
                                    }
                                }
                                System.arraycopy(best, 0, convolved, o * lanes, lanes);
                            }
                        }
                        for (int c = 0; c < g.outChannels(); c++) {
                            int index = c * w.outHeight() * w.outWidth() + q;
                            out[index] = k == 0 ? convolved[c] : Math.max(out[index], convolved[c]);
                        }
                    }
                }
            }
            outputs.add(out);
        }
        return outputs;
    }

    /** One output-channel group of one convolved pixel of a weighted stage, into {@code out[channel]}; returns the next step. */
    private static int weightedGroup(WeightedStage ws, int[][] ring, int[] addresses, int step, int o, int[] out) {
        List<String> rom = ws.romImage();
        RequantPlan plan = ws.requantPlan();
        DotProductUnit dot = ws.dot();
        int pe = ws.fold().pe();
        int simd = ws.fold().simd();
        int taps = ws.fold().taps();
        int lanes = ws.dotLanes();
        int steps = ws.walk().stepsPerPixel();
        long[] acc = new long[pe];
        for (int k = 0; k < steps; k++) {
            java.math.BigInteger word = new java.math.BigInteger(rom.get(o * steps + k), 16);
            for (int p = 0; p < pe; p++) {
                long[] x = new long[lanes];
                boolean[] bits = new boolean[lanes];
                for (int t = 0; t < taps; t++) {
                    int address = addresses[(step + k) * taps + t];
                    for (int lane = 0; lane < simd; lane++) {
                        x[t * simd + lane] = address < 0 ? 0 : ring[address][lane];
                        bits[t * simd + lane] = word.testBit(p * lanes + t * simd + lane);
                    }
                }
                acc[p] = wrap(acc[p] + evaluateTree(dot, x, bits), ws.accumulatorBits());
            }
        }
        step += steps;
        for (int p = 0; p < pe; p++) {
            out[o * pe + p] = hardwareRequant(plan, o * pe + p, acc[p]);
        }
        return step;
    }

    @Test
    void denseAfterFlattenWalksThePreFlattenViewWithAFullKernel() {
        SplittableRandom rnd = new SplittableRandom(1);
        ActivationType u8 = ActivationType.UINT8;
        List<Layer> layers = List.of(
                new Conv2d("conv", 4, 3, 3, 1, 1, 1, 1, RandomNetworks.randomWeights(rnd, 4, 9),
                        RandomNetworks.randomRequant(rnd, 4, 9, u8, u8, RequantMode.MULTIPLY), u8),
                new MaxPool("identity", 1, 1, 1, 1),
                new Flatten("flat"),
                new Dense("fc", 3, RandomNetworks.randomWeights(rnd, 3, 4 * 5 * 6),
                        RandomNetworks.randomRequant(rnd, 3, 120, u8, new ActivationType(16, true), RequantMode.MULTIPLY),
                        new ActivationType(16, true)));
        Network net = new Network("flat test", Provenance.of(TOOL), new Shape(1, 5, 6), u8, RequantMode.MULTIPLY, layers);
        VerilogDesign d = VerilogLowering.lower(net, VerilogLowering.Options.auto(Device.GENERIC, TOOL).withFolds(Map.of(), false));
        assertEquals(2, d.stages().size(), "the identity pool and the flatten need no hardware");
        StageGeometry g = d.stages().get(1).geometry();
        assertEquals(new StageGeometry(4, 5, 6, 5, 6, 1, 1, 0, 0, 3, 1, 1), g);
        assertEquals("flat_test", d.topModule());
    }

    @Test
    void convolutionOverAFlattenedTensorIsRejected() {
        SplittableRandom rnd = new SplittableRandom(2);
        ActivationType u8 = ActivationType.UINT8;
        List<Layer> layers = List.of(new Flatten("flat"),
                new Conv2d("conv", 2, 2, 2, 1, 1, 1, 1, RandomNetworks.randomWeights(rnd, 2, 12 * 4),
                        RandomNetworks.randomRequant(rnd, 2, 48, u8, u8, RequantMode.MULTIPLY), u8),
                new Flatten("flat2"));
        Network net = new Network("bad", Provenance.of(TOOL), new Shape(3, 2, 2), u8, RequantMode.MULTIPLY, layers);
        GenerationException e = assertThrows(GenerationException.class,
                () -> VerilogLowering.lower(net, VerilogLowering.Options.auto(Device.GENERIC, TOOL)));
        assertTrue(e.getMessage().contains("flattened"), e.getMessage());
    }

    @Test
    void foldFileParsesAndRejectsBadFolds() {
        Map<String, Fold> folds = FoldFile.parse(List.of("# comment", "", "4 2 conv 1", "1 1 fc"), "f.txt");
        assertEquals(new Fold(4, 2), folds.get("conv 1"));
        assertEquals(new Fold(1, 1), folds.get("fc"));
        assertThrows(GenerationException.class, () -> FoldFile.parse(List.of("4 conv"), "f.txt"));
        assertThrows(GenerationException.class, () -> FoldFile.parse(List.of("x 2 conv"), "f.txt"));
        assertThrows(GenerationException.class, () -> FoldFile.parse(List.of("1 1 a", "2 2 a"), "f.txt"));
        Network net = RandomNetworks.generate(4, RandomNetworks.Options.defaults().denseOnly());
        String layer = net.layers().get(0).name();
        int out = ((Dense) net.layers().get(0)).outFeatures();
        int bad = out + 1;
        GenerationException e = assertThrows(GenerationException.class, () -> VerilogLowering.lower(net,
                VerilogLowering.Options.auto(Device.GENERIC, TOOL).withFolds(Map.of(layer, new Fold(bad, 1)), false)));
        assertTrue(e.getMessage().contains("does not divide"), e.getMessage());
        assertThrows(GenerationException.class, () -> VerilogLowering.lower(net,
                VerilogLowering.Options.auto(Device.GENERIC, TOOL).withFolds(Map.of("no such layer", Fold.SERIAL), false)));
    }

    /** The trainer's "tiny" MNIST architecture with random weights: the shape the up5k budget is sized for. */
    static Network tinyShaped(RequantMode mode) {
        SplittableRandom rnd = new SplittableRandom(9);
        ActivationType u8 = ActivationType.UINT8;
        ActivationType s16 = new ActivationType(16, true);
        List<Layer> layers = List.of(
                new Conv2d("conv1", 6, 5, 5, 1, 1, 0, 0, RandomNetworks.randomWeights(rnd, 6, 25),
                        RandomNetworks.randomRequant(rnd, 6, 25, u8, u8, mode), u8),
                new MaxPool("pool1", 2, 2, 2, 2),
                new Conv2d("conv2", 24, 5, 5, 1, 1, 0, 0, RandomNetworks.randomWeights(rnd, 24, 150),
                        RandomNetworks.randomRequant(rnd, 24, 150, u8, u8, mode), u8),
                new MaxPool("pool2", 2, 2, 2, 2),
                new Flatten("flatten"),
                new Dense("fc1", 96, RandomNetworks.randomWeights(rnd, 96, 384), RandomNetworks.randomRequant(rnd, 96, 384, u8, u8, mode), u8),
                new Dense("fc2", 10, RandomNetworks.randomWeights(rnd, 10, 96), RandomNetworks.randomRequant(rnd, 10, 96, u8, s16, mode), s16));
        return new Network("tiny shaped", Provenance.of(TOOL), new Shape(1, 28, 28), u8, mode, layers);
    }

    @Test
    void autoFoldingFitsEachDeviceAndBeatsSerial() {
        Network net = tinyShaped(RequantMode.MULTIPLY);
        VerilogDesign serial = VerilogLowering.lower(net, VerilogLowering.Options.auto(Device.UP5K, TOOL).withFolds(Map.of(), false));
        for (Device device : Device.values()) {
            VerilogDesign d = VerilogLowering.lower(net, VerilogLowering.Options.auto(device, TOOL));
            assertTrue(AutoFolder.fits(d), device + ": " + d.estimatedLogicCells() + " LCs, " + d.estimatedBlockRams() + " EBRs");
            assertTrue(d.initiationInterval() < serial.initiationInterval() / 2,
                    device + ": interval " + d.initiationInterval() + " vs serial " + serial.initiationInterval());
        }
    }

    @Test
    void generationIsReproducibleAndUsesMultipliersOnlyInRequantization() {
        for (RequantMode mode : RequantMode.values()) {
            Network net = tinyShaped(mode);
            VerilogDesign d = VerilogLowering.lower(net, VerilogLowering.Options.auto(Device.UP5K, TOOL));
            Map<String, String> files = VerilogGenerator.files(d);
            assertEquals(files, VerilogGenerator.files(VerilogLowering.lower(net, VerilogLowering.Options.auto(Device.UP5K, TOOL))));
            for (Map.Entry<String, String> f : files.entrySet()) {
                if (!f.getKey().endsWith(".v")) {
                    continue;
                }
                String code = f.getValue().replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("\\(\\*[^)]*\\*\\)", "").replaceAll("//[^\n]*", "");
                boolean multiplies = code.contains("*");
                boolean requantWithMultiplier = f.getKey().endsWith("_requant.v") && mode == RequantMode.MULTIPLY;
                assertEquals(requantWithMultiplier, multiplies, f.getKey());
            }
        }
    }

    @Test
    void ringAddressesWrapAcrossImagesAndNeverCollideWithinAWindow() {
        // C, H, W, KH, KW, SY, SX, PY, PX, lanes
        for (int[] c : new int[][]{{6, 12, 9, 3, 3, 1, 1, 1, 1, 2}, {4, 7, 5, 2, 2, 2, 2, 0, 0, 4}, {3, 5, 5, 5, 5, 1, 1, 0, 0, 1},
                {2, 9, 4, 1, 1, 3, 1, 0, 0, 2}, {8, 6, 6, 4, 3, 2, 1, 3, 2, 4}}) {
            int oh = (c[1] + 2 * c[7] - c[3]) / c[5] + 1;
            int ow = (c[2] + 2 * c[8] - c[4]) / c[6] + 1;
            StageGeometry g = new StageGeometry(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], 5, oh, ow);
            LineBuffer lb = new LineBuffer(g, c[9], 8, false, 1);
            int rowsNeeded = Math.min(g.height(), g.kernelHeight() + g.strideY() - 1);
            assertTrue(lb.rows() >= rowsNeeded && lb.rows() >= lb.rowsWanted() && lb.rows() < 2 * lb.rowsWanted()
                    && Integer.bitCount(lb.rows()) == 1);
            assertEquals(lb.depth(), 1 << (lb.slotBits() + lb.rowWordBits()), "the address is {slot, word}");
            assertTrue(lb.rowStride() >= lb.rowWords() && lb.rowStride() < 2 * lb.rowWords());
            // the writer's counters (slot overflowing by itself, word restarting every row) give the documented address
            int slot = 0;
            for (int image = 0; image < 3; image++) {
                for (int iy = 0; iy < g.height(); iy++) {
                    int word = 0;
                    for (int ix = 0; ix < g.width(); ix++) {
                        for (int slice = 0; slice < lb.slices(); slice++) {
                            assertEquals((slot << lb.rowWordBits()) | word++, lb.wordAddress(image, iy, ix, slice));
                        }
                    }
                    slot = (slot + 1) & (lb.rows() - 1);
                }
            }
            // inside one output row, distinct input positions never share a ring word
            WindowWalk w = new WindowWalk(lb, 1, lb.slices(), false);
            int[] addresses = w.referenceAddresses(2);
            int perRow = g.outWidth() * w.stepsPerOutputPixel();
            for (int row = 0; row < addresses.length / perRow; row++) {
                java.util.Map<Integer, String> seen = new java.util.HashMap<>();
                int n = row * perRow;
                int oy = row % g.outHeight();
                for (int ox = 0; ox < g.outWidth(); ox++) {
                    for (int gi = 0; gi < lb.slices(); gi++) {
                        for (int ky = 0; ky < g.kernelHeight(); ky++) {
                            for (int kx = 0; kx < g.kernelWidth(); kx++) {
                                int a = addresses[n++];
                                String position = (oy * g.strideY() - g.padY() + ky) + "," + (ox * g.strideX() - g.padX() + kx) + "," + gi;
                                if (a >= 0) {
                                    String before = seen.putIfAbsent(a, position);
                                    assertTrue(before == null || before.equals(position), "word " + a + " holds " + before + " and " + position);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void weightRomFollowsTheDocumentedBitOrder() {
        SplittableRandom rnd = new SplittableRandom(11);
        ActivationType u8 = ActivationType.UINT8;
        Conv2d conv = new Conv2d("c", 4, 2, 3, 1, 1, 0, 0, RandomNetworks.randomWeights(rnd, 4, 2 * 6),
                RandomNetworks.randomRequant(rnd, 4, 12, u8, u8, RequantMode.MULTIPLY), u8);
        Network net = new Network("rom", Provenance.of(TOOL), new Shape(2, 3, 4), u8, RequantMode.MULTIPLY, List.of(conv, new Flatten("f")));
        VerilogDesign d = VerilogLowering.lower(net, VerilogLowering.Options.auto(Device.GENERIC, TOOL).withFolds(Map.of("c", new Fold(2, 2)), false));
        WeightedStage s = (WeightedStage) d.stages().get(0);
        List<String> rom = s.romImage();
        assertEquals(2 * 6, rom.size());
        LayerInfo info = net.plan().get(0);
        assertEquals(12, info.fanIn());
        for (int o = 0; o < 2; o++) {
            for (int step = 0; step < 6; step++) {
                int word = Integer.parseInt(rom.get(o * 6 + step), 16);
                for (int p = 0; p < 2; p++) {
                    for (int lane = 0; lane < 2; lane++) {
                        int i = (lane * 2 + step / 3) * 3 + step % 3;
                        boolean plus = conv.weights().sign(o * 2 + p, i) > 0;
                        assertEquals(plus, (word >> (p * 2 + lane) & 1) == 1);
                    }
                }
            }
        }
    }
}
