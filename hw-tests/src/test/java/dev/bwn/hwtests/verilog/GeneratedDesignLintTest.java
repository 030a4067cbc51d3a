package dev.bwn.hwtests.verilog;

import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.Network;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every combination of the sweep axes, twice: {@code verilator --lint-only -Wall} must print nothing at all, and
 * {@code iverilog -g2012}, a second and independent front end, must compile the same files.
 */
class GeneratedDesignLintTest {
    static Stream<Designs.Case> cases() {
        return Designs.sweep(50_000, 96).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void lintCleanAndCompilesInIcarus(Designs.Case c) throws Exception {
        RequireTools.require("verilator", "iverilog");
        Path root = Designs.fresh("lint-" + c.seed());
        lint(Designs.write(c, root, 1), root);
    }

    /** Random residual graphs (the model's generator), both requantization modes, serial, random and UP5K folds. */
    static Stream<Long> graphSeeds() {
        return java.util.stream.LongStream.range(60_000, 60_024).boxed();
    }

    @ParameterizedTest(name = "graph seed {0}")
    @MethodSource("graphSeeds")
    void graphDesignsLintCleanAndCompileInIcarus(long seed) throws Exception {
        RequireTools.require("verilator", "iverilog");
        Path root = Designs.fresh("lint-graph-" + seed);
        Network net = GraphDesignsBitExactTest.graph(seed);
        lint(Designs.write(net, GraphDesignsBitExactTest.lower(net, seed), null, root, 1, seed), root);
    }

    private static void lint(Designs.Written w, Path root) throws Exception {
        DesignSummary d = DesignSummary.read(w.designDir());
        List<String> files = VerilatorRunner.lintSources(d, root.resolve("models")).stream().map(Path::toString).toList();

        List<String> lint = new ArrayList<>(List.of("verilator", "--lint-only", "-Wall", "--top-module", d.top()));
        lint.addAll(files);
        Processes.Result l = Processes.run(lint, w.designDir(), Duration.ofMinutes(2));
        assertEquals(0, l.exitCode(), l.output());
        assertTrue(l.output().isBlank(), "verilator -Wall printed:\n" + l.output());

        List<String> icarus = new ArrayList<>(List.of("iverilog", "-g2012", "-Wall", "-s", d.top(), "-o", root.resolve("design.vvp").toString()));
        icarus.addAll(files);
        Processes.Result i = Processes.run(icarus, w.designDir(), Duration.ofMinutes(2));
        assertEquals(0, i.exitCode(), i.output());
    }
}
