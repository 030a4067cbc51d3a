package dev.bwn.cli;

import dev.bwn.model.RepoRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kernel taps through the CLI: a fold file's {@code taps=N} reaches the design (its report, its folding.txt, the
 * layer's header) and the design reproduces itself from its own folding.txt; taps a layer cannot take are refused
 * in one line naming the layer (or the file and line for a malformed entry), exit 2, with nothing written.
 */
class KernelTapsFoldTest {
    private static final Path TINY = RepoRoot.find().resolve("examples/mnist-tiny.bwn.json");

    @Test
    void tapsFromAFoldFileReachTheDesignAndItsReport(@TempDir Path dir) throws Exception {
        Path folds = dir.resolve("folds.txt");
        Files.writeString(folds, "# conv0 reads five kernel positions per cycle\n6 1 taps=5 conv0\n");
        Path out = dir.resolve("v");
        CliRun.bwn("gen", "verilog", TINY.toString(), "-o", out.toString(), "--fold", folds.toString()).assertOk();
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("| conv0 | conv2d+maxpool | 6 | 1 | 5 |"), report);
        String folding = Files.readString(out.resolve("folding.txt"));
        assertTrue(folding.contains("\n6 1 taps=5 conv0\n"), folding);
        assertTrue(Files.readString(out.resolve("mnist_tiny_conv0.v")).contains("folded pe=6 simd=1 taps=5"));
        Path again = dir.resolve("again");
        CliRun.bwn("gen", "verilog", TINY.toString(), "-o", again.toString(), "--fold", out.resolve("folding.txt").toString()).assertOk();
        assertEquals(Files.readString(out.resolve("mnist_tiny_conv0.v")), Files.readString(again.resolve("mnist_tiny_conv0.v")));
        assertEquals(folding, Files.readString(again.resolve("folding.txt")));
    }

    @Test
    void tapsALayerCannotTakeAreOneLineAndWriteNothing(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("v");
        refused(dir, out, "6 1 taps=7 conv0\n", new String[0], "fold for \"conv0\": taps 7 do not fit its 5x5 kernel "
                + "(positions of one kernel row or whole rows: 1..5, 10, 15, 20, 25)");
        refused(dir, out, "1 1 taps=2 dense3\n", new String[0], "fold for \"dense3\": taps must be 1 for a dense layer over a vector");
        refused(dir, out, "2 2 taps=2 pool0\n", new String[]{"--no-fuse"}, "fold for max-pool \"pool0\": taps must be 1");
        refused(dir, out, "6 1 taps=0 conv0\n", new String[0], "folds.txt:1: taps must be positive");
        refused(dir, out, "6 1 taps=five conv0\n", new String[0], "folds.txt:1: taps must be an integer");
        refused(dir, out, "6 1 taps=5\n", new String[0], "folds.txt:1: expected a layer name after \"taps=5\"");
    }

    private static void refused(Path dir, Path out, String foldFile, String[] extra, String expected) throws Exception {
        Path folds = dir.resolve("folds.txt");
        Files.writeString(folds, foldFile);
        SortedMap<String, String> before = FolderSnapshot.of(dir);
        String[] args = {"gen", "verilog", TINY.toString(), "-o", out.toString(), "--fold", folds.toString()};
        String[] all = java.util.Arrays.copyOf(args, args.length + extra.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        CliRun.bwn(all).assertRefused(expected);
        assertEquals(before, FolderSnapshot.of(dir), "nothing written for " + foldFile);
    }
}
