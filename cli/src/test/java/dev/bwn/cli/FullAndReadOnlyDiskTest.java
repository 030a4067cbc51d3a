package dev.bwn.cli;

import dev.bwn.model.io.ModelIo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real full disk and a real read-only file system (a small tmpfs this test mounts; it needs root, as CI and the
 * developers' machines run, and is skipped elsewhere): generating a design there is exit 2 with one line, the earlier
 * design stays whole and nothing else on the disk changes.
 */
class FullAndReadOnlyDiskTest {
    @TempDir
    Path root;
    private Path disk;
    private boolean mounted;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = Files.createDirectories(root.resolve("disk"));
        mounted = run("mount", "-t", "tmpfs", "-o", "size=512k", "bwn-test", disk.toString());
        assumeTrue(mounted, "cannot mount a tmpfs here (not root?)");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            run("umount", disk.toString());
        }
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private Path model() throws IOException {
        Path model = root.resolve("m.bwn.json");
        Files.writeString(model, ModelIo.toJson(HostileModelsTest.validModel()));
        return model;
    }

    @Test
    void aFullDiskIsExitTwoAndKeepsTheEarlierDesign() throws Exception {
        Path model = model();
        for (String backend : List.of("c", "verilog")) {
            Path design = disk.resolve(backend);
            CliRun.bwn("gen", backend, model.toString(), "-o", design.toString()).assertOk();
            Map<String, String> earlier = FolderSnapshot.design(design);
            // the user's file takes what is left, so the next design cannot be staged beside the old one
            Path filler = disk.resolve("filler-" + backend);
            try (var out = Files.newOutputStream(filler)) {
                byte[] block = new byte[4096];
                while (true) {
                    out.write(block);
                    out.flush();
                }
            } catch (IOException full) {
                // the disk is full now
            }
            SortedMap<String, String> before = FolderSnapshot.withoutEmptyLocks(disk);
            CliRun r = CliRun.bwn("gen", backend, model.toString(), "-o", design.toString(), "--no-fuse");
            assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.out() + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains("cannot write") && r.err().contains("No space left on device"), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
            assertEquals(earlier, FolderSnapshot.design(design), "the earlier design must stay whole");
            assertEquals(before, FolderSnapshot.withoutEmptyLocks(disk), "nothing else on the disk may change");
            Files.delete(filler);
        }
    }

    @Test
    void aReadOnlyFileSystemIsExitTwo() throws Exception {
        Path model = model();
        Path design = disk.resolve("c");
        CliRun.bwn("gen", "c", model.toString(), "-o", design.toString()).assertOk();
        assertTrue(run("mount", "-o", "remount,ro", disk.toString()), "remount read-only");
        SortedMap<String, String> before = FolderSnapshot.of(disk);
        CliRun r = CliRun.bwn("gen", "c", model.toString(), "-o", design.toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("Read-only file system"), r.err());
        assertEquals(before, FolderSnapshot.of(disk));
        CliRun fresh = CliRun.bwn("gen", "verilog", model.toString(), "-o", disk.resolve("new").toString());
        assertEquals(Main.EXIT_BAD_INPUT, fresh.code(), fresh.out() + fresh.err());
        assertEquals(1, fresh.err().lines().count(), fresh.err());
    }
}
