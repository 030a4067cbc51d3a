package dev.bwn.cli;

import dev.bwn.model.Network;
import dev.bwn.model.RepoRoot;
import dev.bwn.model.io.ModelIo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;

import static dev.bwn.cli.CliRun.bwn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bwn import onnx} through the CLI on the committed PyTorch and QONNX fixtures: the chain imports with
 * calibration, prints its per-layer summary and agreement, and the imported model passes {@code bwn verify --target all}
 * (host C, C on QEMU Cortex-M3, Verilog in Verilator); the QONNX chain needs no calibration; an existing output is never overwritten.
 */
class ImportOnnxCommandTest {
    static final Path FIXTURES = RepoRoot.find().resolve("importer/src/test/resources/dev/bwn/importer/fixtures");

    @TempDir
    Path dir;

    @Test
    void importedChainPassesVerifyOnCAndVerilog() {
        Path model = dir.resolve("chain.bwn.json");
        CliRun run = bwn("import", "onnx", FIXTURES.resolve("chain.onnx").toString(), "-o", model.toString(),
                "--input-scale", "1/255", "--calibration", "mnist", "--calibration-images", "300").assertOk();
        assertTrue(run.out().contains("conv2d   /conv1/Conv <- /conv1/Conv + /Relu: out u8"), run.out());
        assertTrue(run.out().contains("binary weights (float initializer)"), run.out());
        assertTrue(run.out().contains("on 300 calibration images: float graph"), run.out());
        Network net = ModelIo.read(model);
        assertEquals(6, net.layers().size());
        assertEquals("image", net.inputName());

        CliRun verify = bwn("verify", model.toString(), "--target", "all", "--vectors", "10", "--jobs", "1");
        verify.assertOk();
        assertEquals(3, verify.out().lines().filter(l -> l.contains("PASS")).count(), verify.out());
    }

    @Test
    void qonnxChainImportsWithoutCalibration() {
        Path model = dir.resolve("q.bwn.json");
        CliRun run = bwn("import", "onnx", FIXTURES.resolve("qonnx-chain.onnx").toString(), "-o", model.toString()).assertOk();
        assertTrue(run.out().contains("BipolarQuant"), run.out());
        assertTrue(run.out().contains("computed by Quant"), run.out());
        assertTrue(run.out().contains("(from node 'input_quant' (Quant))"), run.out());
        assertTrue(Files.isRegularFile(model));
    }

    @Test
    void anExistingOutputIsNeverOverwritten() throws Exception {
        Path model = dir.resolve("taken.bwn.json");
        Files.writeString(model, "the user's file");
        SortedMap<String, String> before = FolderSnapshot.of(dir);
        bwn("import", "onnx", FIXTURES.resolve("qonnx-chain.onnx").toString(), "-o", model.toString())
                .assertRefused("already exists");
        assertEquals(before, FolderSnapshot.of(dir));
    }

    @Test
    void withoutAnInputScaleOrCalibrationTheImportSaysWhatIsMissing() {
        Path model = dir.resolve("m.bwn.json");
        bwn("import", "onnx", FIXTURES.resolve("chain.onnx").toString(), "-o", model.toString())
                .assertRefused("give --input-scale");
        bwn("import", "onnx", FIXTURES.resolve("chain.onnx").toString(), "-o", model.toString(), "--input-scale", "1/255")
                .assertRefused("node '/Relu' (Relu): the range of its output is unknown: give --calibration");
        assertFalse(Files.exists(model));
    }
}
