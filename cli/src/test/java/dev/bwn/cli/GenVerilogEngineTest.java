package dev.bwn.cli;

import dev.bwn.model.ActivationType;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Flatten;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.RepoRoot;
import dev.bwn.model.RequantMode;
import dev.bwn.model.Shape;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bwn gen verilog --engine auto|pipeline|sequential} through the CLI: the engine is written when asked for, and
 * by default when the pipeline does not fit and the engine does; combinations that cannot be honoured and networks
 * the engine cannot run are refused in one line (exit 2), with nothing written and the surrounding folder untouched.
 */
class GenVerilogEngineTest {
    private static final Path TINY = RepoRoot.find().resolve("examples/mnist-tiny.bwn.json");
    private static final Path RESNET8 = RepoRoot.find().resolve("examples/mnist-resnet8.bwn.json");

    @Test
    void sequentialWritesTheEngineAndAutoKeepsThePipelineThatFits(@TempDir Path dir) throws Exception {
        CliRun seq = CliRun.bwn("gen", "verilog", TINY.toString(), "-o", dir.resolve("seq").toString(), "--engine", "sequential")
                .assertOk();
        assertTrue(seq.out().contains("layer-sequential engine"), seq.out());
        assertTrue(Files.isRegularFile(dir.resolve("seq/mnist_tiny_engine.v")));
        assertTrue(Files.readString(dir.resolve("seq/README.md")).contains("-o DIR --engine sequential`"));
        CliRun auto = CliRun.bwn("gen", "verilog", TINY.toString(), "-o", dir.resolve("auto").toString()).assertOk();
        assertFalse(auto.out().contains("engine"), auto.out());
        assertFalse(Files.exists(dir.resolve("auto/mnist_tiny_engine.v")));
    }

    @Test
    void autoTakesTheEngineWhenThePipelineDoesNotFit(@TempDir Path dir) throws Exception {
        CliRun auto = CliRun.bwn("gen", "verilog", RESNET8.toString(), "-o", dir.resolve("auto").toString()).assertOk();
        assertTrue(auto.out().startsWith("engine: layer-sequential (the pipeline does not fit the up5k: logic cells "), auto.out());
        assertTrue(Files.isRegularFile(dir.resolve("auto/mnist_resnet8_engine.v")));
        assertFalse(auto.out().contains("does NOT fit"), auto.out());
    }

    @Test
    void badCombinationsAreOneLineAndTouchNothing(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("keep.txt"), "mine");
        Path fold = dir.resolve("fold.txt");
        Files.writeString(fold, "1 1 conv0\n");
        var before = FolderSnapshot.of(dir);
        String out = dir.resolve("v").toString();
        CliRun.bwn("gen", "verilog", TINY.toString(), "-o", out, "--engine", "fast")
                .assertRefused("--engine: must be auto, pipeline or sequential, got \"fast\"");
        CliRun.bwn("gen", "verilog", TINY.toString(), "-o", out, "--engine", "sequential", "--fold", fold.toString())
                .assertRefused("--fold " + fold + " shapes the pipeline's stages; the sequential engine has none");
        CliRun.bwn("gen", "verilog", TINY.toString(), "-o", out, "--engine", "sequential", "--no-fuse")
                .assertRefused("--no-fuse shapes the pipeline's stages; the sequential engine has none");
        CliRun.bwn("gen", "verilog", TINY.toString(), "-o", out, "--engine", "sequential", "--device", "hx8k",
                "--weights-in", "spram").assertRefused("--weights-in spram: the hx8k has no SPRAM");
        assertEquals(before, FolderSnapshot.of(dir));
    }

    /** A last conv2d with several output pixels, flattened: its channel-by-channel order is not the flat order. */
    @Test
    void aNetworkTheEngineCannotRunIsRefusedNamingTheLayer(@TempDir Path dir) throws Exception {
        SplittableRandom rnd = new SplittableRandom(5);
        ActivationType u8 = ActivationType.UINT8;
        ActivationType s16 = new ActivationType(16, true);
        Conv2d conv = new Conv2d("spatial_logits", 2, 3, 3, 1, 1, 1, 1, RandomNetworks.randomWeights(rnd, 2, 9),
                RandomNetworks.randomRequant(rnd, 2, 9, u8, s16, RequantMode.MULTIPLY), s16);
        Network net = new Network("flat_end", Provenance.of("test"), new Shape(1, 3, 3), u8, RequantMode.MULTIPLY,
                List.of(conv, new Flatten("flat")));
        Path model = dir.resolve("flat-end.bwn.json");
        ModelIo.write(net, model);
        var before = FolderSnapshot.of(dir);
        CliRun.bwn("gen", "verilog", model.toString(), "-o", dir.resolve("v").toString(), "--engine", "sequential")
                .assertRefused("layer \"spatial_logits\": the sequential engine sends the network output in the order it computes it");
        assertEquals(before, FolderSnapshot.of(dir));
        // auto keeps the pipeline, which runs it
        CliRun auto = CliRun.bwn("gen", "verilog", model.toString(), "-o", dir.resolve("auto").toString()).assertOk();
        assertFalse(auto.out().contains("engine"), auto.out());
    }
}
