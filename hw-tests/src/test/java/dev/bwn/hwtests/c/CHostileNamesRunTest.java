package dev.bwn.hwtests.c;

import dev.bwn.codegen.c.COptions;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.ActivationType;
import dev.bwn.model.Dense;
import dev.bwn.model.Flatten;
import dev.bwn.model.Layer;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.RequantMode;
import dev.bwn.model.Shape;
import dev.bwn.model.random.RandomNetworks;
import dev.bwn.model.vectors.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A model whose names try to inject code ({@code x); system("rm -rf /"); //}, comment terminators, keywords) still
 * generates C that compiles under -Werror, in both packagings, and computes the reference bits.
 */
class CHostileNamesRunTest {
    @Test
    void hostileNamesCompileAndRunBitExact(@TempDir Path dir) throws Exception {
        RequireTools.require("gcc");
        SplittableRandom rnd = new SplittableRandom(1);
        ActivationType s16 = new ActivationType(16, true);
        List<Layer> layers = List.of(
                new Flatten("*/ #include </etc/passwd> /*"),
                new Dense("x); system(\"rm -rf /\"); //", 4, RandomNetworks.randomWeights(rnd, 4, 12),
                        RandomNetworks.randomRequant(rnd, 4, 12, ActivationType.UINT8, ActivationType.UINT8, RequantMode.MULTIPLY),
                        ActivationType.UINT8),
                new Dense("int", 3, RandomNetworks.randomWeights(rnd, 3, 4),
                        RandomNetworks.randomRequant(rnd, 3, 4, ActivationType.UINT8, s16, RequantMode.MULTIPLY), s16));
        Provenance p = new Provenance("test */ evil(); /*", "a \\", null, null, null, null, null, Map.of("k\"", "v*/"));
        Network net = new Network("main\"); exit(1); /*", p, new Shape(3, 2, 2), ActivationType.UINT8, RequantMode.MULTIPLY, layers);
        Path vectors = dir.resolve("vectors");
        TestVectors.write(net, RandomNetworks.randomInputs(net, 8, 1), vectors, true);
        CDesign twoFiles = CDesign.generate(net, COptions.defaults(), dir.resolve("two"), vectors);
        CDesign single = CDesign.generate(net, COptions.defaults().withSingleHeader(true).withName("single " + net.name()),
                dir.resolve("single"), vectors);
        CFixtures.assertAllPassed(CHostRunner.run(List.of(twoFiles, single), dir, CHostRunner.Options.defaults()));
    }
}
