package dev.bwn.hwtests.c;

import dev.bwn.codegen.c.COptions;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.Network;
import dev.bwn.model.RepoRoot;
import dev.bwn.model.vectors.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The generated code linked into one bare-metal image for QEMU's Cortex-M3 board (mps2-an385, semihosting) gives the
 * reference logits and classes for 100 MNIST test images of the shipped tiny model (its random-weight stand-in until
 * the trainer ships examples/mnist-tiny.bwn.json) and for random models, every layer checked for those.
 */
class CQemuTest {
    static final int MNIST_VECTORS = 100;

    @Test
    void shippedModelOnMnistAndRandomModelsMatchOnCortexM3(@TempDir Path dir) throws Exception {
        RequireTools.require("arm-none-eabi-gcc", "qemu-system-arm");
        Network tiny = StandInModels.shippedOrStandIn(RepoRoot.find(), StandInModels.TINY);
        Path tinyVectors = dir.resolve("vectors-tiny");
        TestVectors.write(tiny, CFixtures.mnistTestImages(MNIST_VECTORS), tinyVectors, false);
        List<CDesign> designs = new ArrayList<>();
        designs.add(CDesign.generate(tiny, COptions.defaults(), dir.resolve("design-tiny"), tinyVectors));
        designs.addAll(CFixtures.randomDesigns(9000, 6, dir));
        List<CRunResult> results = CQemuRunner.run(designs, dir, CQemuRunner.Options.cortexM3());
        CFixtures.assertAllPassed(results);
        assertEquals(MNIST_VECTORS, results.get(0).results().size());
    }

    /** 20 random graphs (residual blocks, global average pooling), every tensor checked on the Cortex-M3. */
    @Test
    void randomGraphsMatchTensorByTensorOnCortexM3(@TempDir Path dir) throws Exception {
        RequireTools.require("arm-none-eabi-gcc", "qemu-system-arm");
        List<CDesign> designs = CFixtures.randomGraphDesigns(29_000, 20, dir);
        List<CRunResult> results = CQemuRunner.run(designs, dir, CQemuRunner.Options.cortexM3().withDebug(true));
        CFixtures.assertAllPassed(results);
        assertEquals(20, results.size());
    }

    @Test
    void randomModelsMatchLayerByLayerOnCortexM3(@TempDir Path dir) throws Exception {
        RequireTools.require("arm-none-eabi-gcc", "qemu-system-arm");
        List<CDesign> designs = CFixtures.randomDesigns(9100, 8, dir);
        CFixtures.assertAllPassed(CQemuRunner.run(designs, dir, CQemuRunner.Options.cortexM3().withDebug(true)));
    }
}
