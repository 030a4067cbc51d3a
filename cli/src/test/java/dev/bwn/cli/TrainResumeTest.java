package dev.bwn.cli;

import dev.bwn.model.io.CrashPoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bwn train --resume} through the CLI: it continues on the data the run started on, wherever it is started from,
 * and refuses (exit 2, one line naming the file, the run folder untouched) other data, an edited options file and a
 * damaged checkpoint.
 */
class TrainResumeTest {
    @TempDir
    static Path root;
    static Path dataset;
    /** A finished one-epoch run; each test works on a copy. */
    static Path finished;

    static String[] train(String data, Path out, String epochs) {
        return new String[]{"train", "--arch", "tiny", "--dataset", data, "--epochs", epochs, "--batch", "32",
                "--calibration-images", "64", "--seed", "7", "--no-progress", "--out", out.toString()};
    }

    @BeforeAll
    static void finishedRun() throws IOException {
        dataset = SyntheticIdx.write(root.resolve("data"), 64, 32, 3);
        finished = root.resolve("finished");
        CliRun run = CliRun.bwn(train(dataset.toString(), finished, "1"));
        assertEquals(0, run.code(), run.err());
    }

    private static Path copyOfFinished(String name) throws IOException {
        Path copy = root.resolve(name);
        VerifyCatchesMutantsTest.copyTree(finished, copy);
        return copy;
    }

    /**
     * A run started with a relative --dataset and resumed from another working folder, which holds different data
     * under the same relative name, continues on the data it started with and ends with the uninterrupted model.
     */
    @Test
    void aRunResumedFromAnotherFolderUsesTheDataItStartedOn() throws Exception {
        Path here = Files.createDirectories(root.resolve("elsewhere/here"));
        Path there = Files.createDirectories(root.resolve("elsewhere/there"));
        SyntheticIdx.write(here.resolve("data"), 64, 32, 3);
        SyntheticIdx.write(there.resolve("data"), 64, 32, 99);
        Path run = root.resolve("elsewhere/run");
        ChildJvm.Result killed = ChildJvm.bwn(here, List.of("-D" + CrashPoint.PROPERTY + "=checkpoint.bin:renamed#1"),
                train("data", run, "2"));
        assertEquals(CrashPoint.HALT_STATUS, killed.code(), killed.stderr());
        assertTrue(Files.readString(run.resolve("options.properties"))
                .contains("dataset=" + here.resolve("data").toString().replace(":", "\\:")));

        ChildJvm.Result resumed = ChildJvm.bwn(there, List.of(), "train", "--resume", run.toString());
        assertEquals(0, resumed.code(), resumed.stderr());
        Path straight = root.resolve("elsewhere/straight");
        assertEquals(0, CliRun.bwn(train(here.resolve("data").toString(), straight, "2")).code());
        assertEquals(withoutWallTime(straight), withoutWallTime(run));
    }

    @Test
    void changedDataAreRefused() throws IOException {
        Path data = root.resolve("changing-data");
        SyntheticIdx.write(data, 64, 32, 5);
        Path run = root.resolve("changing-run");
        assertEquals(0, CliRun.bwn(train(data.toString(), run, "1")).code());
        Path labels = data.resolve("t10k-labels-idx1-ubyte");
        byte[] bytes = Files.readAllBytes(labels);
        bytes[bytes.length - 1] = (byte) ((bytes[bytes.length - 1] + 1) % 10);
        Files.write(labels, bytes);
        Map<String, String> before = FolderSnapshot.withoutEmptyLocks(run);
        CliRun.bwn("train", "--resume", run.toString())
                .assertRefused(run.resolve("options.properties").toString()).assertRefused("not those the run started on");
        assertEquals(before, FolderSnapshot.withoutEmptyLocks(run));
    }

    private static Arguments edit(String what, String file, UnaryOperator<byte[]> change, String expected) {
        return Arguments.of(what, file, change, expected);
    }

    private static UnaryOperator<byte[]> text(UnaryOperator<String> change) {
        return bytes -> change.apply(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static Stream<Arguments> damagedRunFiles() {
        String options = "options.properties";
        String checkpoint = "checkpoint.bin";
        return Stream.of(
                edit("invalid value", options, text(t -> t.replace("learningRate=0.1", "learningRate=Infinity")),
                        "learningRate: must be a number in (0, 10], got Infinity"),
                edit("negative limit", options, text(t -> t.replace("trainLimit=0", "trainLimit=-3")),
                        "trainLimit: must be an integer >= 0, got -3"),
                edit("wrong type", options, text(t -> t.replace("epochs=1", "epochs=one")),
                        "epochs: expected an integer, got \"one\""),
                edit("boolean that is not one", options, text(t -> t.replace("nesterov=true", "nesterov=yes")),
                        "nesterov: expected true or false"),
                edit("unknown field", options, text(t -> t + "dropout=0.5\n"), "unknown field dropout"),
                edit("missing field", options, text(t -> t.replaceAll("(?m)^momentum=.*\\n", "")), "momentum: missing"),
                edit("field given twice", options, text(t -> t + "seed=8\n"), "field seed appears twice"),
                edit("other valid options", options, text(t -> t.replace("learningRate=0.1", "learningRate=0.05")),
                        "learningRate=0.1 in the checkpoint, learningRate=0.05 now"),
                edit("built-in architecture of another bwn", options,
                        text(t -> t.replaceAll("architectureSha256=[0-9a-f]{64}", "architectureSha256=" + "0".repeat(64))),
                        "built-in architecture tiny: this bwn's architectures/tiny.json is not the one the run started with"),
                edit("not UTF-8", options, b -> { b[b.length - 2] = (byte) 0xC3; return b; }, "not valid UTF-8 text: byte"),
                edit("empty options", options, b -> new byte[0], "architecture: missing"),
                edit("empty checkpoint", checkpoint, b -> new byte[0], "empty file"),
                edit("truncated checkpoint", checkpoint, b -> Arrays.copyOf(b, b.length / 2), "truncated or corrupt"),
                edit("one bit flipped", checkpoint, b -> { b[b.length / 3] ^= 4; return b; }, "truncated or corrupt"),
                edit("not a checkpoint", checkpoint, b -> "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "not a bwn checkpoint"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damagedRunFiles")
    void aDamagedOrEditedRunFileIsReportedInOneLine(String what, String file, UnaryOperator<byte[]> change, String expected)
            throws IOException {
        Path run = copyOfFinished(what.replace(' ', '-'));
        Path target = run.resolve(file);
        Files.write(target, change.apply(Files.readAllBytes(target)));
        Map<String, String> before = FolderSnapshot.withoutEmptyLocks(run);
        CliRun.bwn("train", "--resume", run.toString()).assertRefused(target.toString()).assertRefused(expected);
        assertEquals(before, FolderSnapshot.withoutEmptyLocks(run));
    }

    @Test
    void aDatasetWithoutTrainingImagesIsBadInputAndCreatesNothing() throws IOException {
        Path empty = SyntheticIdx.write(root.resolve("no-train-images"), 0, 8, 1);
        Path run = root.resolve("never");
        CliRun.bwn(train(empty.toString(), run, "1")).assertRefused(empty.toString()).assertRefused("declares no images");
        assertFalse(Files.exists(run));
    }

    private static String withoutWallTime(Path run) throws IOException {
        return Files.readString(run.resolve("model.bwn.json")).replaceAll("\"trainingWallSeconds\" : \"\\d+\"", "");
    }
}
