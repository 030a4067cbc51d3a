package dev.bwn.hwtests.verilog;

import dev.bwn.hwtests.RequireTools;
import dev.bwn.hwtests.Shard;
import dev.bwn.hwtests.Tools;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random full designs, bit-exact in Verilator against the Java reference: 100 in the default run, 2,000 under
 * {@code -Pexhaustive}, sweeping layer kinds x activation widths x requantization mode x folding (serial, random
 * divisors up to 8 wide with random kernel taps, automatic for up5k). Designs are batched into one Verilator build
 * each to pay the C++ compile once per batch. Every design must also finish each image within its estimated latency bound. Per-layer taps are on,
 * so every layer's output stream is compared too (which also proves the taps' element order for every folding).
 * {@code -Dbwn.shard=K/N} runs shard K of N of the batches ({@link Shard}).
 */
class RandomDesignsBitExactTest {
    private static final int DEFAULT_DESIGNS = 100;
    private static final int EXHAUSTIVE_DESIGNS = 2000;
    private static final int BATCH = 25;
    private static final int VECTORS = 12;

    @TestFactory
    Stream<DynamicTest> randomDesignsMatchTheReference() {
        int count = Tools.exhaustive() ? EXHAUSTIVE_DESIGNS : DEFAULT_DESIGNS;
        List<Designs.Case> cases = Designs.simulationSweep(1000, count);
        List<DynamicTest> tests = new ArrayList<>();
        for (int start = 0; start < cases.size(); start += BATCH) {
            List<Designs.Case> batch = cases.subList(start, Math.min(cases.size(), start + BATCH));
            int first = start;
            tests.add(DynamicTest.dynamicTest("designs " + first + ".." + (first + batch.size() - 1), () -> runBatch(first, batch)));
        }
        // -Dbwn.shard=K/N: CI runners split the batches; each batch keeps its designs and seed, so the shards together
        // are the whole sweep
        return Shard.fromSystemProperty().select(tests).stream();
    }

    private static void runBatch(int first, List<Designs.Case> batch) throws Exception {
        RequireTools.require("verilator");
        Path root = Designs.fresh("random-" + first);
        List<Designs.Written> written = new ArrayList<>();
        for (Designs.Case c : batch) {
            written.add(Designs.write(c, root, VECTORS));
        }
        VerilatorRunner.Result r = VerilatorRunner.run(written.stream().map(Designs.Written::job).toList(),
                VerilatorRunner.Options.defaults(Designs.CACHE).withSeed(first).withTaps(true));
        StringBuilder failures = new StringBuilder();
        for (int i = 0; i < written.size(); i++) {
            Designs.Written w = written.get(i);
            VerilatorRunner.DesignResult d = r.designs().get(i);
            assertEquals(w.design().topModule(), d.top());
            if (!d.passed()) {
                failures.append(w.testCase()).append(": ").append(d.failure()).append('\n');
                continue;
            }
            assertEquals(VECTORS, d.vectors());
            // each image leaves within the estimated empty-pipeline latency; steady state is never slower than that
            long bound = w.design().latencyCycles();
            if (d.latencyCycles() > bound || d.cyclesPerImage() > bound) {
                failures.append(w.testCase()).append(String.format(Locale.ROOT,
                        ": %d cycles latency and %.0f cycles/image exceed the estimated latency %d%n", d.latencyCycles(),
                        d.cyclesPerImage(), bound));
            }
        }
        if (failures.length() > 0) {
            fail(failures + "\n" + outputTail(r.output()));
        }
        assertTrue(r.passed(), () -> outputTail(r.output()));
    }

    private static String outputTail(String s) {
        return dev.bwn.hwtests.Processes.tail(s, 3000);
    }
}
