package dev.bwn.cli;

import dev.bwn.model.RepoRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenVerilogCommandTest {
    private static final Path TINY = RepoRoot.find().resolve("examples/mnist-tiny.bwn.json");

    private static int run(StringWriter out, StringWriter err, String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void fusesPoolsUnlessToldNotTo(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        assertEquals(0, run(new StringWriter(), err, "gen", "verilog", TINY.toString(), "-o", dir.resolve("fused").toString()), err.toString());
        assertEquals(0, run(new StringWriter(), err, "gen", "verilog", TINY.toString(), "-o", dir.resolve("plain").toString(), "--no-fuse"),
                err.toString());
        assertFalse(Files.exists(dir.resolve("fused/mnist_tiny_pool0.v")), "the pool is fused into conv0");
        assertTrue(Files.readString(dir.resolve("fused/report.md")).contains("conv2d+maxpool"));
        assertTrue(Files.isRegularFile(dir.resolve("plain/mnist_tiny_pool0.v")));
        assertTrue(Files.readString(dir.resolve("plain/README.md")).contains("--fold folding.txt --no-fuse"));
        // each design reproduces itself from its own folding.txt
        assertEquals(0, run(new StringWriter(), err, "gen", "verilog", TINY.toString(), "-o", dir.resolve("again").toString(),
                "--no-fuse", "--fold", dir.resolve("plain/folding.txt").toString()), err.toString());
        assertEquals(Files.readString(dir.resolve("plain/mnist_tiny.v")), Files.readString(dir.resolve("again/mnist_tiny.v")));
    }

    @Test
    void aFoldForAFusedPoolIsOneClearLine(@TempDir Path dir) throws Exception {
        Path folds = dir.resolve("folds.txt");
        Files.writeString(folds, "2 2 pool0\n");
        StringWriter err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "gen", "verilog", TINY.toString(), "-o", dir.resolve("v").toString(),
                "--fold", folds.toString()));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("pool0") && err.toString().contains("fused into conv2d \"conv0\""), err.toString());
        assertFalse(Files.exists(dir.resolve("v")));
    }

    @Test
    void axisInterfaceAddsTheWrapperToTheDesign(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("plain");
        Path axis = dir.resolve("axis");
        CliRun.bwn("gen", "verilog", TINY.toString(), "-o", plain.toString()).assertOk();
        CliRun.bwn("gen", "verilog", TINY.toString(), "-o", axis.toString(), "--interface", "axis", "--axis-logits").assertOk();
        assertTrue(Files.readString(axis.resolve("mnist_tiny.f")).endsWith("mnist_tiny.v\nmnist_tiny_axis.v\n"));
        String summary = Files.readString(axis.resolve("design.txt"));
        assertTrue(summary.contains("axis_top mnist_tiny_axis\n") && summary.contains("axis_result_beats 11\n"), summary);
        assertTrue(Files.readString(axis.resolve("README.md")).contains("**784 bytes**"));
        String core = Files.readString(axis.resolve("mnist_tiny.core"));
        assertTrue(core.contains("      - mnist_tiny_axis.v\n") && core.contains("    toplevel: mnist_tiny_axis\n"), core);
        // the core is the same design either way
        assertEquals(Files.readString(plain.resolve("mnist_tiny.v")), Files.readString(axis.resolve("mnist_tiny.v")));
        assertFalse(Files.exists(plain.resolve("mnist_tiny_axis.v")));
    }

    @Test
    void badInterfaceOptionsAreOneLineAndWriteNothing(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("v");
        java.util.SortedMap<String, String> before = FolderSnapshot.of(dir);
        CliRun.bwn("gen", "verilog", TINY.toString(), "-o", out.toString(), "--interface", "axi").assertRefused("--interface");
        CliRun.bwn("gen", "verilog", TINY.toString(), "-o", out.toString(), "--axis-logits").assertRefused("--axis-logits needs --interface axis");
        CliRun.bwn("gen", "verilog", TINY.toString(), "-o", out.toString(), "--interface", "axis", "--weights-in", "spram")
                .assertRefused("--interface axis: this design keeps weights in SPRAM, loaded from SPI flash");
        assertEquals(before, FolderSnapshot.of(dir));
    }

    @Test
    void weightsInSpramComeWithTheirFlashImageAndPorts(@TempDir Path dir) throws Exception {
        Path spram = dir.resolve("spram");
        CliRun r = CliRun.bwn("gen", "verilog", TINY.toString(), "-o", spram.toString(), "--weights-in", "spram").assertOk();
        assertTrue(r.out().contains("4 SPRAMs (weights loaded from SPI flash in "), r.out());
        String top = Files.readString(spram.resolve("mnist_tiny.v"));
        for (String port : new String[]{"flash_sck", "flash_csn", "flash_mosi", "flash_miso", "weights_ready"}) {
            assertTrue(top.contains(port), port);
        }
        assertTrue(top.contains("assign in_ready = link0_ready && weights_ready;"));
        assertTrue(Files.size(spram.resolve("mnist_tiny_weights.bin")) > 0);
        assertFalse(Files.exists(spram.resolve("mnist_tiny_conv0_weights.hex")), "conv0's weights come from the flash image");
        assertTrue(Files.readString(spram.resolve("README.md")).contains("iceprog -o 0x100000 mnist_tiny_weights.bin"));
        // in block RAM, as before: no flash ports, no image
        Path ebr = dir.resolve("ebr");
        CliRun.bwn("gen", "verilog", TINY.toString(), "-o", ebr.toString(), "--weights-in", "ebr").assertOk();
        assertFalse(Files.readString(ebr.resolve("mnist_tiny.v")).contains("flash_sck"));
        assertFalse(Files.exists(ebr.resolve("mnist_tiny_weights.bin")));
    }

    @Test
    void anUnknownWeightMemoryIsOneClearLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("keep.txt"), "mine");
        var before = FolderSnapshot.of(dir);
        CliRun.bwn("gen", "verilog", TINY.toString(), "-o", dir.resolve("v").toString(), "--weights-in", "flash")
                .assertRefused("--weights-in: must be auto, ebr or spram, got \"flash\"");
        assertEquals(before, FolderSnapshot.of(dir));
    }

    @Test
    void aModelTooBigForTheDeviceNamesTheResourceThatRunsOut(@TempDir Path dir) throws Exception {
        // on the hx8k (no SPRAM) LeNet-5's 400,000 dense weights cannot move out of block RAM
        CliRun r = CliRun.bwn("gen", "verilog", RepoRoot.find().resolve("examples/mnist-lenet5.bwn.json").toString(), "-o",
                dir.resolve("v").toString(), "--device", "hx8k").assertOk();
        assertTrue(r.out().contains("does NOT fit the hx8k: ") && r.out().contains("block RAMs "), r.out());
        CliRun s = CliRun.bwn("gen", "verilog", RepoRoot.find().resolve("examples/mnist-lenet5.bwn.json").toString(), "-o",
                dir.resolve("s").toString(), "--device", "hx8k", "--weights-in", "spram").assertOk();
        assertTrue(s.out().contains("SPRAMs ") && s.out().contains(" > 0"), s.out());
    }
}
