package dev.bwn.cli;

import dev.bwn.codegen.c.CTestVectors;
import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.Network;
import dev.bwn.model.RepoRoot;
import dev.bwn.model.RequantMode;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Through the CLI: right after {@code bwn gen c}, {@code make run} checks the shipped test vectors bit for bit with
 * gcc, classifies a PGM or raw input file as the Java reference does, refuses a malformed one (exit 2), and fails when
 * an expected logit is corrupted; {@code make -C DIR/cortex-m qemu} runs the same vectors on a Cortex-M3 in QEMU.
 * Nothing outside the output folder and the test's own input files is touched.
 */
class GenCMakeRunTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    void makeRunChecksTheVectorsClassifiesAFileAndFailsOnACorruptedExpectation(@TempDir Path dir) throws Exception {
        RequireTools.require("make", "cc", "arm-none-eabi-gcc", "qemu-system-arm");
        Path model = RepoRoot.find().resolve("examples").resolve("mnist-tiny.bwn.json");
        Network net = ModelIo.read(model);
        List<int[]> vectors = RandomNetworks.randomInputs(net, CTestVectors.COUNT, CTestVectors.SEED);
        int[] pixels = vectors.get(5);
        Path inputs = Files.createDirectory(dir.resolve("inputs"));
        Path pgm = inputs.resolve("digit.pgm");
        Path raw = inputs.resolve("digit.raw");
        Path shortRaw = inputs.resolve("short.raw");
        Path wrongSize = inputs.resolve("small.pgm");
        Files.write(pgm, pgm(pixels, 28, 28));
        Files.write(raw, bytes(pixels));
        Files.write(shortRaw, new byte[100]);
        Files.write(wrongSize, pgm(new int[14 * 14], 14, 14));
        Path out = dir.resolve("c");
        var before = FolderSnapshot.of(dir);
        CliRun gen = CliRun.bwn("gen", "c", model.toString(), "-o", out.toString()).assertOk();
        assertEquals("", gen.err());
        assertEquals(before, FolderSnapshot.outside(dir, out));

        Processes.Result run = make(out, "run");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("bwn-example-done mnist_tiny 8 0"), run.output());

        Processes.Result qemu = make(out, "-C", "cortex-m", "qemu");
        assertEquals(0, qemu.exitCode(), qemu.output());
        assertTrue(qemu.output().contains("bwn-example-done mnist_tiny 8 0"), qemu.output());
        for (int v = 0; v < vectors.size(); v++) {
            String line = "vector " + v + ": class " + net.infer(vectors.get(v)).predictedClass() + "\n";
            assertTrue(qemu.output().contains(line), "missing \"" + line.strip() + "\" in\n" + qemu.output());
        }

        // A user's own input: the same pixels as PGM and as raw bytes give the reference's class and logits.
        String expected = "logits" + logits(net.infer(pixels).logits());
        for (Path input : new Path[]{pgm, raw}) {
            Processes.Result one = make(out, "run", "INPUT=" + input);
            assertEquals(0, one.exitCode(), one.output());
            assertTrue(one.output().contains("class mnist_tiny " + input + ": " + net.infer(pixels).predictedClass()), one.output());
            assertTrue(one.output().contains(expected), one.output());
        }
        Processes.Result bad = make(out, "run", "INPUT=" + shortRaw);
        assertNotEquals(0, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("ends after 100 of 784 values"), bad.output());
        Processes.Result badPgm = make(out, "run", "INPUT=" + wrongSize);
        assertTrue(badPgm.output().contains("is a 14x14 PGM"), badPgm.output());
        assertNotEquals(0, badPgm.exitCode());

        // One expected logit off by one: make run must fail and say which vector.
        Path vectorsHeader = out.resolve("mnist_tiny_vectors.h");
        String text = Files.readString(vectorsHeader);
        int logitsStart = text.indexOf("/* vector 3 */", text.indexOf("mnist_tiny_test_logits["));
        int valueEnd = text.indexOf(',', logitsStart);
        Files.writeString(vectorsHeader, text.substring(0, valueEnd) + " + 1" + text.substring(valueEnd));
        Processes.Result corrupted = make(out, "run");
        assertNotEquals(0, corrupted.exitCode(), corrupted.output());
        assertTrue(corrupted.output().contains("mismatch mnist_tiny vector 3 "), corrupted.output());
        assertTrue(corrupted.output().contains("bwn-example-done mnist_tiny 8 1"), corrupted.output());
        assertEquals(before, FolderSnapshot.outside(dir, out));
    }

    /**
     * Signed and 16-bit inputs: {@code make run} passes for a model with signed 16-bit inputs (single header) and one
     * with signed inputs narrower than a byte; a raw file (two's complement, little-endian) classifies as the reference
     * does, and a value outside the input type's range is refused with exit 2.
     */
    @Test
    void rawFilesOfSignedAndSixteenBitInputsClassifyAsTheReference(@TempDir Path dir) throws Exception {
        RequireTools.require("make", "cc");
        Network wide = firstRandom(t -> t.signed() && t.bits() > 8);
        Network narrow = firstRandom(t -> t.signed() && t.bits() < 8);
        for (Network net : List.of(wide, narrow)) {
            Path model = dir.resolve(net.name() + ".bwn.json");
            Files.writeString(model, ModelIo.toJson(net));
            Path out = dir.resolve(net.name());
            CliRun.bwn("gen", "c", model.toString(), "-o", out.toString(), "--single-header").assertOk();
            Processes.Result run = make(out, "run");
            assertEquals(0, run.exitCode(), run.output());
            int[] input = RandomNetworks.randomInputs(net, CTestVectors.COUNT, CTestVectors.SEED).get(4);
            int bytesPerValue = net.inputType().bits() > 8 ? 2 : 1;
            Path raw = dir.resolve(net.name() + ".raw");
            Files.write(raw, littleEndian(input, bytesPerValue));
            Processes.Result one = make(out, "run", "INPUT=" + raw);
            assertEquals(0, one.exitCode(), one.output());
            assertTrue(one.output().contains(": " + net.infer(input).predictedClass() + "\nlogits" + logits(net.infer(input).logits())),
                    one.output());
        }
        int[] outOfRange = new int[narrow.inputSize()];
        outOfRange[outOfRange.length - 1] = (int) narrow.inputType().max() + 1;
        Path bad = dir.resolve("out-of-range.raw");
        Files.write(bad, littleEndian(outOfRange, 1));
        Processes.Result refused = make(dir.resolve(narrow.name()), "run", "INPUT=" + bad);
        assertNotEquals(0, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("outside the input range " + narrow.inputType().min() + ".."
                + narrow.inputType().max()), refused.output());
    }

    private static Network firstRandom(java.util.function.Predicate<dev.bwn.model.ActivationType> inputType) {
        RandomNetworks.Options options = new RandomNetworks.Options(2, 2, 8, 12, 48, 2, 16, RequantMode.MULTIPLY, true);
        for (long seed = 1; seed < 1000; seed++) {
            Network net = RandomNetworks.generate(seed, options);
            if (inputType.test(net.inputType())) {
                return net;
            }
        }
        throw new AssertionError("no random network with such an input type among seeds 1..999");
    }

    private static byte[] littleEndian(int[] values, int bytesPerValue) {
        byte[] out = new byte[values.length * bytesPerValue];
        for (int i = 0; i < values.length; i++) {
            for (int b = 0; b < bytesPerValue; b++) {
                out[i * bytesPerValue + b] = (byte) (values[i] >> (8 * b));
            }
        }
        return out;
    }

    private static Processes.Result make(Path dir, String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("make", "-s"));
        command.addAll(List.of(arguments));
        return Processes.run(command, dir, TIMEOUT);
    }

    private static byte[] pgm(int[] pixels, int width, int height) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(("P5\n# written by GenCMakeRunTest\n" + width + " " + height + "\n255\n").getBytes(StandardCharsets.US_ASCII));
        bytes.writeBytes(bytes(pixels));
        return bytes.toByteArray();
    }

    private static byte[] bytes(int[] values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static String logits(int[] logits) {
        StringBuilder sb = new StringBuilder();
        for (int l : logits) {
            sb.append(' ').append(l);
        }
        return sb.toString();
    }
}
