package dev.bwn.hwtests.c;

import dev.bwn.codegen.c.CGenerator;
import dev.bwn.codegen.c.CKernel;
import dev.bwn.codegen.c.COptions;
import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.Network;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
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
                    || f.getKey().contains("_lut4v_build_") || f.getKey().contains("_lut4v_add_") || f.getKey().matches(".*_group(\\..*)?")) {
                kernels++;
                assertFalse(multiplies, f.getKey() + " contains a multiply:\n" + f.getValue());
            }
            if (f.getKey().endsWith("_requant")) {
                requantMultiplies |= multiplies;
            }
        }
        // addsub dot, lut4 build and dot (twice: lut4v falls back to lut4 on dense layers), and for lut4v on the two convs
        // two table builds, two row adds and two group functions (lenet5: 24 and 64 lanes)
        assertEquals(11, kernels, "expected every dot-product kernel, found: " + functions.keySet());
        assertTrue(requantMultiplies, "the scan did not find the requantization multiply; it may be blind");
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
