package dev.bwn.model.output;

import dev.bwn.cli.CliRun;
import dev.bwn.cli.FolderSnapshot;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two runs on one folder: the second is refused with "DIR is in use by PID n (since ...)" and exit code 2 and changes
 * nothing, the first finishes as if alone, and a lock left by a dead process is taken over.
 */
class ConcurrentRunsTest {
    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path root;

    @AfterEach
    void noHook() {
        GeneratedFolder.crashPoint = step -> { };
    }

    private Path model(String file, long seed) throws IOException {
        return Files.writeString(root.resolve(file), ModelIo.toJson(RandomNetworks.generate(seed)));
    }

    /**
     * Holds the first run to reach {@code step} there until {@code release} counts down, so that a second run overlaps
     * it for certain rather than by luck of timing.
     */
    private static CountDownLatch pauseFirstRunAt(String step, CountDownLatch release) {
        CountDownLatch reached = new CountDownLatch(1);
        AtomicBoolean taken = new AtomicBoolean();
        GeneratedFolder.crashPoint = s -> {
            if (s.equals(step) && taken.compareAndSet(false, true)) {
                reached.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        return reached;
    }

    private static String s(Path p) {
        return p.toString();
    }

    @Test
    void twoVerifyRunsOnOneWorkFolder() throws Exception {
        RequireTools.require("gcc");
        Path first = model("a.bwn.json", 3);
        Path second = model("b.bwn.json", 4);
        Path work = root.resolve("work");
        CountDownLatch release = new CountDownLatch(1);
        // the first run pauses inside its work folder, while writing its C design there
        CountDownLatch reached = pauseFirstRunAt("staged", release);
        CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(
                () -> CliRun.bwn("verify", s(first), "--target", "c", "--vectors", "5", "--work", s(work)));
        assertTrue(reached.await(60, TimeUnit.SECONDS), "the first run never got to its design");
        SortedMap<String, String> before = FolderSnapshot.of(root);
        CliRun.bwn("verify", s(second), "--target", "c", "--vectors", "5", "--work", s(work))
                .assertRefused(work + " is in use by PID " + PID + " (since ");
        assertEquals(before, FolderSnapshot.of(root), "the refused run changed files");
        release.countDown();
        CliRun done = running.get(120, TimeUnit.SECONDS).assertOk();
        assertTrue(done.out().contains("PASS"), done.out());
        // free again once the first run has ended
        assertTrue(CliRun.bwn("verify", s(second), "--target", "c", "--vectors", "5", "--work", s(work)).assertOk()
                .out().contains("PASS"));
    }

    @Test
    void twoGenRunsOnOneOutputFolder() throws Exception {
        Path first = model("a.bwn.json", 3);
        Path second = model("b.bwn.json", 4);
        Path out = root.resolve("design");
        Path alone = root.resolve("alone");
        CliRun.bwn("gen", "c", s(first), "-o", s(alone), "--name", "net").assertOk();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch reached = pauseFirstRunAt("staged", release);
        CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(
                () -> CliRun.bwn("gen", "c", s(first), "-o", s(out), "--name", "net"));
        assertTrue(reached.await(60, TimeUnit.SECONDS), "the first run never staged its design");
        SortedMap<String, String> before = FolderSnapshot.of(root);
        CliRun.bwn("gen", "c", s(second), "-o", s(out), "--name", "net").assertRefused(out + " is in use by PID " + PID);
        assertEquals(before, FolderSnapshot.of(root), "the refused run changed files");
        release.countDown();
        running.get(60, TimeUnit.SECONDS).assertOk();
        assertEquals(FolderSnapshot.design(alone), FolderSnapshot.design(out), "the first run's design, whole");
    }

    @Test
    void aFolderHeldByAnotherProcessIsRefusedAndTakenOverWhenThatProcessDies() throws Exception {
        Path run = root.resolve("run");
        Process holder = ChildJvm.start(HoldFolder.class, s(run), OutputKind.TRAIN_RUN.name());
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String first = lines.readLine();
            assertTrue(first != null && first.startsWith("held "), "the child did not take the folder: " + first);
            SortedMap<String, String> before = FolderSnapshot.of(root);
            CliRun.bwn("train", "--out", s(run), "--epochs", "1")
                    .assertRefused(run + " is in use by PID " + holder.pid() + " (since ");
            assertEquals(before, FolderSnapshot.of(root), "the refused run changed files");
        } finally {
            holder.destroyForcibly();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        // killed, not closed: its PID is still in the lock file, but the operating system released the lock
        assertTrue(Files.readString(run.resolve(FolderLock.FILE)).startsWith("PID " + holder.pid()));
        try (RunFolder taken = RunFolder.open(run, OutputKind.TRAIN_RUN)) {
            assertTrue(Files.readString(taken.path().resolve(FolderLock.FILE)).startsWith("PID " + PID + " (since "));
        }
        assertEquals("", Files.readString(run.resolve(FolderLock.FILE)), "a closed lock leaves no PID behind");
    }

    @Test
    void aStaleLockFileOfAGeneratedFolderIsTakenOver() throws Exception {
        Path model = model("m.bwn.json", 3);
        Path out = root.resolve("design");
        CliRun.bwn("gen", "c", s(model), "-o", s(out)).assertOk();
        Files.writeString(out.resolve(FolderLock.FILE), "PID 999999999 (since 2020-01-01T00:00:00Z)\n");
        CliRun.bwn("gen", "c", s(model), "-o", s(out), "--single-header").assertOk();
        Map<String, String> design = FolderSnapshot.design(out);
        // the two-file design's NAME.c is gone (cortex-m/ holds the bare-metal project's own sources)
        assertTrue(design.keySet().stream().noneMatch(n -> !n.contains("/") && n.endsWith(".c") && !n.endsWith("_example.c")),
                design.toString());
    }
}
