package dev.bwn.hwtests.verilog;

import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.Network;
import dev.bwn.model.RepoRoot;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.random.RandomNetworks;
import dev.bwn.model.vectors.TestVectors;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed RTL of the shipped models ({@code examples/generated/verilog/TOP}, kept current by the codegen golden
 * test) is lint-clean under {@code verilator -Wall} and bit-exact in Verilator against the reference on random images,
 * the first two all-black and all-white. This is exactly what users get when they take the example design.
 */
class ShippedExamplesTest {
    private static final int VECTORS = 6;

    @Test
    void committedExampleDesignsAreLintCleanAndBitExact() throws Exception {
        RequireTools.require("verilator");
        Path root = RepoRoot.find();
        List<Path> models = new ArrayList<>();
        try (Stream<Path> s = Files.list(root.resolve("examples"))) {
            s.filter(p -> p.getFileName().toString().endsWith(".bwn.json")).sorted().forEach(models::add);
        }
        Path work = Designs.fresh("shipped");
        List<VerilatorRunner.Job> jobs = new ArrayList<>();
        for (Path model : models) {
            Network net = ModelIo.read(model);
            Path dir = null;
            try (Stream<Path> s = Files.list(root.resolve("examples/generated/verilog"))) {
                for (Path d : s.toList()) {
                    if (Files.exists(d.resolve("design.txt")) && DesignSummary.read(d).inputSize() == net.inputSize()
                            && Files.readString(d.resolve(DesignSummary.read(d).top() + ".v")).contains("\"" + net.name() + "\"")) {
                        dir = d;
                    }
                }
            }
            assertTrue(dir != null, "no committed design for " + model.getFileName());
            DesignSummary d = DesignSummary.read(dir);
            List<String> lint = new ArrayList<>(List.of("verilator", "--lint-only", "-Wall", "--top-module", d.top()));
            // weights in SPRAM: with the model of the SB_SPRAM256KA primitive the design instantiates
            VerilatorRunner.lintSources(d, work).forEach(p -> lint.add(p.toString()));
            Processes.Result l = Processes.run(lint, dir, Duration.ofMinutes(2));
            assertEquals(0, l.exitCode(), l.output());
            assertTrue(l.output().isBlank(), l.output());
            Path vectors = work.resolve(d.top() + "-vectors");
            TestVectors.write(net, RandomNetworks.randomInputs(net, VECTORS, 2026), vectors, false);
            jobs.add(new VerilatorRunner.Job(dir, vectors));
        }
        VerilatorRunner.Result r = VerilatorRunner.run(jobs, VerilatorRunner.Options.defaults(Designs.CACHE));
        for (VerilatorRunner.DesignResult d : r.designs()) {
            assertTrue(d.passed(), d.top() + ": " + d.failure());
        }
    }
}
