package dev.bwn.hwtests.c;

import dev.bwn.hwtests.RequireTools;
import dev.bwn.hwtests.Shard;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Random models (multiply and shift requantization, every kernel, fused and unfused pools, single-header and two-file
 * packaging, 2..16-bit activations) compiled with gcc and clang under {@code -std=c99 -Wall -Wextra -Werror -pedantic
 * -O2} in debug mode, and run on per-layer vectors: every layer's output and the logits must equal the Java
 * reference. 6 batches of 40 models = 240 models, one compile and one run per batch.
 */
class CHostBitExactTest {
    static final int MODELS_PER_BATCH = 40;

    static final int BATCHES = 6;

    /** Batch number and compiler, gcc and clang alternating; {@code -Dbwn.shard=K/N} keeps shard K of N of them. */
    static Stream<Arguments> batches() {
        List<Arguments> all = IntStream.range(0, BATCHES).mapToObj(b -> Arguments.of(b, b % 2 == 0 ? "gcc" : "clang")).toList();
        return Shard.fromSystemProperty().select(all).stream();
    }

    @ParameterizedTest(name = "batch {0} with {1}")
    @MethodSource("batches")
    void randomModelsMatchTheReferenceLayerByLayer(int batch, String compiler, @TempDir Path dir) throws Exception {
        RequireTools.require(compiler);
        List<CDesign> designs = CFixtures.randomDesigns(1000L + (long) batch * MODELS_PER_BATCH, MODELS_PER_BATCH, dir);
        List<CRunResult> results = CHostRunner.run(designs, dir, CHostRunner.Options.defaults().withCompiler(compiler));
        CFixtures.assertAllPassedOnEveryVector(results, MODELS_PER_BATCH);
    }
}
