package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.SequentialLowering;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.WeightMemory;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.ActivationType;
import dev.bwn.model.Add;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.GlobalAvgPool;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.Requant;
import dev.bwn.model.Shape;
import dev.bwn.model.RepoRoot;
import dev.bwn.model.RequantMode;
import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.model.data.Dataset;
import dev.bwn.model.data.Split;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;
import dev.bwn.model.random.RandomNetworks;
import dev.bwn.model.vectors.TestVectors;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The layer-sequential engine (docs/SEQUENTIAL.md) is bit-exact in Verilator against the Java reference, with random
 * input gaps and output back-pressure: random residual graphs (the graph tests' generator: identity and projection
 * skips, adds with two scales, global average pooling, max-pools, strides), the same with activations and inputs of
 * 2..16 bits, signed or not; random chains (conv2d with padding and stride, 1x1, max-pool, flatten, dense) of every
 * width class and both requantization modes, some with more output channels than lanes (a part-filled last group);
 * and mnist-resnet8 on MNIST test images with its constants loaded from flash into SPRAM. Designs alternate between
 * the generic device (constants in a ROM, activations in block RAM) and the UP5K (both in SPRAM, the flash load
 * simulated). The measured cycles per image must equal the
 * program's count ({@code SequentialProgram.cyclesPerImage}) exactly.
 */
class SequentialEngineBitExactTest {
    private static final int VECTORS = 4;
    /** Random graphs and chains in the default run; {@code -Dbwn.sequential.designs=N} runs N of each (a longer sweep). */
    static final String COUNT_PROPERTY = "bwn.sequential.designs";
    private static final int DEFAULT_DESIGNS = 8;

    @Test
    void randomGraphsAndChainsMatchTheReference() throws Exception {
        RequireTools.require("verilator");
        Path root = Designs.fresh("sequential");
        List<Designs.Written> written = new ArrayList<>();
        int count = Integer.getInteger(COUNT_PROPERTY, DEFAULT_DESIGNS);
        for (long seed = 7000; seed < 7000 + count; seed++) {
            Network net = seed % 2 == 0 ? GraphDesignsBitExactTest.graph(seed) : RandomNetworks.generateGraph(seed,
                    GraphDesignsBitExactTest.SMALL.withActivationBits(2, 16).withRandomInputType()
                            .withRequantMode(seed % 4 == 1 ? RequantMode.SHIFT : RequantMode.MULTIPLY));
            written.add(write(net, seed, root));
        }
        for (long seed = 41; seed < 41 + count; seed++) {
            Network net = RandomNetworks.generate(seed, new RandomNetworks.Options(2, 2, seed % 2 == 0 ? 24 : 8, 9, 40,
                    seed % 3 == 0 ? 9 : 2, seed % 3 == 1 ? 4 : 16, seed % 2 == 0 ? RequantMode.SHIFT : RequantMode.MULTIPLY,
                    true));
            written.add(write(net, seed, root));
        }
        written.add(write(extremes("extremes_spram"), 2, root));
        written.add(write(extremes("extremes_rom"), 0, root));
        check(written);

        // the check can fail: the same simulator with every constant word of one design inverted (ROM images are read
        // at run time) must mismatch
        Designs.Written victim = written.get(written.size() - 1);
        Path image = victim.designDir().resolve(victim.design().sequentialEngine().orElseThrow().constantFile());
        List<String> inverted = Files.readAllLines(image).stream()
                .map(w -> String.format("%04x", Integer.parseInt(w, 16) ^ 0xFFFF)).toList();
        Files.write(image, inverted);
        VerilatorRunner.Result corrupted = VerilatorRunner.run(List.of(victim.job()), VerilatorRunner.Options.defaults(Designs.CACHE));
        assertFalse(corrupted.passed(), "inverted constants must not pass");
    }

    @Test
    void mnistResnet8MatchesTheReference() throws Exception {
        RequireTools.require("verilator");
        Path root = Designs.fresh("sequential-resnet8");
        Network net = ModelIo.read(RepoRoot.find().resolve("examples/mnist-resnet8.bwn.json"));
        VerilogDesign design = SequentialLowering.lower(net, Device.UP5K, WeightMemory.AUTO, "bwn test");
        Path dir = root.resolve(design.topModule());
        Path vectors = root.resolve("mnist-vectors");
        GeneratedFolder.write(dir, OutputKind.VERILOG_DESIGN, VerilogGenerator.files(design));
        TestVectors.write(net, Arrays.asList(Dataset.load(Dataset.MNIST, Split.TEST).head(3).images()), vectors, true);
        check(List.of(new Designs.Written(null, net, design, dir, vectors)));
    }

    /**
     * A hand-made network at the limits of the arithmetic: a signed 16-bit input, a 3x3 stride-2 padded conv2d to u16 with
     * multipliers -32767 and 32767, biases +-(2^47-1) and shifts 0, 20 and 47; a 1x1 conv2d to s2; an add of the two
     * with negative multipliers on either side; a global average pool of 16-bit values (signed output); a dense to
     * s32 logits.
     */
    static Network extremes(String name) {
        SplittableRandom rnd = new SplittableRandom(11);
        long maxBias = Requant.MAX_ABS_BIAS;
        ActivationType u16 = new ActivationType(16, false);
        ActivationType s2 = new ActivationType(2, true);
        ActivationType s16 = new ActivationType(16, true);
        ActivationType s32 = new ActivationType(32, true);
        Conv2d wide = new Conv2d("wide", 3, 3, 3, 2, 2, 1, 1, RandomNetworks.randomWeights(rnd, 3, 18),
                new Requant(new int[]{-32767, 1, 32767}, new long[]{maxBias, -maxBias, 3}, new int[]{47, 0, 20}), u16);
        Conv2d narrow = new Conv2d("narrow", 3, 1, 1, 1, 1, 0, 0, RandomNetworks.randomWeights(rnd, 3, 3),
                new Requant(new int[]{1, -3, 7}, new long[]{0, 1, -2}, new int[]{14, 15, 16}), s2);
        Add sum = new Add("sum", new int[][]{{-32767, 2, 1}, {32767, -5, 1}}, new long[]{maxBias, -7, 0},
                new int[]{47, 1, 0}, new ActivationType(9, false));
        GlobalAvgPool pool = new GlobalAvgPool("pool", new Requant(new int[]{-1, 32767, 3}, new long[]{0, 5, -maxBias},
                new int[]{0, 30, 47}), s16);
        Dense logits = new Dense("logits", 4, RandomNetworks.randomWeights(rnd, 4, 3),
                new Requant(new int[]{32767, -32767, 1, -1}, new long[]{-maxBias, maxBias, 0, 0}, new int[]{16, 16, 0, 0}), s32);
        return new Network(name, Provenance.of("test"), "image", new Shape(2, 5, 5), s16, RequantMode.MULTIPLY,
                List.of(wide, narrow, sum, pool, logits),
                List.of(List.of("image"), List.of("wide"), List.of("wide", "narrow"), List.of("sum"), List.of("pool")));
    }

    /** The design on the UP5K for every third seed (SPRAM, flash load), else on the generic device. */
    private static Designs.Written write(Network net, long seed, Path root) throws Exception {
        Device device = seed % 3 == 2 ? Device.UP5K : Device.GENERIC;
        return Designs.write(net, SequentialLowering.lower(net, device, WeightMemory.AUTO, "bwn test"), null, root,
                VECTORS, seed ^ 0x5eed);
    }

    private static void check(List<Designs.Written> written) throws Exception {
        VerilatorRunner.Result r = VerilatorRunner.run(written.stream().map(Designs.Written::job).toList(),
                VerilatorRunner.Options.defaults(Designs.CACHE).withTaps(true));
        StringBuilder failures = new StringBuilder();
        for (int i = 0; i < written.size(); i++) {
            VerilatorRunner.DesignResult d = r.designs().get(i);
            Designs.Written w = written.get(i);
            assertEquals(w.design().topModule(), d.top());
            long estimated = w.design().initiationInterval();
            System.out.printf(java.util.Locale.ROOT, "%s: %s, %.0f cycles/image measured, %d counted%n", w.network().name(),
                    d.passed() ? "bit-exact" : d.failure(), d.cyclesPerImage(), estimated);
            if (!d.passed()) {
                failures.append(w.network().name()).append(": ").append(d.failure()).append('\n');
            } else if (d.cyclesPerImage() != estimated) {
                failures.append(w.network().name()).append(": ").append(d.cyclesPerImage()).append(" cycles/image measured, ")
                        .append(estimated).append(" counted\n");
            }
        }
        if (failures.length() > 0 || !r.passed()) {
            fail(failures + "\n" + dev.bwn.hwtests.Processes.tail(r.output(), 3000));
        }
    }
}
