package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.Fold;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.VerilogLowering;
import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.ActivationType;
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
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unit-level checks of each layer module in Verilator against the Java reference: networks with a single hardware
 * layer of one kind (dense, conv2d, max-pool after a 1x1 conv2d, dense after dense), swept over shapes, strides,
 * padding, ring heights, activation types and folding,
 * including a dense layer whose whole fan-in is one dot-product unit (the unit tested on its own), adder trees with a
 * register after every level and after every third, and requantization at its limits (|m| = 32767, |bias| = 2^47-1,
 * shift 0 and 47). The first two input vectors are all-minimum and all-maximum; the runner adds random input gaps
 * and back-pressure.
 */
class LayerModuleTest {
    private static final int VECTORS = 16;

    /** One single-layer network and how to fold it. */
    record LayerCase(String label, Network network, Fold fold, int registerEvery, boolean fusePools, String foldLayer) {
        /** Folding the network's last hardware layer, pools fused where they can be. */
        LayerCase(String label, Network network, Fold fold, int registerEvery) {
            this(label, network, fold, registerEvery, true, null);
        }
    }

    static List<LayerCase> cases() {
        List<LayerCase> cases = new ArrayList<>();
        ActivationType u8 = ActivationType.UINT8;
        ActivationType s16 = new ActivationType(16, true);
        ActivationType s2 = new ActivationType(2, true);
        ActivationType u3 = new ActivationType(3, false);
        int n = 0;
        // dense: the whole fan-in in one dot-product unit, several register spacings and signed/unsigned inputs
        for (ActivationType in : List.of(u8, s16, s2, u3)) {
            for (int registerEvery : new int[]{1, 2, 3}) {
                cases.add(new LayerCase("dense " + in + " 24->6 simd=24 r" + registerEvery,
                        dense("dot" + n++, in, 24, 6, new ActivationType(20, true), false), new Fold(3, 24), registerEvery));
            }
        }
        cases.add(new LayerCase("dense u8 37->5 serial", dense("d" + n++, u8, 37, 5, new ActivationType(16, true), false), new Fold(1, 1), 2));
        cases.add(new LayerCase("dense s16 64->8 pe=8 simd=16", dense("d" + n++, s16, 64, 8, new ActivationType(32, true), false),
                new Fold(8, 16), 2));
        cases.add(new LayerCase("dense u8 32->4 requant extremes", dense("d" + n++, u8, 32, 4, new ActivationType(32, true), true),
                new Fold(2, 4), 2));
        cases.add(new LayerCase("dense s16 16->4 requant extremes narrow out", dense("d" + n++, s16, 16, 4, new ActivationType(8, false), true),
                new Fold(4, 16), 2));
        // conv2d: padding, stride, kernels, channels, folds
        int[][] convs = {
                // C, H, W, O, KH, KW, SY, SX, PY, PX, pe, simd
                {1, 6, 7, 4, 3, 3, 1, 1, 1, 1, 2, 1},
                {3, 5, 5, 6, 3, 2, 2, 1, 2, 1, 3, 3},
                {2, 4, 6, 2, 1, 1, 1, 2, 0, 0, 1, 2},
                {4, 6, 4, 4, 4, 4, 2, 2, 3, 1, 4, 2},
                {2, 3, 3, 3, 3, 3, 1, 1, 0, 0, 1, 1},
                // stride above the kernel: rows the walker never reads are given back before they are written
                {2, 9, 5, 3, 1, 1, 3, 1, 0, 0, 3, 2},
                // a ring as tall as the image (kernel plus stride exceed the height), padded
                {3, 4, 4, 2, 3, 3, 2, 2, 1, 1, 2, 3},
        };
        for (int[] c : convs) {
            for (ActivationType in : List.of(u8, new ActivationType(5, true))) {
                cases.add(new LayerCase("conv2d " + Arrays.toString(c) + " " + in, conv("c" + n++, in, c), new Fold(c[10], c[11]), 2));
            }
        }
        // dense over a vector: the producer sends SIMD consecutive values per beat, the ring holds the vector as a row
        for (int simd : new int[]{1, 4, 12}) {
            cases.add(new LayerCase("dense over a vector u8 12->4 simd=" + simd, denseChain("v" + n++, u8), new Fold(2, simd), 2));
        }
        // max-pool after a 1x1 conv2d that passes signed or unsigned values on
        for (ActivationType t : List.of(u8, new ActivationType(6, true))) {
            for (int lanes : new int[]{1, 2, 4}) {
                // stand-alone max-pool modules: fusion off (a window equal to its stride would be fused into the conv)
                cases.add(new LayerCase("maxpool " + t + " lanes=" + lanes, pool("p" + n++, t, lanes == 4 ? 3 : 2), new Fold(lanes, lanes), 2,
                        false, "pool"));
            }
        }
        // conv2d with a fused max-pool (window = stride): padding, floor pooling, strides, signed maxima, folds
        int[][] fused = {
                // C, H, W, O, KH, KW, SY, SX, PY, PX, pool, pe, simd
                {3, 9, 8, 4, 3, 3, 1, 1, 1, 1, 2, 2, 1},
                {2, 7, 7, 3, 2, 2, 1, 1, 0, 0, 3, 3, 2},
                {4, 8, 8, 2, 3, 3, 2, 2, 1, 1, 2, 1, 4},
        };
        for (int[] c : fused) {
            for (ActivationType out : List.of(u8, new ActivationType(5, true))) {
                cases.add(new LayerCase("conv2d+maxpool " + Arrays.toString(c) + " " + out, convPool("f" + n++, out, c),
                        new Fold(c[11], c[12]), 2, true, "conv"));
            }
        }
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> eachLayerModuleMatchesTheReference() throws Exception {
        List<LayerCase> cases = cases();
        List<DynamicTest> tests = new ArrayList<>();
        Object[] result = new Object[2];
        for (int i = 0; i < cases.size(); i++) {
            int index = i;
            tests.add(DynamicTest.dynamicTest(cases.get(i).label(), () -> {
                if (result[0] == null) {
                    RequireTools.require("verilator");
                    runAll(cases, result);
                }
                VerilatorRunner.Result r = (VerilatorRunner.Result) result[0];
                VerilatorRunner.DesignResult d = r.designs().get(index);
                assertTrue(d.passed(), () -> d.failure() + "\n" + Processes.tail(r.output(), 2000));
            }));
        }
        return tests.stream();
    }

    private static void runAll(List<LayerCase> cases, Object[] result) throws Exception {
        Path root = Designs.fresh("layers");
        List<VerilatorRunner.Job> jobs = new ArrayList<>();
        for (LayerCase c : cases) {
            String layer = c.foldLayer() != null ? c.foldLayer()
                    : c.network().layers().stream().filter(l -> !(l instanceof Flatten)).reduce((a, b) -> b).orElseThrow().name();
            VerilogLowering.Options o = new VerilogLowering.Options(Device.GENERIC, Map.of(layer, c.fold()), false,
                    c.registerEvery(), "bwn test", c.fusePools());
            VerilogDesign d = VerilogLowering.lower(c.network(), o);
            jobs.add(Designs.write(c.network(), d, null, root, VECTORS, c.label().hashCode()).job());
        }
        result[0] = VerilatorRunner.run(jobs, VerilatorRunner.Options.defaults(Designs.CACHE).withSeed(77));
    }

    private static Network net(String name, Shape input, ActivationType inType, List<Layer> layers) {
        return new Network(name, Provenance.of("bwn test"), input, inType, RequantMode.MULTIPLY, layers);
    }

    static Network dense(String name, ActivationType in, int fanIn, int out, ActivationType outType, boolean extremes) {
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        Requant rq = extremes ? extremeRequant(out) : RandomNetworks.randomRequant(rnd, out, fanIn, in, outType, RequantMode.MULTIPLY);
        return net("layer_" + name, Shape.flat(fanIn), in,
                List.of(new Dense("fc", out, RandomNetworks.randomWeights(rnd, out, fanIn), rq, outType)));
    }

    /** A dense layer 24->12 feeding the dense layer under test, 12->4, so its input is a vector stream. */
    static Network denseChain(String name, ActivationType in) {
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        ActivationType mid = new ActivationType(5, true);
        ActivationType out = new ActivationType(16, true);
        return net("layer_" + name, Shape.flat(24), in, List.of(
                new Dense("first", 12, RandomNetworks.randomWeights(rnd, 12, 24),
                        RandomNetworks.randomRequant(rnd, 12, 24, in, mid, RequantMode.MULTIPLY), mid),
                new Dense("fc", 4, RandomNetworks.randomWeights(rnd, 4, 12),
                        RandomNetworks.randomRequant(rnd, 4, 12, mid, out, RequantMode.MULTIPLY), out)));
    }

    /** Multipliers +-32767, biases +-(2^47-1) and shifts 0 and 47, cycling over the channels. */
    static Requant extremeRequant(int channels) {
        int[] m = new int[channels];
        long[] b = new long[channels];
        int[] s = new int[channels];
        for (int c = 0; c < channels; c++) {
            m[c] = c % 2 == 0 ? Requant.MAX_ABS_MULTIPLIER : -Requant.MAX_ABS_MULTIPLIER;
            b[c] = c % 4 < 2 ? Requant.MAX_ABS_BIAS : -Requant.MAX_ABS_BIAS / 3;
            s[c] = c % 3 == 0 ? 0 : c % 3 == 1 ? Requant.MAX_SHIFT : 20;
        }
        return new Requant(m, b, s);
    }

    static Network conv(String name, ActivationType in, int[] c) {
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        int fanIn = c[0] * c[4] * c[5];
        ActivationType out = new ActivationType(12, true);
        Conv2d conv = new Conv2d("conv", c[3], c[4], c[5], c[6], c[7], c[8], c[9], RandomNetworks.randomWeights(rnd, c[3], fanIn),
                RandomNetworks.randomRequant(rnd, c[3], fanIn, in, out, RequantMode.MULTIPLY), out);
        return net("layer_" + name, new Shape(c[0], c[1], c[2]), in, List.of(conv, new Flatten("flat")));
    }

    static Network convPool(String name, ActivationType out, int[] c) {
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        ActivationType in = ActivationType.UINT8;
        int fanIn = c[0] * c[4] * c[5];
        Conv2d conv = new Conv2d("conv", c[3], c[4], c[5], c[6], c[7], c[8], c[9], RandomNetworks.randomWeights(rnd, c[3], fanIn),
                RandomNetworks.randomRequant(rnd, c[3], fanIn, in, out, RequantMode.MULTIPLY), out);
        return net("layer_" + name, new Shape(c[0], c[1], c[2]), in,
                List.of(conv, new MaxPool("pool", c[10], c[10], c[10], c[10]), new Flatten("flat")));
    }

    /** A 1x1 conv2d to a 2x4x4 map, flattened, and a dense layer "fc" over it (its kernel: the whole 4x4 map). */
    static Network denseOverMap(String name) {
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        ActivationType mid = new ActivationType(6, false);
        ActivationType out = new ActivationType(16, true);
        Conv2d conv = new Conv2d("pass", 2, 1, 1, 1, 1, 0, 0, RandomNetworks.randomWeights(rnd, 2, 3),
                RandomNetworks.randomRequant(rnd, 2, 3, ActivationType.UINT8, mid, RequantMode.MULTIPLY), mid);
        Dense fc = new Dense("fc", 4, RandomNetworks.randomWeights(rnd, 4, 32),
                RandomNetworks.randomRequant(rnd, 4, 32, mid, out, RequantMode.MULTIPLY), out);
        return net("layer_" + name, new Shape(3, 4, 4), ActivationType.UINT8, List.of(conv, new Flatten("flat"), fc));
    }

    static Network pool(String name, ActivationType t, int kernel) {
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        Shape in = new Shape(4, 7, 6);
        Conv2d conv = new Conv2d("pass", 4, 1, 1, 1, 1, 0, 0, RandomNetworks.randomWeights(rnd, 4, 4),
                RandomNetworks.randomRequant(rnd, 4, 4, ActivationType.UINT8, t, RequantMode.MULTIPLY), t);
        return net("layer_" + name, in, ActivationType.UINT8,
                List.of(conv, new MaxPool("pool", kernel, kernel, 2, kernel == 3 ? 1 : 2), new Flatten("flat")));
    }
}
