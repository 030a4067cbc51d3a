package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.VerilogLowering;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.hwtests.Shard;
import dev.bwn.hwtests.Tools;
import dev.bwn.model.Network;
import dev.bwn.model.RequantMode;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random residual graphs from the model's generator ({@link RandomNetworks#generateGraph}: identity and projection
 * skips, nested blocks, max-pools, global average pooling or flatten, adds over flat vectors), kept small, bit-exact
 * in Verilator against the Java reference with every tensor's stream tapped, random input gaps and output
 * back-pressure: 100 in the default run, 2,000 under {@code -Pexhaustive} ({@code -Dbwn.graphs=N} sets another number,
 * {@code -Dbwn.shard=K/N} runs shard K of N of the batches). Both requantization modes; serial, random
 * and UP5K folds. Each image must also leave within the design's estimated latency, and the batch's estimated cycles
 * per image must be within 20% of the measured ones. Designs are batched into one
 * Verilator build each.
 */
class GraphDesignsBitExactTest {
    static final int DEFAULT_GRAPHS = 100;
    static final int EXHAUSTIVE_GRAPHS = 2000;
    /** Overrides the number of graphs in either mode, e.g. {@code -Dbwn.graphs=5} for a quick check. */
    static final String COUNT_PROPERTY = "bwn.graphs";
    static final int BATCH = 25;
    private static final int VECTORS = 6;

    /** A batch of consecutive graphs, built into one Verilator model. */
    record Batch(int first, int count) {
    }

    /**
     * The sweep's batches: {@code count} graphs in batches of {@link #BATCH}, shard K of N of them
     * ({@code -Dbwn.shard=K/N}; every batch keeps its graphs and seeds, so the shards together are the whole sweep).
     */
    static List<Batch> batches(int count, Shard shard) {
        List<Batch> all = new ArrayList<>();
        for (int first = 0; first < count; first += BATCH) {
            all.add(new Batch(first, Math.min(BATCH, count - first)));
        }
        return shard.select(all);
    }

    /** 2,000 graphs under {@code -Pexhaustive}, 100 otherwise, unless {@code -Dbwn.graphs=N} says. */
    static int graphCount(boolean exhaustive) {
        return Integer.getInteger(COUNT_PROPERTY, exhaustive ? EXHAUSTIVE_GRAPHS : DEFAULT_GRAPHS);
    }

    /** The sweep size the issue asks for, and shards that together run every batch exactly once. */
    @Test
    void theExhaustiveSweepRuns2000GraphsSplitIntoShards() {
        assertEquals(EXHAUSTIVE_GRAPHS, batches(EXHAUSTIVE_GRAPHS, Shard.WHOLE).stream().mapToInt(Batch::count).sum());
        assertEquals(5, batches(5, Shard.WHOLE).stream().mapToInt(Batch::count).sum());
        List<Batch> merged = new ArrayList<>();
        for (int k = 1; k <= 6; k++) {
            merged.addAll(batches(EXHAUSTIVE_GRAPHS, new Shard(k, 6)));
        }
        assertEquals(batches(EXHAUSTIVE_GRAPHS, Shard.WHOLE), merged);
    }

    @TestFactory
    Stream<DynamicTest> randomGraphsMatchTheReference() {
        return batches(graphCount(Tools.exhaustive()), Shard.fromSystemProperty()).stream()
                .map(b -> DynamicTest.dynamicTest("graphs " + b.first() + ".." + (b.first() + b.count() - 1),
                        () -> runBatch(b.first(), b.count())));
    }

    /** Small graphs: the generator's defaults with fewer channels and pixels, so a batch builds in reasonable time. */
    static final RandomNetworks.GraphOptions SMALL = new RandomNetworks.GraphOptions(3, 2, 1, 4, 8, 16, 2, 8,
            RequantMode.MULTIPLY, false);

    static Network graph(long seed) {
        return RandomNetworks.generateGraph(seed, SMALL.withRequantMode(seed % 2 == 0 ? RequantMode.MULTIPLY : RequantMode.SHIFT));
    }

    static VerilogDesign lower(Network net, long seed) {
        VerilogLowering.Options auto = VerilogLowering.Options.auto(Device.GENERIC, "bwn test");
        return switch ((int) (seed % 3)) {
            case 0 -> VerilogLowering.lower(net, auto.withFolds(Map.of(), false));
            case 1 -> VerilogLowering.lower(net, auto.withFusedPools(seed % 2 == 0).withFolds(Designs.randomFolds(net, seed), false));
            default -> VerilogLowering.lower(net, VerilogLowering.Options.auto(Device.UP5K, "bwn test"));
        };
    }

    /**
     * Graphs the exhaustive sweep once failed on, built with the first batch of every run: seed 7659 (a global pool
     * over unsigned values in shift mode whose sum range is narrower than its accumulator).
     */
    static final List<Long> FOUND_BY_THE_SWEEP = List.of(7659L);

    private static void runBatch(int first, int n) throws Exception {
        RequireTools.require("verilator");
        Path root = Designs.fresh("graphs-" + first);
        List<Designs.Written> written = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            seeds.add(7000L + first + i);
        }
        if (first == 0) {
            seeds.addAll(FOUND_BY_THE_SWEEP);
        }
        for (long seed : seeds) {
            Network net = graph(seed);
            written.add(Designs.write(net, lower(net, seed), null, root, VECTORS, seed ^ 0x5eed));
        }
        VerilatorRunner.Result r = VerilatorRunner.run(written.stream().map(Designs.Written::job).toList(),
                VerilatorRunner.Options.defaults(Designs.CACHE).withSeed(first).withTaps(true));
        StringBuilder failures = new StringBuilder();
        double measured = 0;
        double estimated = 0;
        for (int i = 0; i < written.size(); i++) {
            VerilatorRunner.DesignResult d = r.designs().get(i);
            assertEquals(written.get(i).design().topModule(), d.top());
            if (!d.passed()) {
                failures.append(written.get(i).network().name()).append(": ").append(d.failure()).append('\n');
            } else {
                assertEquals(VECTORS, d.vectors());
                measured += d.cyclesPerImage();
                estimated += written.get(i).design().initiationInterval();
                long bound = written.get(i).design().latencyCycles();
                if (d.latencyCycles() > bound || d.cyclesPerImage() > bound) {
                    failures.append(written.get(i).network().name()).append(": ").append(d.latencyCycles())
                            .append(" cycles latency, ").append(d.cyclesPerImage()).append(" cycles/image exceed the estimated latency ")
                            .append(bound).append('\n');
                }
            }
        }
        // the estimated initiation interval against the measured steady-state cycles per image, over the batch
        System.out.printf(java.util.Locale.ROOT, "graphs %d..%d%s: %.0f cycles/image measured, %.0f estimated%n", first, first + n - 1,
                seeds.size() > n ? " and " + seeds.subList(n, seeds.size()) : "", measured, estimated);
        if (failures.length() == 0 && Math.abs(estimated - measured) > 0.2 * measured) {
            failures.append(String.format(java.util.Locale.ROOT, "estimated %.0f cycles/image against %.0f measured (more than 20%%)%n",
                    estimated, measured));
        }
        if (failures.length() > 0 || !r.passed()) {
            fail(failures + "\n" + dev.bwn.hwtests.Processes.tail(r.output(), 3000));
        }
    }
}
