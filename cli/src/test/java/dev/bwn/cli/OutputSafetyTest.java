package dev.bwn.cli;

import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.Network;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.Stream;

import static dev.bwn.cli.CliRun.bwn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The data-loss failures of issue 14, through the CLI: bwn writes only where it may, refuses everything else with one
 * line and exit code 2, and leaves every file outside its output as it was (listing and SHA-256 before and after).
 */
class OutputSafetyTest {
    @TempDir
    Path root;

    private Path model(Path file, Network net) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, ModelIo.toJson(net));
        return file;
    }

    private Path userFolder(String name) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.writeString(dir.resolve("pins.pcf"), "set_io clk 35\n");
        Files.createDirectories(dir.resolve("notes"));
        Files.writeString(dir.resolve("notes/todo.txt"), "keep me\n");
        return dir;
    }

    /**
     * Runs {@code args}, expects refusal with {@code expected}, and checks that nothing under the test folder changed
     * (but for bwn's own empty lock file in a folder bwn marked, which a run refused after taking the lock leaves).
     */
    private void assertRefusedAndUntouched(String expected, String... args) {
        SortedMap<String, String> before = FolderSnapshot.withoutEmptyLocks(root);
        bwn(args).assertRefused(expected);
        assertEquals(before, FolderSnapshot.withoutEmptyLocks(root), "files changed by a refused command");
    }

    private static String s(Path p) {
        return p.toString();
    }

    @Test
    void demoRefusesAFolderOfTheUsersFilesAndAFile() throws IOException {
        Path user = userFolder("photos");
        Path file = Files.writeString(root.resolve("notes.txt"), "mine\n");
        assertRefusedAndUntouched("holds files bwn did not write", "demo", "--out", s(user));
        assertRefusedAndUntouched("exists and is not a folder", "demo", "--out", s(file));
    }

    @Test
    void genRefusesAnOutputFolderThatHoldsItsModel() throws IOException {
        Path rtl = userFolder("rtl");
        Path model = model(rtl.resolve("model.bwn.json"), HostileModelsTest.validModel());
        Path link = Files.createSymbolicLink(root.resolve("rtl-link"), rtl);
        for (String backend : List.of("verilog", "c")) {
            assertRefusedAndUntouched("-o " + rtl + ": contains the input " + model, "gen", backend, s(model), "-o", s(rtl));
            assertRefusedAndUntouched("contains the input", "gen", backend, s(model), "-o", s(link));
            assertRefusedAndUntouched("contains the input", "gen", backend, s(model), "-o", s(rtl.resolve("notes/..")));
            assertRefusedAndUntouched("is the input", "gen", backend, s(model), "-o", s(model));
        }
        Path folds = Files.writeString(root.resolve("folds.txt"), "1 1 conv1\n");
        assertRefusedAndUntouched("is the input", "gen", "verilog", s(model), "--fold", s(folds), "-o", s(folds));
    }

    @Test
    void genRefusesAFolderOfTheUsersFiles() throws IOException {
        Path model = model(root.resolve("m.bwn.json"), HostileModelsTest.validModel());
        Path rtl = userFolder("rtl");
        Path file = Files.writeString(root.resolve("notes.txt"), "mine\n");
        for (String backend : List.of("verilog", "c")) {
            assertRefusedAndUntouched("holds files bwn did not write", "gen", backend, s(model), "-o", s(rtl));
            assertRefusedAndUntouched("exists and is not a folder", "gen", backend, s(model), "-o", s(file));
        }
    }

    @Test
    void verifyRefusesReportsAndWorkFoldersOverItsInputs() throws IOException {
        Path model = model(root.resolve("designs/m.bwn.json"), HostileModelsTest.validModel());
        Path user = userFolder("work");
        assertRefusedAndUntouched("--junit " + model + ": is the input", "verify", s(model), "--target", "c", "--junit", s(model));
        assertRefusedAndUntouched("contains the input", "verify", s(model), "--target", "c", "--work", s(model.getParent()));
        assertRefusedAndUntouched("holds files bwn did not write", "verify", s(model), "--target", "c", "--work", s(user));
        assertRefusedAndUntouched("--work " + user + ": is the input " + user, "verify", s(model), "--target", "c",
                "--design", s(user), "--work", s(user));
    }

    @Test
    void emptyAndRootOutputsAreRefusedWithAReason() throws IOException {
        Path model = model(root.resolve("m.bwn.json"), HostileModelsTest.validModel());
        for (String backend : List.of("verilog", "c")) {
            assertRefusedAndUntouched("-o: empty path", "gen", backend, s(model), "-o", "");
            assertRefusedAndUntouched("-o /: is the root folder", "gen", backend, s(model), "-o", "/");
        }
        assertRefusedAndUntouched("--out: empty path", "demo", "--out", "");
        assertRefusedAndUntouched("--out /: is the root folder", "demo", "--out", "/");
        assertRefusedAndUntouched("--out /: is the root folder", "train", "--out", "/");
        assertRefusedAndUntouched("--work: empty path", "verify", s(model), "--target", "c", "--work", "");
        assertRefusedAndUntouched("--junit: empty path", "verify", s(model), "--target", "c", "--junit", "");
    }

    @Test
    void anUnusableOutputPathIsExitTwo() throws IOException {
        Path model = model(root.resolve("m.bwn.json"), HostileModelsTest.validModel());
        Path file = Files.writeString(root.resolve("notes.txt"), "mine\n");
        for (String backend : List.of("verilog", "c")) {
            assertRefusedAndUntouched("cannot write", "gen", backend, s(model), "-o", s(file.resolve("design")));
        }
        // a superuser writes into read-only folders, so this half only runs for ordinary users
        assumeFalse("root".equals(System.getProperty("user.name")), "running as root");
        Path readOnly = Files.createDirectories(root.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertRefusedAndUntouched("permission denied", "gen", "c", s(model), "-o", s(readOnly.resolve("design")));
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void trainRefusesFoldersThatAreNotANewRun() throws IOException {
        Path user = userFolder("data");
        assertRefusedAndUntouched("holds files bwn did not write", "train", "--out", s(user), "--epochs", "1");
        assertRefusedAndUntouched("--out " + user + ": is the input", "train", "--dataset", s(user), "--out", s(user));
        Path run = Files.createDirectories(root.resolve("run"));
        Files.writeString(run.resolve(".bwn-output"), "bwn-output: train-run\n");
        Files.writeString(run.resolve("checkpoint.bin"), "a finished epoch\n");
        assertRefusedAndUntouched("already holds a run (checkpoint.bin); resume it", "train", "--out", s(run), "--epochs", "1");
        Path design = Files.createDirectories(root.resolve("design"));
        Files.writeString(design.resolve(".bwn-output"), "bwn-output: gen-c\n");
        Files.writeString(design.resolve("net.h"), "/* generated */\n");
        assertRefusedAndUntouched("holds a generated C design, not a training run", "train", "--out", s(design), "--epochs", "1");
        // the run folder is made and locked first; a run that fails before writing anything leaves no folder behind
        assertRefusedAndUntouched("missing", "train", "--dataset", s(root.resolve("missing")), "--out", s(root.resolve("new")),
                "--epochs", "1");
    }

    /** A folder of IDX files: {@code count} random 28x28 images per split with labels 0..9 in turn. */
    private Path idxDataset(String name, int count) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        java.util.Random random = new java.util.Random(1);
        for (String split : List.of("train", "t10k")) {
            java.nio.ByteBuffer images = java.nio.ByteBuffer.allocate(16 + count * 784).putInt(0x803).putInt(count).putInt(28).putInt(28);
            java.nio.ByteBuffer labels = java.nio.ByteBuffer.allocate(8 + count).putInt(0x801).putInt(count);
            for (int i = 0; i < count; i++) {
                for (int p = 0; p < 784; p++) {
                    images.put((byte) random.nextInt(256));
                }
                labels.put((byte) (i % 10));
            }
            Files.write(dir.resolve(split + "-images-idx3-ubyte"), images.array());
            Files.write(dir.resolve(split + "-labels-idx1-ubyte"), labels.array());
        }
        return dir;
    }

    @Test
    void aTrainingRunIsMarkedAndNeverReplaced() throws IOException {
        Path data = idxDataset("data", 40);
        Path run = root.resolve("run");
        SortedMap<String, String> outside = FolderSnapshot.outside(root, run);
        String[] train = {"train", "--dataset", s(data), "--arch", "tiny", "--epochs", "1", "--batch", "20",
                "--calibration-images", "20", "--no-progress", "--out", s(run)};
        bwn(train).assertOk();
        assertEquals(outside, FolderSnapshot.outside(root, run), "training changed files outside its run folder");
        assertTrue(Files.readString(run.resolve(".bwn-output")).startsWith("bwn-output: train-run\n"));
        assertEquals("", Files.readString(run.resolve(".bwn-lock")), "the finished run left its PID in the lock file");
        Path exported = run.resolve("model.bwn.json");
        assertTrue(Files.isRegularFile(exported));
        assertRefusedAndUntouched("already holds a run (checkpoint.bin); resume it", train);
        assertRefusedAndUntouched("contains the input", "gen", "c", s(exported), "-o", s(run));
        Path model = Files.copy(exported, root.resolve("m.bwn.json"));
        assertRefusedAndUntouched("holds a training run, not a generated C design", "gen", "c", s(model), "-o", s(run));
        assertRefusedAndUntouched("holds a training run, not a bwn demo report", "demo", "--out", s(run));
    }

    @Test
    void aNewDesignReplacesTheOldOneWhole() throws IOException {
        Path model = model(root.resolve("m.bwn.json"), RandomNetworks.generate(3));
        Path out = root.resolve("c");
        bwn("gen", "c", s(model), "-o", s(out), "--name", "net").assertOk();
        assertTrue(Files.isRegularFile(out.resolve("net.c")));
        SortedMap<String, String> outside = FolderSnapshot.outside(root, out);
        bwn("gen", "c", s(model), "-o", s(out), "--name", "net", "--single-header").assertOk();
        assertEquals(outside, FolderSnapshot.outside(root, out), "files outside the output changed");
        // the header-only design has no net.c: a stale source beside the new header would be the old design's
        assertFalse(Files.exists(out.resolve("net.c")), "the old source was left beside the new header");
        Path fresh = root.resolve("fresh");
        bwn("gen", "c", s(model), "-o", s(fresh), "--name", "net", "--single-header").assertOk();
        assertEquals(FolderSnapshot.design(fresh), FolderSnapshot.design(out));
    }

    @Test
    void aSymlinkedOutputStaysALinkAndItsFolderGetsTheNewDesign() throws IOException {
        Path model = model(root.resolve("m.bwn.json"), HostileModelsTest.validModel());
        Path real = root.resolve("real-rtl");
        Path link = root.resolve("rtl");
        bwn("gen", "verilog", s(model), "-o", s(real)).assertOk();
        Files.createSymbolicLink(link, real.getFileName());
        bwn("gen", "verilog", s(model), "-o", s(link), "--no-fuse").assertOk();
        assertTrue(Files.isSymbolicLink(link), "the link was replaced");
        assertEquals(real.getFileName(), Files.readSymbolicLink(link));
        Path fresh = root.resolve("fresh");
        bwn("gen", "verilog", s(model), "-o", s(fresh), "--no-fuse").assertOk();
        assertEquals(FolderSnapshot.design(fresh), FolderSnapshot.design(real));
        try (Stream<Path> left = Files.list(root)) {
            assertEquals(List.of("fresh", "m.bwn.json", "real-rtl", "rtl"),
                    left.map(p -> p.getFileName().toString()).sorted().toList(), "staging or old folders left behind");
        }
    }

    @Test
    void aJUnitReportThatCannotBeWrittenAfterAPassIsExitTwo() throws IOException {
        RequireTools.require("gcc");
        Path model = model(root.resolve("m.bwn.json"), HostileModelsTest.validModel());
        Path file = Files.writeString(root.resolve("notes.txt"), "mine\n");
        SortedMap<String, String> before = FolderSnapshot.of(root);
        CliRun r = bwn("verify", s(model), "--target", "c", "--vectors", "3", "--junit", s(file.resolve("report.xml")));
        assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("PASS"), "the verification itself passed: " + r.out());
        List<String> errors = r.err().lines().filter(l -> !l.startsWith("bwn: writing ") && !l.startsWith("bwn: verifying ")).toList();
        assertEquals(1, errors.size(), r.err());
        assertTrue(errors.get(0).startsWith("bwn: --junit " + file.resolve("report.xml") + ": cannot write"), errors.get(0));
        assertEquals(before, FolderSnapshot.of(root));
    }

    @Test
    void aJUnitReportReplacesOnlyAReportBwnWrote() throws IOException {
        RequireTools.require("gcc");
        Path model = model(root.resolve("m.bwn.json"), HostileModelsTest.validModel());
        Path design = userFolder("rtl");
        assertRefusedAndUntouched("--junit " + design.resolve("pins.pcf") + ": exists and is not a report bwn verify wrote",
                "verify", s(model), "--target", "c", "--vectors", "2", "--junit", s(design.resolve("pins.pcf")));
        Path report = root.resolve("report.xml");
        for (int run = 0; run < 2; run++) {
            CliRun r = bwn("verify", s(model), "--target", "c", "--vectors", "2", "--junit", s(report));
            assertEquals(Main.EXIT_OK, r.code(), r.out() + r.err());
        }
        assertTrue(Files.readString(report).contains("tests=\"1\" failures=\"0\""), Files.readString(report));
    }
}
