package dev.bwn.hwtests.c;

import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * cppcheck finds nothing, and arm-none-eabi-gcc builds the generated code for Cortex-M0/M3/M4 with {@code -Os}
 * without a single warning, over random designs that cover every kernel, both requantization modes and both
 * packagings (debug taps included), and over random graphs.
 */
class CStaticChecksTest {
    private static final long FIRST_SEED = 7000;
    private static final int DESIGNS = 12;
    private static final long FIRST_GRAPH_SEED = 27_000;
    private static final int GRAPHS = 8;

    /** Random chains and random graphs (residual blocks, adds, global pools). */
    private static List<CDesign> designs(Path dir) throws java.io.IOException {
        List<CDesign> designs = new ArrayList<>(CFixtures.randomDesigns(FIRST_SEED, DESIGNS, dir));
        designs.addAll(CFixtures.randomGraphDesigns(FIRST_GRAPH_SEED, GRAPHS, dir));
        return designs;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "DEBUG"})
    void cppcheckReportsNothing(String debug, @TempDir Path dir) throws Exception {
        RequireTools.require("cppcheck");
        for (CDesign d : designs(dir)) {
            List<String> cmd = new ArrayList<>(List.of("cppcheck", "--error-exitcode=1", "--std=c99", "--quiet",
                    "--enable=warning,portability,performance", "--inline-suppr", "-D" + d.macroPrefix() + "_IMPLEMENTATION"));
            if (!debug.isEmpty()) {
                cmd.add("-D" + d.macroPrefix() + "_DEBUG");
            }
            for (Path s : d.sources()) {
                cmd.add(s.toString());
            }
            Processes.Result r = Processes.run(cmd, dir, Duration.ofMinutes(2));
            assertEquals(0, r.exitCode(), d.prefix() + ":\n" + r.output());
            assertEquals("", r.output().strip(), d.prefix() + ": cppcheck printed findings");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cortex-m0", "cortex-m3", "cortex-m4"})
    void crossCompilesForCortexMWithoutWarnings(String cpu, @TempDir Path dir) throws Exception {
        RequireTools.require("arm-none-eabi-gcc");
        for (CDesign d : designs(dir)) {
            for (String debug : new String[]{null, d.macroPrefix() + "_DEBUG"}) {
                List<String> cmd = new ArrayList<>(List.of("arm-none-eabi-gcc", "-mcpu=" + cpu, "-mthumb", "-Os", "-c"));
                cmd.addAll(CHostRunner.STRICT_FLAGS);
                cmd.add("-D" + d.macroPrefix() + "_IMPLEMENTATION");
                if (debug != null) {
                    cmd.add("-D" + debug);
                }
                cmd.add("-x");
                cmd.add("c");
                cmd.add(d.singleHeader() ? d.designDir().resolve(d.prefix() + ".h").toString()
                        : d.designDir().resolve(d.prefix() + ".c").toString());
                cmd.add("-o");
                cmd.add(dir.resolve(d.prefix() + ".o").toString());
                Processes.Result r = Processes.run(cmd, dir, Duration.ofMinutes(2));
                assertEquals(0, r.exitCode(), cpu + " " + d.prefix() + ":\n" + r.output());
                assertEquals("", r.output().strip(), cpu + " " + d.prefix() + ": the compiler printed something");
            }
        }
    }
}
