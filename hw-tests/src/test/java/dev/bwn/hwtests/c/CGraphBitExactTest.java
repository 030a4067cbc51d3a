package dev.bwn.hwtests.c;

import dev.bwn.hwtests.RequireTools;
import dev.bwn.hwtests.Shard;
import dev.bwn.hwtests.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random graphs (residual blocks with identity and strided 1x1-projection skips, nested blocks, global average pooling,
 * flat residual adds; multiply and shift requantization; every kernel; 2..16-bit activations) compiled with gcc AND
 * clang under {@code -std=c99 -Wall -Wextra -Werror -pedantic -O2} in debug mode, run on per-tensor vectors: every
 * tensor and the logits must equal the Java reference. Batches of 50 graphs, each with both compilers, one compile
 * and one run per batch and compiler: 100 graphs per compiler in the default run, 2,000 under {@code -Pexhaustive}
 * ({@code -Dbwn.c.graphs=N} sets another number); {@code -Dbwn.shard=K/N} runs shard K of N of the (batch, compiler)
 * runs.
 */
class CGraphBitExactTest {
    static final int GRAPHS_PER_BATCH = 50;
    static final int DEFAULT_GRAPHS = 100;
    static final int EXHAUSTIVE_GRAPHS = 2000;
    /** Overrides the number of graphs per compiler in either mode. */
    static final String COUNT_PROPERTY = "bwn.c.graphs";
    static final List<String> COMPILERS = List.of("gcc", "clang");

    /** 2,000 graphs per compiler under {@code -Pexhaustive}, 100 otherwise, unless {@code -Dbwn.c.graphs=N} says. */
    static int graphCount(boolean exhaustive) {
        return Integer.getInteger(COUNT_PROPERTY, exhaustive ? EXHAUSTIVE_GRAPHS : DEFAULT_GRAPHS);
    }

    /**
     * Batch number, graphs in it and compiler for {@code count} graphs per compiler, shard K of N of them (every batch
     * keeps its seeds, so the shards together are the whole sweep).
     */
    static List<Arguments> runs(int count, Shard shard) {
        List<Arguments> all = new ArrayList<>();
        for (int batch = 0; batch * GRAPHS_PER_BATCH < count; batch++) {
            for (String compiler : COMPILERS) {
                all.add(Arguments.of(batch, Math.min(GRAPHS_PER_BATCH, count - batch * GRAPHS_PER_BATCH), compiler));
            }
        }
        return shard.select(all);
    }

    static Stream<Arguments> runs() {
        return runs(graphCount(Tools.exhaustive()), Shard.fromSystemProperty()).stream();
    }

    /** The sweep sizes the issue asks for, and shards that together run every (batch, compiler) exactly once. */
    @Test
    void theExhaustiveSweepRuns2000GraphsPerCompilerSplitIntoShards() {
        assertEquals(EXHAUSTIVE_GRAPHS, graphsPerCompiler(runs(EXHAUSTIVE_GRAPHS, Shard.WHOLE), "gcc"));
        assertEquals(EXHAUSTIVE_GRAPHS, graphsPerCompiler(runs(EXHAUSTIVE_GRAPHS, Shard.WHOLE), "clang"));
        assertEquals(DEFAULT_GRAPHS, graphsPerCompiler(runs(DEFAULT_GRAPHS, Shard.WHOLE), "clang"));
        assertEquals(7, graphsPerCompiler(runs(7, Shard.WHOLE), "gcc"));
        List<List<Object>> merged = new ArrayList<>();
        for (int k = 1; k <= 7; k++) {
            runs(EXHAUSTIVE_GRAPHS, new Shard(k, 7)).forEach(a -> merged.add(List.of(a.get())));
        }
        assertEquals(runs(EXHAUSTIVE_GRAPHS, Shard.WHOLE).stream().map(a -> List.of(a.get())).toList(), merged);
    }

    private static int graphsPerCompiler(List<Arguments> runs, String compiler) {
        return runs.stream().filter(a -> a.get()[2].equals(compiler)).mapToInt(a -> (Integer) a.get()[1]).sum();
    }

    @ParameterizedTest(name = "batch {0} ({1} graphs) with {2}")
    @MethodSource("runs")
    void randomGraphsMatchTheReferenceTensorByTensor(int batch, int graphs, String compiler, @TempDir Path dir) throws Exception {
        RequireTools.require(compiler);
        List<CDesign> designs = CFixtures.randomGraphDesigns(20_000L + (long) batch * GRAPHS_PER_BATCH, graphs, dir);
        List<CRunResult> results = CHostRunner.run(designs, dir, CHostRunner.Options.defaults().withCompiler(compiler));
        CFixtures.assertAllPassedOnEveryVector(results, graphs);
    }
}
