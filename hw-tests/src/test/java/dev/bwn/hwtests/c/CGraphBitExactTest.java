package dev.bwn.hwtests.c;

import dev.bwn.hwtests.RequireTools;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

/**
 * Random graphs (residual blocks with identity and strided 1x1-projection skips, nested blocks, global average pooling,
 * flat residual adds; multiply and shift requantization; every kernel; 2..16-bit activations) compiled with gcc AND
 * clang under {@code -std=c99 -Wall -Wextra -Werror -pedantic -O2} in debug mode, run on per-tensor vectors: every
 * tensor and the logits must equal the Java reference. 2 batches of 50 graphs, each with both compilers = 100 graphs
 * per compiler, one compile and one run per batch.
 */
class CGraphBitExactTest {
    static final int GRAPHS_PER_BATCH = 50;

    @ParameterizedTest(name = "batch {0} with {1}")
    @CsvSource({"0, gcc", "0, clang", "1, gcc", "1, clang"})
    void randomGraphsMatchTheReferenceTensorByTensor(int batch, String compiler, @TempDir Path dir) throws Exception {
        RequireTools.require(compiler);
        List<CDesign> designs = CFixtures.randomGraphDesigns(20_000L + (long) batch * GRAPHS_PER_BATCH, GRAPHS_PER_BATCH, dir);
        List<CRunResult> results = CHostRunner.run(designs, dir, CHostRunner.Options.defaults().withCompiler(compiler));
        CFixtures.assertAllPassedOnEveryVector(results, GRAPHS_PER_BATCH);
    }
}
