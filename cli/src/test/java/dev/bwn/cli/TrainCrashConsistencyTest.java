package dev.bwn.cli;

import dev.bwn.model.io.CrashPoint;
import dev.bwn.model.io.ModelIo;
import dev.bwn.trainer.TrainCommandSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bwn train} killed (Runtime.halt in a child JVM, as kill -9) at each point where it writes or renames one of
 * the run's files: the folder then holds, file by file, the state before that step or after it, never a half file;
 * and {@code --resume} finishes with the model, metrics and curves of an uninterrupted run and no temp file left.
 */
class TrainCrashConsistencyTest {
    private static final String OPTIONS = "options.properties";
    private static final String CHECKPOINT = "checkpoint.bin";
    private static final String METRICS = "metrics.csv";
    private static final String CURVES = "curves.png";
    private static final String MODEL = "model.bwn.json";
    private static final Set<String> RUN_FILES = Set.of(OPTIONS, CHECKPOINT, METRICS, CURVES, MODEL);
    /** The writes of an uninterrupted two-epoch run, in order. */
    private static final List<String> WRITES = List.of(OPTIONS, CHECKPOINT, METRICS, CURVES, CHECKPOINT, METRICS, CURVES, MODEL);
    private static final int METRIC_COLUMNS_WITHOUT_TIMES = 7;

    @TempDir
    static Path root;
    static Path dataset;
    static Path reference;

    static String[] train(Path out) {
        return new String[]{"train", "--arch", "tiny", "--dataset", dataset.toString(), "--epochs", "2", "--batch", "32",
                "--calibration-images", "64", "--seed", "5", "--no-progress", "--out", out.toString()};
    }

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        dataset = SyntheticIdx.write(root.resolve("data"), 96, 32, 11);
        reference = root.resolve("reference");
        ChildJvm.Result run = ChildJvm.bwn(root, List.of(), train(reference));
        assertEquals(0, run.code(), run.stderr());
        assertEquals(RUN_FILES, names(reference));
    }

    /** Every write (file name, and which time it is written) at both of its points: temp file complete, and renamed. */
    static Stream<String> points() {
        List<String> points = new ArrayList<>();
        for (String step : List.of(OPTIONS + "#1", CHECKPOINT + "#1", CHECKPOINT + "#2", METRICS + "#2", CURVES + "#2",
                MODEL + "#1")) {
            String file = step.substring(0, step.indexOf('#'));
            String occurrence = step.substring(step.indexOf('#'));
            points.add(file + ":written" + occurrence);
            points.add(file + ":renamed" + occurrence);
        }
        return points.stream();
    }

    @ParameterizedTest
    @MethodSource("points")
    void killedAtAPointLeavesOldOrNewStateAndResumeCompletesTheRun(String point) throws Exception {
        Path run = root.resolve(point.replaceAll("[^A-Za-z0-9]", "_"));
        ChildJvm.Result killed = ChildJvm.bwn(root, List.of("-D" + CrashPoint.PROPERTY + "=" + point), train(run));
        assertEquals(CrashPoint.HALT_STATUS, killed.code(), "the run did not halt at " + point + ": " + killed.stderr());

        int[] versions = versionsAfter(point);
        assertStateIs(run, versions);

        if (versions[WRITES.indexOf(OPTIONS)] == 0) {
            // Killed before the run existed: there is nothing to resume, and a new run may use the folder.
            CliRun.bwn("train", "--resume", run.toString()).assertRefused("no run to resume").assertRefused(OPTIONS);
            assertEquals(0, CliRun.bwn(train(run)).code());
        } else {
            String stdout = resume(run);
            int epochs = count(versions, CHECKPOINT);
            assertTrue(stdout.contains(epochs == 0 ? "no checkpoint in " + run + " yet" : "resuming " + run + " after epoch " + epochs),
                    stdout);
        }
        assertEquals(RUN_FILES, names(run), "exactly the run's files, no temp file");
        assertEquals(metricsWithoutTimes(reference), metricsWithoutTimes(run));
        assertArrayEquals(Files.readAllBytes(reference.resolve(CURVES)), Files.readAllBytes(run.resolve(CURVES)),
                "curves.png is drawn from every epoch");
        assertEquals(modelWithoutWallTime(reference), modelWithoutWallTime(run));
    }

    /** How many times each file of {@link #WRITES} has been written (renamed into place) when the run halts at {@code point}. */
    private static int[] versionsAfter(String point) {
        String file = point.substring(0, point.indexOf(':'));
        boolean renamed = point.contains(":renamed");
        int occurrence = Integer.parseInt(point.substring(point.indexOf('#') + 1));
        int[] versions = new int[WRITES.size()];
        int seen = 0;
        for (String write : WRITES) {
            boolean isThisWrite = write.equals(file) && ++seen == occurrence;
            if (isThisWrite && !renamed) {
                break;
            }
            versions[WRITES.indexOf(write)]++;
            if (isThisWrite) {
                break;
            }
        }
        return versions;
    }

    private static int count(int[] versions, String file) {
        return versions[WRITES.indexOf(file)];
    }

    private static void assertStateIs(Path run, int[] versions) throws IOException {
        for (String name : names(run)) {
            assertTrue(RUN_FILES.contains(name) || name.matches("\\.(" + String.join("|", RUN_FILES).replace(".", "\\.")
                    + ")\\.\\d+\\.tmp"), "unexpected file " + name);
        }
        assertEquals(count(versions, OPTIONS) > 0, Files.exists(run.resolve(OPTIONS)));
        if (count(versions, OPTIONS) > 0) {
            assertEquals(properties(reference), properties(run));
            assertNotNull(TrainCommandSupport.readOptions(run).build());
        }
        assertEquals(count(versions, CHECKPOINT) > 0, Files.exists(run.resolve(CHECKPOINT)));
        int rows = count(versions, METRICS);
        assertEquals(rows > 0, Files.exists(run.resolve(METRICS)));
        if (rows > 0) {
            assertEquals(metricsWithoutTimes(reference).subList(0, rows + 1), metricsWithoutTimes(run));
        }
        assertEquals(count(versions, CURVES) > 0, Files.exists(run.resolve(CURVES)));
        if (count(versions, CURVES) > 0) {
            assertNotNull(ImageIO.read(run.resolve(CURVES).toFile()), "curves.png is a whole PNG");
        }
        assertEquals(count(versions, MODEL) > 0, Files.exists(run.resolve(MODEL)));
        if (count(versions, MODEL) > 0) {
            ModelIo.read(run.resolve(MODEL));
        }
    }

    /** Runs {@code train --resume} in this JVM and returns what it printed on standard output. */
    private static String resume(Path run) {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        CliRun result;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            result = CliRun.bwn("train", "--resume", run.toString());
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, result.code(), result.err());
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** The files in {@code dir}, leaving out bwn's own folder bookkeeping (.bwn-*: the output marker and lock). */
    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(name -> !name.startsWith(".bwn-"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Properties properties(Path run) throws IOException {
        Properties p = new Properties();
        try (var reader = Files.newBufferedReader(run.resolve(OPTIONS))) {
            p.load(reader);
        }
        return p;
    }

    private static List<String> metricsWithoutTimes(Path run) throws IOException {
        return Files.readAllLines(run.resolve(METRICS)).stream()
                .map(line -> String.join(",", Arrays.asList(line.split(",")).subList(0, METRIC_COLUMNS_WITHOUT_TIMES)))
                .toList();
    }

    private static String modelWithoutWallTime(Path run) throws IOException {
        return Files.readString(run.resolve(MODEL)).replaceAll("\"trainingWallSeconds\" : \"\\d+\"", "");
    }
}
