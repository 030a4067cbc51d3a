package dev.bwn.hwtests.c;

import dev.bwn.codegen.c.CGenerator;
import dev.bwn.codegen.c.CKernel;
import dev.bwn.codegen.c.COptions;
import dev.bwn.codegen.c.CStep;
import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.Add;
import dev.bwn.model.GlobalAvgPool;
import dev.bwn.model.Network;
import dev.bwn.model.RequantMode;
import dev.bwn.model.random.RandomNetworks;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dot-product kernels contain no multiply instruction: compiled for Cortex-M0 ({@code -Os}, not inlined, so each
 * kernel is its own symbol), their disassembly has no mul/muls/mla/umull/smull/... The same scan must find the
 * multiply of the requantization function in multiply mode, which shows the scan sees multiplies at all.
 */
class CNoMultiplyTest {
    /** ARM/Thumb multiply mnemonics: mul, muls, mla, mls, umull, smull, umlal, smlal, smla*, smul*, smmul... */
    private static final Pattern MULTIPLY = Pattern.compile("^\\s*[0-9a-f]+:\\s+(?:[0-9a-f]{4}\\s+){1,2}\\s*"
            + "(mul|muls|mla|mls|umull|smull|umlal|smlal|umaal|smla\\w*|smul\\w*|smmul\\w*|smlsd\\w*|smuad\\w*|smusd\\w*)\\b");

    @Test
    void dotProductKernelsHaveNoMultiplyOnCortexM0(@TempDir Path dir) throws Exception {
        RequireTools.require("arm-none-eabi-gcc", "arm-none-eabi-objdump");
        Map<String, String> functions = new LinkedHashMap<>();
        for (CKernel kernel : CKernel.values()) {
            Network net = StandInModels.standIn(StandInModels.LENET5);
            COptions options = COptions.defaults().withKernel(kernel).withName("nomul_" + kernel.spelling());
            CGenerator.Output out = CGenerator.generate(net, options);
            Path design = dir.resolve(kernel.spelling());
            GeneratedFolder.write(design, OutputKind.C_DESIGN, out.files());
            Path object = dir.resolve(kernel.spelling() + ".o");
            Processes.run(List.of("arm-none-eabi-gcc", "-mcpu=cortex-m0", "-mthumb", "-Os", "-fno-inline", "-std=c99",
                    "-Wall", "-Wextra", "-Werror", "-pedantic", "-c", design.resolve(out.model().sourceFile()).toString(), "-o",
                    object.toString()), dir, Duration.ofMinutes(2)).orThrow();
            String disassembly = Processes.run(List.of("arm-none-eabi-objdump", "-d", object.toString()), dir,
                    Duration.ofMinutes(1)).orThrow().output();
            functions.putAll(functionBodies(disassembly));
        }
        int kernels = 0;
        boolean requantMultiplies = false;
        for (Map.Entry<String, String> f : functions.entrySet()) {
            boolean multiplies = f.getValue().lines().anyMatch(l -> MULTIPLY.matcher(l).find());
            if (f.getKey().contains("_addsub_dot_") || f.getKey().contains("_lut4_build_") || f.getKey().contains("_lut4_dot_")
                    || f.getKey().contains("_lut4v_build_") || f.getKey().contains("_lut4v_add_") || f.getKey().contains("_swar_")
                    || f.getKey().matches(".*_group(\\..*)?")) {
                kernels++;
                assertFalse(multiplies, f.getKey() + " contains a multiply:\n" + f.getValue());
            }
            if (f.getKey().endsWith("_requant")) {
                requantMultiplies |= multiplies;
            }
        }
        // addsub dot, lut4 build and dot (three times: lut4v and lut4swar fall back to lut4 on dense layers), for lut4v
        // and for lut4swar on the two convs two table builds, two row adds and two group functions (lenet5: 24 and 64
        // lanes), and lut4swar's plane packing, input run and two spills of the packed sums
        assertEquals(23, kernels, "expected every dot-product kernel, found: " + functions.keySet());
        assertTrue(requantMultiplies, "the scan did not find the requantization multiply; it may be blind");
    }

    /**
     * The add and global-average-pool kernels contain no multiply (their loops only add and compare); their
     * requantization functions none in shift mode. In multiply mode the scan must find the add's or the pool's
     * requantization multiply (an instruction or the 64-bit multiply helper call), which shows it is not blind.
     */
    @ParameterizedTest
    @EnumSource(RequantMode.class)
    void addAndGlobalPoolKernelsHaveNoMultiplyOnCortexM0(RequantMode mode, @TempDir Path dir) throws Exception {
        RequireTools.require("arm-none-eabi-gcc", "arm-none-eabi-objdump");
        Network net = graphWithAddAndGlobalPool(mode);
        CGenerator.Output out = CGenerator.generate(net, COptions.defaults().withName("nomul_graph"));
        Map<String, String> functions = cortexM0Functions(out, dir);
        List<String> kernels = new ArrayList<>();
        List<String> requants = new ArrayList<>();
        for (CStep step : out.model().steps()) {
            if (step instanceof CStep.ElementwiseStep a) {
                kernels.add(a.function());
                requants.add(a.requant().function());
            } else if (step instanceof CStep.GlobalAvgPoolStep g) {
                kernels.add(g.function());
                requants.add(g.requant().function());
            }
        }
        for (String kernel : kernels) {
            String body = body(functions, kernel);
            assertFalse(multiplies(body), kernel + " contains a multiply:\n" + body);
        }
        boolean requantMultiplies = false;
        for (String requant : requants) {
            String body = body(functions, requant);
            requantMultiplies |= multiplies(body) || body.contains("__aeabi_lmul");
            if (mode == RequantMode.SHIFT) {
                assertFalse(multiplies(body) || body.contains("__aeabi_lmul"), requant + " contains a multiply:\n" + body);
            }
        }
        if (mode == RequantMode.MULTIPLY) {
            assertTrue(requantMultiplies, "the scan did not find a requantization multiply; it may be blind");
        }
    }

    /** The first random graph of the given mode that has an add and a global average pool. */
    private static Network graphWithAddAndGlobalPool(RequantMode mode) {
        for (long seed = 0; seed < 1000; seed++) {
            Network net = RandomNetworks.generateGraph(seed, RandomNetworks.GraphOptions.defaults().withRequantMode(mode));
            if (net.layers().stream().anyMatch(l -> l instanceof Add) && net.layers().stream().anyMatch(l -> l instanceof GlobalAvgPool)) {
                return net;
            }
        }
        throw new AssertionError("no random graph with an add and a global average pool");
    }

    /** The design's source compiled for Cortex-M0 ({@code -Os -fno-inline}) and disassembled, by function. */
    private static Map<String, String> cortexM0Functions(CGenerator.Output out, Path dir) throws Exception {
        Path design = dir.resolve("design");
        GeneratedFolder.write(design, OutputKind.C_DESIGN, out.files());
        Path object = dir.resolve("design.o");
        Processes.run(List.of("arm-none-eabi-gcc", "-mcpu=cortex-m0", "-mthumb", "-Os", "-fno-inline", "-std=c99", "-Wall",
                "-Wextra", "-Werror", "-pedantic", "-c", design.resolve(out.model().sourceFile()).toString(), "-o",
                object.toString()), dir, Duration.ofMinutes(2)).orThrow();
        return functionBodies(Processes.run(List.of("arm-none-eabi-objdump", "-d", object.toString()), dir,
                Duration.ofMinutes(1)).orThrow().output());
    }

    /** The body of a function, or of its clones ({@code name.constprop.0}, ...), failing when there is none. */
    private static String body(Map<String, String> functions, String name) {
        StringBuilder all = new StringBuilder();
        functions.forEach((k, v) -> {
            if (k.equals(name) || k.startsWith(name + ".")) {
                all.append(v);
            }
        });
        assertFalse(all.isEmpty(), name + " not found in " + functions.keySet());
        return all.toString();
    }

    private static boolean multiplies(String body) {
        return body.lines().anyMatch(l -> MULTIPLY.matcher(l).find());
    }

    /** Function name to its disassembled lines, from {@code objdump -d}. */
    static Map<String, String> functionBodies(String disassembly) {
        Map<String, String> bodies = new LinkedHashMap<>();
        String current = null;
        StringBuilder body = new StringBuilder();
        for (String line : disassembly.split("\n")) {
            var header = Pattern.compile("^[0-9a-f]+ <([^>]+)>:$").matcher(line.trim());
            if (header.matches()) {
                if (current != null) {
                    bodies.put(current, body.toString());
                }
                current = header.group(1);
                body.setLength(0);
            } else if (current != null) {
                body.append(line).append('\n');
            }
        }
        if (current != null) {
            bodies.put(current, body.toString());
        }
        return bodies;
    }
}
