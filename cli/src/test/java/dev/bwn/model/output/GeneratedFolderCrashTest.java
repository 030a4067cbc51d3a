package dev.bwn.model.output;

import dev.bwn.cli.CliRun;
import dev.bwn.cli.FolderSnapshot;
import dev.bwn.model.Network;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Crash consistency of {@code gen c} and {@code gen verilog}: a failure (an exception) or a crash (the JVM halted, as by
 * kill -9) at every write and rename point of replacing an earlier design, injected at that point by
 * {@link GeneratedFolder#crashPoint}. Afterwards the folder is the whole old design or the whole new one (or, after a
 * crash between the two renames of the swap, absent with the whole old design beside it), and the next run succeeds,
 * gives the new design and leaves nothing else behind.
 */
class GeneratedFolderCrashTest {
    @TempDir
    Path root;

    @AfterEach
    void noHook() {
        GeneratedFolder.crashPoint = step -> { };
    }

    /** One backend's old and new design, from two different models of one name, in a folder of their own. */
    private record Case(String backend, Path root) {
        static Case prepare(String backend, Path root) throws IOException {
            Files.createDirectories(root);
            Network old = RandomNetworks.generate(3);
            Network other = RandomNetworks.generate(4);
            Network changed = new Network(old.name(), other.provenance(), other.inputShape(), other.inputType(),
                    other.requantMode(), other.layers());
            Files.writeString(root.resolve("old.bwn.json"), ModelIo.toJson(old));
            Files.writeString(root.resolve("new.bwn.json"), ModelIo.toJson(changed));
            return new Case(backend, root);
        }

        Path out() {
            return root.resolve("design");
        }

        private String[] gen(String model) {
            return backend.equals("c")
                    ? new String[]{"gen", "c", root.resolve(model).toString(), "-o", out().toString(), "--name", "net"}
                    : new String[]{"gen", "verilog", root.resolve(model).toString(), "-o", out().toString()};
        }

        String[] genOld() {
            return gen("old.bwn.json");
        }

        String[] genNew() {
            return gen("new.bwn.json");
        }

        /** The content of a clean generation. */
        Map<String, String> design(String[] args) throws IOException {
            GeneratedFolder.deleteTree(out());
            CliRun.bwn(args).assertOk();
            Map<String, String> design = FolderSnapshot.design(out());
            GeneratedFolder.deleteTree(out());
            return design;
        }

        /** Everything beside the output folder but the two models. */
        List<Path> siblings() throws IOException {
            try (Stream<Path> s = Files.list(root)) {
                return s.filter(p -> !p.equals(out()) && !p.getFileName().toString().endsWith(".bwn.json")).sorted().toList();
            }
        }

        /** Only the old design, freshly generated. */
        void reset() throws IOException {
            for (Path p : siblings()) {
                GeneratedFolder.deleteTree(p);
            }
            GeneratedFolder.deleteTree(out());
            CliRun.bwn(genOld()).assertOk();
        }

        /** The write and rename points of replacing the old design by the new one, in order. */
        List<String> steps() throws IOException {
            reset();
            List<String> steps = new ArrayList<>();
            GeneratedFolder.crashPoint = steps::add;
            try {
                CliRun.bwn(genNew()).assertOk();
            } finally {
                GeneratedFolder.crashPoint = step -> { };
            }
            assertTrue(steps.containsAll(List.of("locked", "staged", "old moved away", "new moved in", "old deleted")),
                    steps.toString());
            return steps;
        }

        void checkWholeAndRecovered(String step, Map<String, String> oldDesign, Map<String, String> newDesign)
                throws IOException {
            if (Files.exists(out())) {
                Map<String, String> now = FolderSnapshot.design(out());
                assertTrue(now.equals(oldDesign) || now.equals(newDesign), "after " + step + " the folder is neither design: "
                        + now.keySet());
            } else {
                assertEquals("old moved away", step, "the folder is missing after " + step);
                List<Path> previous = siblings().stream().filter(p -> p.getFileName().toString().contains(".bwn-previous-")).toList();
                assertEquals(1, previous.size(), siblings().toString());
                assertEquals(oldDesign, FolderSnapshot.design(previous.get(0)), "the old design beside the missing folder");
            }
            CliRun.bwn(genNew()).assertOk();
            assertEquals(newDesign, FolderSnapshot.design(out()), "the next run after " + step);
            assertEquals(List.of(), siblings(), "left behind after the next run");
        }
    }

    /** The demo's way: a run that fails while filling keeps its staging folder for diagnosis; the next run removes it. */
    @Test
    void aFailedRunKeepsItsStagingForDiagnosisUntilTheNextRun() throws IOException {
        Path out = root.resolve("demo");
        GeneratedFolder.replace(out, OutputKind.DEMO, true, staging -> Files.writeString(staging.resolve("report.md"), "first\n"));
        Map<String, String> first = FolderSnapshot.design(out);
        Path[] kept = new Path[1];
        IOException failure = new IOException("training failed");
        OutputException e = assertThrows(OutputException.class, () -> GeneratedFolder.replace(out, OutputKind.DEMO, true, staging -> {
            kept[0] = staging;
            Files.writeString(staging.resolve("log.txt"), "what went wrong\n");
            throw failure;
        }));
        assertEquals(failure, e.getCause());
        assertEquals(first, FolderSnapshot.design(out), "the failed run changed the folder");
        assertEquals("what went wrong\n", Files.readString(kept[0].resolve("log.txt")));
        GeneratedFolder.replace(out, OutputKind.DEMO, true, staging -> Files.writeString(staging.resolve("report.md"), "second\n"));
        assertEquals("second\n", Files.readString(out.resolve("report.md")));
        try (Stream<Path> left = Files.list(root)) {
            assertEquals(List.of(out), left.toList(), "the kept staging folder outlived the next run");
        }
    }

    @TestFactory
    Stream<DynamicTest> aFailureAtEveryStepLeavesAWholeDesign() {
        return Stream.of("c", "verilog").map(backend -> DynamicTest.dynamicTest(backend, () -> {
            Case c = Case.prepare(backend, root.resolve(backend));
            Map<String, String> oldDesign = c.design(c.genOld());
            Map<String, String> newDesign = c.design(c.genNew());
            assertNotEquals(oldDesign, newDesign);
            for (String step : c.steps()) {
                c.reset();
                GeneratedFolder.crashPoint = s -> {
                    if (s.equals(step)) {
                        throw new IllegalStateException("injected failure at " + step);
                    }
                };
                CliRun failed = CliRun.bwn(c.genNew());
                GeneratedFolder.crashPoint = s -> { };
                assertNotEquals(0, failed.code(), step);
                assertTrue(failed.err().contains("injected failure at " + step), failed.err());
                c.checkWholeAndRecovered(step, oldDesign, newDesign);
            }
        }));
    }

    /**
     * Halts a child JVM at each point. Designs have many files (a C folder holds its Cortex-M project and README too),
     * so the file writes between the first and the last are left out: a halt there leaves the same state as at its
     * neighbours (a partial staging folder).
     */
    @TestFactory
    Stream<DynamicTest> aCrashAtEveryStepLeavesAWholeDesignAndTheNextRunRecovers() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String backend : List.of("c", "verilog")) {
            Case c = Case.prepare(backend, root.resolve(backend));
            Map<String, String> oldDesign = c.design(c.genOld());
            Map<String, String> newDesign = c.design(c.genNew());
            List<String> steps = c.steps();
            List<String> writes = steps.stream().filter(s -> s.startsWith("wrote ")).toList();
            for (String step : steps) {
                if (step.startsWith("wrote ") && !step.equals(writes.get(0))
                        && !step.equals(writes.get(writes.size() - 1))) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(backend + ": " + step, () -> {
                    c.reset();
                    List<String> command = new ArrayList<>(List.of(step));
                    command.addAll(List.of(c.genNew()));
                    Process child = ChildJvm.start(CrashAt.class, command.toArray(String[]::new));
                    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    if (!child.waitFor(60, TimeUnit.SECONDS)) {
                        child.destroyForcibly();
                        fail("child did not end: " + output);
                    }
                    assertEquals(CrashAt.HALTED, child.exitValue(), "the child was to halt at " + step + ": " + output);
                    c.checkWholeAndRecovered(step, oldDesign, newDesign);
                }));
            }
        }
        return tests.stream();
    }
}
