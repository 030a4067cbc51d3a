package dev.bwn.cli;

import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.io.ModelIo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.Stream;

import static dev.bwn.cli.CliRun.bwn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bwn verify --jobs N}, {@code --shard K/N} and {@code bwn junit-merge}, through the CLI: more processes or
 * shards never change a result, the shards together are the whole run vector for vector, and their merged report is
 * the unsharded report apart from timings.
 */
class VerifyJobsAndShardsTest {
    static final int VECTORS = 30;
    static final int SHARDS = 3;

    @TempDir
    static Path shared;
    static Path model;

    @BeforeAll
    static void writeModel() throws IOException {
        model = shared.resolve("model.bwn.json");
        ModelIo.write(VerifyCatchesMutantsTest.mutationTarget(), model);
    }

    private static String s(Path p) {
        return p.toString();
    }

    /** stdout without the seconds, which differ from run to run. */
    private static String withoutTimes(String out) {
        return out.replaceAll(", [0-9.]+ s", ", T s");
    }

    /** A report without its timings. */
    private static String reportWithoutTimes(Path report) throws IOException {
        return Files.readString(report).replaceAll("time=\"[0-9.]+\"", "time=\"T\"");
    }

    @Test
    void moreJobsGiveTheSameResultsOnEveryTarget(@TempDir Path dir) {
        RequireTools.require("gcc", "arm-none-eabi-gcc", "qemu-system-arm", "verilator");
        CliRun one = bwn("verify", s(model), "--target", "all", "--vectors", Integer.toString(VECTORS), "--jobs", "1",
                "--no-progress").assertOk();
        CliRun three = bwn("verify", s(model), "--target", "all", "--vectors", Integer.toString(VECTORS), "--jobs", "3",
                "--no-progress").assertOk();
        assertEquals(3, three.out().lines().filter(l -> l.contains("PASS") && l.contains(VECTORS + " vectors")).count(), three.out());
        assertEquals(withoutTimes(one.out()), withoutTimes(three.out()));
        assertTrue(three.err().contains("3 slices, 3 at a time"), three.err());
    }

    @Test
    void shardsTogetherAreTheWholeRunAndTheirMergedReportIsTheUnshardedOne(@TempDir Path dir) throws IOException {
        RequireTools.require("gcc", "verilator");
        Path wholeReport = dir.resolve("whole.xml");
        bwn("verify", s(model), "--target", "c,verilog", "--vectors", Integer.toString(VECTORS), "--jobs", "2",
                "--work", s(dir.resolve("work-whole")), "--junit", s(wholeReport), "--no-progress").assertOk();
        List<String> shardInputs = new ArrayList<>();
        List<String> shardLogits = new ArrayList<>();
        List<String> reports = new ArrayList<>();
        for (int k = 1; k <= SHARDS; k++) {
            Path report = dir.resolve("shard-" + k + ".xml");
            Path work = dir.resolve("work-" + k);
            CliRun r = bwn("verify", s(model), "--target", "c,verilog", "--vectors", Integer.toString(VECTORS), "--jobs", "2",
                    "--shard", k + "/" + SHARDS, "--work", s(work), "--junit", s(report), "--no-progress").assertOk();
            assertTrue(r.out().contains(VECTORS / SHARDS + " vectors"), r.out());
            assertTrue(Files.readString(report).contains("<property name=\"bwn.shard\" value=\"" + k + "/" + SHARDS + "\"/>"));
            shardInputs.add(concatenated(work, "inputs.hex"));
            shardLogits.add(concatenated(work, "logits.hex"));
            reports.add(s(report));
        }
        // vector for vector: the shards' inputs and reference outputs, in shard order, are the whole run's
        assertEquals(concatenated(dir.resolve("work-whole"), "inputs.hex"), String.join("", shardInputs));
        assertEquals(concatenated(dir.resolve("work-whole"), "logits.hex"), String.join("", shardLogits));

        Path merged = dir.resolve("merged.xml");
        List<String> args = new ArrayList<>(List.of("junit-merge", "-o", s(merged)));
        // any order: the merge orders the shards itself
        List<String> reversed = new ArrayList<>(reports);
        java.util.Collections.reverse(reversed);
        args.addAll(reversed);
        CliRun m = bwn(args.toArray(String[]::new)).assertOk();
        assertTrue(m.out().contains(VECTORS + " vectors"), m.out());
        assertEquals(reportWithoutTimes(wholeReport), reportWithoutTimes(merged));
    }

    /** A file of every slice of a run's vectors, in slice order. */
    private static String concatenated(Path work, String file) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> slices = Files.list(work.resolve("vectors"))) {
            for (Path slice : slices.sorted().toList()) {
                sb.append(Files.readString(slice.resolve(file)));
            }
        }
        return sb.toString();
    }

    @Test
    void aMismatchInOneShardFailsThatShardAndTheMergeWithItsGlobalIndex(@TempDir Path dir) throws IOException {
        RequireTools.require("verilator");
        Path design = dir.resolve("design");
        bwn("gen", "verilog", s(model), "-o", s(design)).assertOk();
        // the requant shift off by one: every vector differs, so each shard fails at its own first vector
        assertTrue(VerifyCatchesMutantsTest.replaceFirst(".*_requant\\.v", "stage3_aligned <= ([^;]+);",
                mt -> "stage3_aligned <= $signed(" + mt.group(1) + ") >>> 1;").apply(design));
        List<String> reports = new ArrayList<>();
        for (int k = SHARDS; k >= 2; k--) {
            Path report = dir.resolve("shard-" + k + ".xml");
            CliRun r = bwn("verify", s(model), "--design", s(design), "--target", "verilog", "--vectors",
                    Integer.toString(VECTORS), "--shard", k + "/" + SHARDS, "--junit", s(report), "--no-progress");
            assertEquals(Main.EXIT_FAILED, r.code(), r.out() + r.err());
            int first = (k - 1) * VECTORS / SHARDS;
            assertTrue(r.out().contains("vector=" + first + " "), "shard " + k + " names global vector " + first + ": " + r.out());
            reports.add(s(report));
        }
        // shards 2 and 3 only: the merge refuses, naming the missing shard, and writes nothing
        Path merged = dir.resolve("merged.xml");
        List<String> args = new ArrayList<>(List.of("junit-merge", "-o", s(merged)));
        args.addAll(reports);
        bwn(args.toArray(String[]::new)).assertRefused("shard 1/3 is missing");
        assertFalse(Files.exists(merged));

        Path report1 = dir.resolve("shard-1.xml");
        CliRun r1 = bwn("verify", s(model), "--design", s(design), "--target", "verilog", "--vectors",
                Integer.toString(VECTORS), "--shard", "1/" + SHARDS, "--junit", s(report1), "--no-progress");
        assertEquals(Main.EXIT_FAILED, r1.code());
        args.add(s(report1));
        CliRun m = bwn(args.toArray(String[]::new));
        assertEquals(Main.EXIT_FAILED, m.code(), "the merged report records a failure: " + m.out() + m.err());
        String text = Files.readString(merged);
        assertTrue(text.contains("vector=0 "), "the first mismatch of the whole run is shard 1's: " + text);
        assertTrue(text.contains("verilog: 1 vectors bit-exact"), "one process stops at vector 0: " + text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0/3", "4/3", "3", "a/b", "1/0", ""})
    void aBadShardIsRefusedInOneLine(String shard, @TempDir Path dir) {
        SortedMap<String, String> before = FolderSnapshot.of(shared);
        bwn("verify", s(model), "--target", "c", "--vectors", "4", "--shard", shard).assertRefused("--shard");
        assertEquals(before, FolderSnapshot.of(shared));
    }

    @Test
    void aShardWithoutVectorsIsRefused() {
        bwn("verify", s(model), "--target", "c", "--vectors", "2", "--shard", "1/3").assertRefused("no vectors in this shard");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "100000"})
    void aBadJobCountIsRefusedInOneLine(String jobs) {
        bwn("verify", s(model), "--target", "c", "--vectors", "4", "--jobs", jobs).assertRefused("--jobs must be 1..");
    }

    @Test
    void junitMergeRefusesFilesItDidNotWrite(@TempDir Path dir) throws IOException {
        Path foreign = dir.resolve("other.xml");
        Files.writeString(foreign, "<?xml version=\"1.0\"?>\n<testsuite name=\"x\" tests=\"0\"/>\n");
        SortedMap<String, String> before = FolderSnapshot.of(dir);
        bwn("junit-merge", "-o", s(dir.resolve("out.xml")), s(foreign)).assertRefused("not a report bwn verify wrote");
        bwn("junit-merge", "-o", s(foreign), s(foreign)).assertRefused("-o");
        assertEquals(before, FolderSnapshot.of(dir));
    }
}
