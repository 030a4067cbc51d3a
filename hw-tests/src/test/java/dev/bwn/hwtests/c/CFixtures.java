package dev.bwn.hwtests.c;

import dev.bwn.codegen.c.CKernel;
import dev.bwn.codegen.c.COptions;
import dev.bwn.model.Network;
import dev.bwn.model.RepoRoot;
import dev.bwn.model.RequantMode;
import dev.bwn.model.data.Dataset;
import dev.bwn.model.data.LabeledImages;
import dev.bwn.model.data.Split;
import dev.bwn.model.random.RandomNetworks;
import dev.bwn.model.vectors.TestVectors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;

/** Random designs with their vectors, and the repository's shipped models, for the C suites. */
final class CFixtures {
    static final int VECTORS_PER_RANDOM_MODEL = 6;

    private CFixtures() {
    }

    /**
     * The random network for {@code seed}, varied by seed: multiply or shift requantization, 2..8-bit or 2..16-bit
     * activations, uint8 or random input types, dense-only stacks.
     */
    static Network randomNetwork(long seed) {
        RandomNetworks.Options o = RandomNetworks.Options.defaults();
        if (seed % 3 == 1) {
            o = o.withRequantMode(RequantMode.SHIFT);
        }
        if (seed % 4 == 2) {
            o = o.withActivationBits(2, 16);
        }
        if (seed % 7 == 3) {
            o = new RandomNetworks.Options(o.maxConvLayers(), o.maxDenseLayers(), o.maxChannels(), o.maxSpatial(),
                    o.maxFeatures(), o.minActivationBits(), o.maxActivationBits(), o.requantMode(), true);
        }
        if (seed % 11 == 5) {
            o = o.denseOnly();
        }
        return RandomNetworks.generate(seed, o);
    }

    /** Kernel choice and packaging varied by seed, so every kernel and the single-header form get exercised. */
    static COptions randomOptions(long seed) {
        COptions o = COptions.defaults();
        // seed / 4, so that every kernel meets the 2..16-bit activations of seed % 4 == 2
        o = switch ((int) (seed / 4 % 5)) {
            case 0 -> o;
            case 1 -> o.withKernel(CKernel.ADDSUB);
            case 2 -> o.withKernel(CKernel.LUT4);
            case 3 -> o.withKernel(CKernel.LUT4V);
            default -> o.withKernel(CKernel.LUT4SWAR);
        };
        if (seed % 5 == 0) {
            o = o.withSingleHeader(true);
        }
        if (seed % 13 == 7) {
            o = o.withFusion(false);
        }
        return o;
    }

    /**
     * The random graph for {@code seed} (residual blocks with identity and projection skips, nested blocks, global
     * average pooling; RandomNetworks.generateGraph), varied by seed like {@link #randomNetwork}.
     */
    static Network randomGraph(long seed) {
        RandomNetworks.GraphOptions o = RandomNetworks.GraphOptions.defaults();
        if (seed % 3 == 1) {
            o = o.withRequantMode(RequantMode.SHIFT);
        }
        if (seed % 4 == 2) {
            o = o.withActivationBits(2, 16);
        }
        if (seed % 7 == 3) {
            o = o.withRandomInputType();
        }
        return RandomNetworks.generateGraph(seed, o);
    }

    /** Generates designs and per-layer vectors for seeds {@code first .. first+count-1} under {@code dir}. */
    static List<CDesign> randomDesigns(long first, int count, Path dir) throws IOException {
        return designs(first, count, dir, CFixtures::randomNetwork);
    }

    /** As {@link #randomDesigns} for random graphs: every tensor is checked. */
    static List<CDesign> randomGraphDesigns(long first, int count, Path dir) throws IOException {
        return designs(first, count, dir, CFixtures::randomGraph);
    }

    private static List<CDesign> designs(long first, int count, Path dir, LongFunction<Network> networks) throws IOException {
        List<CDesign> designs = new ArrayList<>();
        for (long seed = first; seed < first + count; seed++) {
            Network net = networks.apply(seed);
            Path vectors = dir.resolve("vectors-" + seed);
            TestVectors.write(net, RandomNetworks.randomInputs(net, VECTORS_PER_RANDOM_MODEL, seed), vectors, true);
            designs.add(CDesign.generate(net, randomOptions(seed), dir.resolve("design-" + seed), vectors));
        }
        return designs;
    }

    /** The first {@code count} MNIST test images. */
    static List<int[]> mnistTestImages(int count) {
        LabeledImages images = Dataset.load(Dataset.MNIST, Split.TEST).head(count);
        return Arrays.asList(images.images());
    }

    /** Every one of {@code designs} designs passed and ran all its random vectors. */
    static void assertAllPassedOnEveryVector(List<CRunResult> results, int designs) {
        assertAllPassed(results);
        org.junit.jupiter.api.Assertions.assertEquals(designs, results.size());
        for (CRunResult r : results) {
            org.junit.jupiter.api.Assertions.assertEquals(VECTORS_PER_RANDOM_MODEL, r.results().size(), r.prefix());
        }
    }

    /** Fails with every mismatch line (and the tail of the log) when a design did not match bit for bit. */
    static void assertAllPassed(List<CRunResult> results) {
        StringBuilder problems = new StringBuilder();
        for (CRunResult r : results) {
            if (!r.passed()) {
                problems.append(r.prefix()).append(": ").append(r.mismatchingVectors()).append(" of ").append(r.expectedVectors())
                        .append(" vectors differ, completed=").append(r.completed()).append('\n');
                r.mismatches().stream().limit(5).forEach(m -> problems.append("  ").append(m).append('\n'));
            }
        }
        if (!problems.isEmpty()) {
            String log = results.isEmpty() ? "" : results.get(0).log();
            org.junit.jupiter.api.Assertions.fail(problems + "--- program output (tail) ---\n"
                    + log.substring(Math.max(0, log.length() - 3000)));
        }
    }
}
