package dev.bwn.hwtests;

import dev.bwn.codegen.verilog.Device;
import dev.bwn.model.Network;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --jobs}: a fault that shows only in a later slice of the vectors is found, and named with the vector's index
 * in the whole set, exactly as one process over all vectors names it. The first vectors are all zero, which no weight
 * bit can change (every product with a zero input is zero), so the mutated weight shows only from vector
 * {@value #ZERO_VECTORS} on, past the first of three slices.
 */
class ParallelVerifierTest {
    static final int ZERO_VECTORS = 12;
    static final int VECTORS = 30;

    @Test
    void aFaultInALaterSliceIsNamedWithItsGlobalIndexOnEveryTarget(@TempDir Path dir) throws IOException {
        RequireTools.require("gcc", "arm-none-eabi-gcc", "qemu-system-arm", "verilator");
        Network net = RandomNetworks.generate(4242);
        List<int[]> inputs = new ArrayList<>();
        for (int i = 0; i < ZERO_VECTORS; i++) {
            inputs.add(new int[net.inputSize()]);
        }
        inputs.addAll(RandomNetworks.randomInputs(net, VECTORS - ZERO_VECTORS, 7));
        List<Verifier.Target> targets = List.of(Verifier.Target.C, Verifier.Target.C_QEMU, Verifier.Target.VERILOG);

        List<TargetResult> clean = Verifier.run(request(net, targets, inputs, null, dir.resolve("clean"), 3), line -> {
        });
        clean.forEach(r -> assertTrue(r.passed(), r.summaryLine()));

        // the clean run's generated designs, mutated in place: C for both C targets, Verilog for Verilator
        Path cDesign = dir.resolve("clean").resolve("design-c");
        Path verilogDesign = dir.resolve("clean").resolve("design-verilog");
        flipFirstWeightBit(cDesign, ".*\\.c", "_weights\\[\\d+u\\](?: \\w+)? = \\{\\s*0x([0-9A-Fa-f]{8})u", 8);
        flipFirstWeightBit(verilogDesign, ".*_weights\\.hex", "(?m)^([0-9a-fA-F]+)$", 0);

        List<TargetResult> oneProcess = new ArrayList<>();
        List<TargetResult> threeSlices = new ArrayList<>();
        for (int jobs : new int[]{1, 3}) {
            List<TargetResult> results = jobs == 1 ? oneProcess : threeSlices;
            Path work = dir.resolve("jobs" + jobs);
            results.addAll(Verifier.run(request(net, targets.subList(0, 2), inputs, cDesign, work.resolve("c"), jobs), line -> {
            }));
            results.addAll(Verifier.run(request(net, targets.subList(2, 3), inputs, verilogDesign, work.resolve("v"), jobs), line -> {
            }));
        }
        for (int t = 0; t < targets.size(); t++) {
            TargetResult one = oneProcess.get(t);
            TargetResult three = threeSlices.get(t);
            assertFalse(three.passed(), three.summaryLine());
            assertEquals(one.firstMismatch(), three.firstMismatch(), targets.get(t) + ": the same first mismatch");
            assertEquals(one.vectors(), three.vectors(), targets.get(t) + ": vectors checked");
            assertEquals(one.mismatches(), three.mismatches(), targets.get(t) + ": mismatches");
            Matcher index = Pattern.compile("vector[= ](\\d+)").matcher(three.firstMismatch());
            assertTrue(index.find(), three.firstMismatch());
            int vector = Integer.parseInt(index.group(1));
            assertTrue(vector >= ZERO_VECTORS && vector < VECTORS, "a vector past the first slice: " + three.firstMismatch());
        }
        assertTrue(threeSlices.get(2).firstMismatch().contains("layer="), "Verilator names the layer: " + threeSlices.get(2));
    }

    private static Verifier.Request request(Network net, List<Verifier.Target> targets, List<int[]> inputs, Path design,
                                            Path work, int jobs) throws IOException {
        Files.createDirectories(work);
        return new Verifier.Request(net, targets, inputs, design, work, 1, Device.GENERIC, false, 0, jobs);
    }

    /** Flips the lowest bit of the first match of group 1 (hex) in the first file matching {@code fileRegex}. */
    private static void flipFirstWeightBit(Path dir, String fileRegex, String regex, int width) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches(fileRegex)).sorted().toList()) {
                String text = Files.readString(f);
                Matcher m = Pattern.compile(regex).matcher(text);
                if (m.find()) {
                    String hex = m.group(1);
                    String flipped = String.format("%0" + (width == 0 ? hex.length() : width) + "x", Long.parseLong(hex, 16) ^ 1L);
                    Files.writeString(f, text.substring(0, m.start(1)) + flipped + text.substring(m.end(1)));
                    return;
                }
            }
        }
        throw new AssertionError("no weights to mutate in " + dir);
    }
}
