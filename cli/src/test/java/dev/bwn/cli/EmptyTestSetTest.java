package dev.bwn.cli;

import dev.bwn.model.RepoRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An empty test split is no measurement: {@code eval} (with or without an accuracy gate) and {@code verify} refuse it as
 * bad input instead of printing "accuracy NaN% (0/0)" and passing, or claiming a mismatch that never happened.
 */
class EmptyTestSetTest {
    private static final String MODEL = RepoRoot.find().resolve("examples/mnist-tiny.bwn.json").toString();

    @TempDir
    Path dir;

    @Test
    void evalRefusesAnEmptyTestSplitEvenWithAGate() throws IOException {
        Path empty = SyntheticIdx.write(dir.resolve("empty"), 4, 0, 1);
        Map<String, String> before = FolderSnapshot.withoutEmptyLocks(dir);
        CliRun.bwn("eval", MODEL, "--dataset", empty.toString(), "--min-accuracy", "0.99")
                .assertRefused(empty.toString()).assertRefused("declares no images");
        CliRun.bwn("eval", MODEL, "--dataset", empty.toString()).assertRefused("declares no images");
        assertEquals(before, FolderSnapshot.withoutEmptyLocks(dir));
    }

    @Test
    void verifyRefusesZeroVectors() throws IOException {
        Path empty = SyntheticIdx.write(dir.resolve("empty"), 4, 0, 1);
        Map<String, String> before = FolderSnapshot.withoutEmptyLocks(dir);
        CliRun run = CliRun.bwn("verify", MODEL, "--target", "c", "--dataset", empty.toString(),
                "--work", dir.resolve("work").toString());
        run.assertRefused(empty.toString()).assertRefused("declares no images");
        assertEquals("", run.out(), "no result line");
        assertEquals(before, FolderSnapshot.withoutEmptyLocks(dir));
    }

    @Test
    void theGateStillFailsALowAccuracy() throws IOException {
        Path few = SyntheticIdx.write(dir.resolve("few"), 4, 20, 1);
        CliRun run = CliRun.bwn("eval", MODEL, "--dataset", few.toString(), "--min-accuracy", "1");
        assertEquals(Main.EXIT_FAILED, run.code(), run.out() + run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("below --min-accuracy"), run.err());
    }
}
