package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.Fold;
import dev.bwn.codegen.verilog.HardwareStage;
import dev.bwn.codegen.verilog.KernelTaps;
import dev.bwn.codegen.verilog.MaxPoolStage;
import dev.bwn.codegen.verilog.WeightedStage;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.codegen.verilog.VerilogLowering;
import dev.bwn.model.Network;
import dev.bwn.model.RequantMode;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;
import dev.bwn.model.random.RandomNetworks;
import dev.bwn.model.vectors.TestVectors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Test fixtures: random networks across the parameter axes, lowered with a chosen folding, written with vectors. */
final class Designs {
    /** Where Verilator builds are cached between test runs (survives {@code mvn test}, not {@code mvn clean}). */
    static final Path CACHE = Path.of("target", "verilator-cache").toAbsolutePath();

    /** The axes the random sweeps cover: layer kinds, activation widths, requantization mode and folding. */
    enum Kinds { DENSE_ONLY, CONV_POOL_DENSE }

    enum Widths {
        NARROW(2, 4), BYTE(2, 8), WIDE(9, 16);
        final int min;
        final int max;

        Widths(int min, int max) {
            this.min = min;
            this.max = max;
        }
    }

    enum Folding { SERIAL, RANDOM, AUTO_UP5K, AUTO_GENERIC }

    record Case(long seed, Kinds kinds, Widths widths, RequantMode mode, Folding folding) {
        @Override
        public String toString() {
            return "seed " + seed + " " + kinds + " " + widths + " " + mode + " " + folding;
        }
    }

    private Designs() {
    }

    /** {@code count} cases cycling through every combination of the axes, seeds from {@code firstSeed}. */
    static List<Case> sweep(long firstSeed, int count) {
        return sweep(firstSeed, count, Folding.values());
    }

    /**
     * The bit-exact sweep leaves out the generic-budget folding: it unrolls small random networks into designs whose
     * C++ model compiles for minutes, while proving nothing the random and up5k foldings do not.
     */
    static List<Case> simulationSweep(long firstSeed, int count) {
        return sweep(firstSeed, count, Folding.SERIAL, Folding.RANDOM, Folding.AUTO_UP5K);
    }

    static List<Case> sweep(long firstSeed, int count, Folding... foldings) {
        List<Case> cases = new ArrayList<>();
        int n = 0;
        while (cases.size() < count) {
            for (Kinds k : Kinds.values()) {
                for (Widths w : Widths.values()) {
                    for (RequantMode m : RequantMode.values()) {
                        for (Folding f : foldings) {
                            if (cases.size() < count) {
                                cases.add(new Case(firstSeed + n++, k, w, m, f));
                            }
                        }
                    }
                }
            }
        }
        // spread the combinations so every batch sees a mix
        java.util.Collections.shuffle(cases, new java.util.Random(firstSeed));
        return cases;
    }

    static Network network(Case c) {
        RandomNetworks.Options o = RandomNetworks.Options.defaults().withRequantMode(c.mode()).withActivationBits(c.widths().min, c.widths().max);
        if (c.kinds() == Kinds.DENSE_ONLY) {
            o = o.denseOnly();
        }
        return RandomNetworks.generate(c.seed(), o);
    }

    static VerilogDesign lower(Network net, Folding folding, long seed) {
        VerilogLowering.Options auto = VerilogLowering.Options.auto(Device.GENERIC, "bwn test");
        return switch (folding) {
            case AUTO_GENERIC -> VerilogLowering.lower(net, auto);
            case AUTO_UP5K -> VerilogLowering.lower(net, VerilogLowering.Options.auto(Device.UP5K, "bwn test"));
            case SERIAL -> VerilogLowering.lower(net, auto.withFolds(Map.of(), false));
            // random folds also alternate pool fusion, so stand-alone max-pool stages stay covered
            case RANDOM -> VerilogLowering.lower(net, auto.withFusedPools(seed % 2 == 0).withFolds(randomFolds(net, seed), false));
        };
    }

    /**
     * A random divisor folding for every hardware layer, at most {@link #MAX_RANDOM_PARALLEL} wide, with random kernel
     * taps ({@link KernelTaps#useful}) for a weighted layer over a map.
     */
    static Map<String, Fold> randomFolds(Network net, long seed) {
        VerilogDesign serial = VerilogLowering.lower(net, VerilogLowering.Options.auto(Device.GENERIC, "bwn test")
                .withFusedPools(seed % 2 == 0).withFolds(Map.of(), false));
        SplittableRandom rnd = new SplittableRandom(seed * 31 + 7);
        Map<String, Fold> folds = new LinkedHashMap<>();
        for (HardwareStage s : serial.stages()) {
            if (s instanceof MaxPoolStage) {
                int lanes = pick(rnd, s.geometry().channels());
                folds.put(s.layerName(), new Fold(lanes, lanes));
            } else {
                // a dense layer over a vector may take any divisor of its length as SIMD
                boolean vector = s instanceof WeightedStage w && w.vectorInput();
                int inputs = vector ? ((WeightedStage) s).fanIn() : s.geometry().channels();
                int pe = pick(rnd, s.geometry().outChannels());
                int simd = pick(rnd, inputs);
                // kernel taps, divisors of the kernel's positions or not, at most MAX_RANDOM_TAP_LANES products per unit
                List<Integer> taps = vector ? List.of(1) : KernelTaps.useful(s.geometry().kernelHeight(), s.geometry().kernelWidth())
                        .stream().filter(t -> t * simd <= MAX_RANDOM_TAP_LANES).toList();
                folds.put(s.layerName(), new Fold(pe, simd, taps.get(rnd.nextInt(taps.size()))));
            }
        }
        return folds;
    }

    static final int MAX_RANDOM_PARALLEL = 8;

    /** Largest SIMD x taps a random fold gives a dot-product unit. */
    static final int MAX_RANDOM_TAP_LANES = 16;

    private static int pick(SplittableRandom rnd, int n) {
        List<Integer> d = VerilogLowering.divisors(n).stream().filter(x -> x <= MAX_RANDOM_PARALLEL).toList();
        return d.get(rnd.nextInt(d.size()));
    }

    /** A written design and its vector folder. */
    record Written(Case testCase, Network network, VerilogDesign design, Path designDir, Path vectorsDir) {
        VerilatorRunner.Job job() {
            return new VerilatorRunner.Job(designDir, vectorsDir);
        }
    }

    static Written write(Network net, VerilogDesign design, Case c, Path root, int vectors, long vectorSeed) throws IOException {
        Path dir = root.resolve(design.topModule());
        Path vec = root.resolve(design.topModule() + "-vectors");
        GeneratedFolder.write(dir, OutputKind.VERILOG_DESIGN, VerilogGenerator.files(design));
        // per-layer outputs too, for runs with taps; small for these designs
        TestVectors.write(net, RandomNetworks.randomInputs(net, vectors, vectorSeed), vec, true);
        return new Written(c, net, design, dir, vec);
    }

    static Written write(Case c, Path root, int vectors) throws IOException {
        Network net = network(c);
        return write(net, lower(net, c.folding(), c.seed()), c, root, vectors, c.seed() ^ 0x5eed);
    }

    static Path fresh(String name) throws IOException {
        Path p = Path.of("target", "verilog-tests", name).toAbsolutePath();
        if (Files.exists(p)) {
            VerilatorRunner.deleteTree(p);
        }
        Files.createDirectories(p);
        return p;
    }
}
