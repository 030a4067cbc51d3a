package dev.bwn.cli;

import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.ActivationType;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.Flatten;
import dev.bwn.model.MaxPool;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.Requant;
import dev.bwn.model.RequantMode;
import dev.bwn.model.Shape;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bwn verify --design} must fail on a design that differs from the model in any real way: each mutant below
 * is the generated design with one fault a careless edit or a generator bug could introduce.
 */
class VerifyCatchesMutantsTest {
    @TempDir
    static Path shared;
    static Path model;
    static Path design;

    @BeforeAll
    static void generate() throws IOException {
        model = shared.resolve("tiny.bwn.json");
        ModelIo.write(mutationTarget(), model);
        design = shared.resolve("design");
        assertEquals(0, bwn("gen", "c", model.toString(), "-o", design.resolve("c").toString()).code);
        assertEquals(0, bwn("gen", "verilog", model.toString(), "-o", design.resolve("verilog").toString()).code);
        // The add/subtract kernel, so that the one flipped operator sits in code every vector runs.
        addSubDesign = shared.resolve("design-addsub");
        assertEquals(0, bwn("gen", "c", model.toString(), "--kernel", "addsub", "-o", addSubDesign.resolve("c").toString()).code);
    }

    static Path addSubDesign;

    /**
     * A model where every mutated place matters: fan-ins above and below a 32-bit word (both loops of the add/subtract
     * kernel run), non-zero shifts, and scales that keep activations mid-range so that neither the ReLU nor the
     * saturation hides a fault.
     */
    static Network mutationTarget() {
        SplittableRandom rnd = new SplittableRandom(11);
        ActivationType u8 = ActivationType.UINT8;
        Conv2d conv = new Conv2d("conv", 4, 3, 3, 1, 1, 1, 1, RandomNetworks.randomWeights(rnd, 4, 27),
                new Requant(new int[]{11, 11, -11, 9}, new long[]{16384, 16384, 16384, 16384}, new int[]{7, 7, 7, 7}), u8);
        int[] m = new int[40];
        long[] b = new long[40];
        int[] sh = new int[40];
        java.util.Arrays.fill(m, 7);
        java.util.Arrays.fill(b, 128L << 7);
        java.util.Arrays.fill(sh, 7);
        Dense hidden = new Dense("hidden", 40, RandomNetworks.randomWeights(rnd, 40, 36), new Requant(m, b, sh), u8);
        Dense logits = new Dense("logits", 5, RandomNetworks.randomWeights(rnd, 5, 40),
                new Requant(new int[]{1, 1, 1, 1, 1}, new long[5], new int[]{2, 2, 2, 2, 2}), new ActivationType(16, true));
        return new Network("mutation_target", Provenance.of("bwn test"), new Shape(3, 6, 6), u8, RequantMode.MULTIPLY,
                List.of(conv, new MaxPool("pool", 2, 2, 2, 2), new Flatten("flatten"), hidden, logits));
    }

    record Run(int code, String out, String err) {
    }

    static Run bwn(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    interface Mutation {
        /** Applies the fault to a copy of the design; returns false when the design offers no place for it. */
        boolean apply(Path designCopy) throws IOException;
    }

    /** Replaces the first match of {@code regex} in the one file whose name matches {@code fileRegex}. */
    static Mutation replaceFirst(String fileRegex, String regex, java.util.function.Function<Matcher, String> replacement) {
        return dir -> {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().matches(fileRegex)).sorted().toList()) {
                    String text = Files.readString(f);
                    Matcher m = Pattern.compile(regex).matcher(text);
                    if (m.find()) {
                        Files.writeString(f, text.substring(0, m.start()) + replacement.apply(m) + text.substring(m.end()));
                        return true;
                    }
                }
            }
            return false;
        };
    }

    static Stream<Arguments> mutants() {
        return Stream.of(
                Arguments.of("C: one weight bit flipped", "c", replaceFirst(".*\\.c", "_weights\\[\\d+u\\](?: \\w+)? = \\{\\s*0x([0-9A-Fa-f]{8})u",
                        m -> m.group().replace(m.group(1), String.format("%08X", Long.parseLong(m.group(1), 16) ^ 1L)))),
                Arguments.of("C: an addition made a subtraction", "c-addsub", replaceFirst(".*\\.c", "acc \\+= x", m -> "acc -= x")),
                Arguments.of("C: requant shift off by one", "c", replaceFirst(".*\\.c", "(_asr_s(?:32|64)\\(t, )([A-Z0-9_]+_FLASH_U8\\([a-z0-9_]+_shift, channel\\))",
                        m -> m.group(1) + "(" + m.group(2) + " + 1u)")),
                Arguments.of("C in QEMU: one weight bit flipped", "c-qemu", replaceFirst(".*\\.c", "_weights\\[\\d+u\\](?: \\w+)? = \\{\\s*0x([0-9A-Fa-f]{8})u",
                        m -> m.group().replace(m.group(1), String.format("%08X", Long.parseLong(m.group(1), 16) ^ 1L)))),
                Arguments.of("Verilog: one weight bit flipped in a ROM file", "verilog", replaceFirst(".*_weights\\.hex", "^([0-9a-fA-F]+)",
                        m -> Long.toHexString(Long.parseLong(m.group(1), 16) ^ 1L))),
                Arguments.of("Verilog: requant shift off by one", "verilog", replaceFirst(".*_requant\\.v", "stage3_aligned <= ([^;]+);",
                        m -> "stage3_aligned <= $signed(" + m.group(1) + ") >>> 1;")),
                Arguments.of("Verilog: a pipeline register dropped", "verilog", replaceFirst(".*_requant\\.v",
                        "stage2_valid <= stage1_valid;", m -> "stage2_valid <= in_valid;")),
                Arguments.of("Verilog: an adder made a subtractor", "verilog", replaceFirst(".*_dot.*\\.v", "\\? \\$signed\\(", m -> "? -$signed(")));
    }

    @Test
    void unmodifiedDesignPassesOnEveryTarget() {
        RequireTools.require("gcc", "arm-none-eabi-gcc", "qemu-system-arm", "verilator");
        Run r = bwn("verify", model.toString(), "--design", design.toString(), "--target", "all", "--vectors", "40");
        assertEquals(0, r.code, r.out + r.err);
        assertEquals(3, r.out.lines().filter(l -> l.contains("PASS")).count(), r.out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutants")
    void verifyFailsOnTheMutant(String name, String target, Mutation mutation, @TempDir Path work) throws IOException {
        RequireTools.require(target.equals("verilog") ? new String[]{"verilator"}
                : target.equals("c") ? new String[]{"gcc"} : new String[]{"arm-none-eabi-gcc", "qemu-system-arm"});
        Path copy = work.resolve("design");
        copyTree(target.equals("c-addsub") ? addSubDesign : design, copy);
        target = target.equals("c-addsub") ? "c" : target;
        assertTrue(mutation.apply(copy), name + ": the generated design has no place for this fault");
        Run r = bwn("verify", model.toString(), "--design", copy.toString(), "--target", target, "--vectors", "40");
        assertNotEquals(0, r.code, name + " was not caught:\n" + r.out + r.err);
        assertEquals(1, r.code, r.out + r.err);
        assertTrue(r.out.contains("FAIL"), r.out);
        assertTrue(!r.out.contains("build failed"), "the mutant must build and then mismatch:\n" + r.out);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

}
