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
}
