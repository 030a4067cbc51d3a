package dev.bwn.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bwn train --resume} of a run started with {@code --arch FILE}: the run records the SHA-256 of the file's content
 * (in options.properties and in the checkpoint's options fingerprint), and a file changed, replaced or removed since, or
 * another {@code --arch} given with the resume, is refused with exit 2 in one line naming the file, leaving the run
 * folder and the file's folder as they were.
 */
class TrainResumeArchitectureTest {
    private static final Path TINY = Path.of("..", "architectures", "tiny.json");

    @TempDir
    static Path root;
    /** The description the run was started with: a copy of tiny.json; a test that changes it puts it back. */
    static Path net;
    static byte[] original;
    /** A finished one-epoch run of {@link #net}; each test works on a copy (the copy records the same file). */
    static Path finished;

    @BeforeAll
    static void finishedRun() throws IOException {
        Path dataset = SyntheticIdx.write(root.resolve("data"), 64, 32, 3);
        net = Files.copy(TINY, Files.createDirectories(root.resolve("nets")).resolve("net.json"));
        original = Files.readAllBytes(net);
        finished = root.resolve("finished");
        CliRun.bwn("train", "--arch", net.toString(), "--dataset", dataset.toString(), "--epochs", "1", "--batch", "32",
                "--calibration-images", "64", "--seed", "7", "--no-progress", "--out", finished.toString()).assertOk();
    }

    private static Path copyOfFinished(String name) throws IOException {
        Path copy = root.resolve(name);
        VerifyCatchesMutantsTest.copyTree(finished, copy);
        return copy;
    }

    @Test
    void theRunRecordsTheFilesChecksumAndResumesWithTheSameFile() throws IOException {
        String sha256 = sha256(original);
        assertTrue(Files.readString(finished.resolve("options.properties")).contains("architectureSha256=" + sha256 + "\n"));
        assertTrue(new String(Files.readAllBytes(finished.resolve("checkpoint.bin")), StandardCharsets.ISO_8859_1)
                .contains("architectureSha256=" + sha256 + "\n"), "the checkpoint's options fingerprint holds it");
        CliRun.bwn("train", "--resume", copyOfFinished("same").toString(), "--arch", net.toString()).assertOk();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a channel count edited | \"channels\": 6 | \"channels\": 7 | changed since the run started",
        "a space added          | \"name\": \"tiny\" | \"name\":  \"tiny\" | changed since the run started",
        "replaced by lenet5     | LENET5 |  | changed since the run started",
        "removed                | REMOVE |  | no such file"})
    void aChangedReplacedOrMissingFileIsRefused(String what, String from, String to, String expected) throws IOException {
        Path run = copyOfFinished(what.replace(' ', '-'));
        try {
            switch (from) {
                case "LENET5" -> Files.copy(TINY.resolveSibling("lenet5.json"), net, StandardCopyOption.REPLACE_EXISTING);
                case "REMOVE" -> Files.delete(net);
                default -> {
                    String text = new String(original, StandardCharsets.UTF_8);
                    assertTrue(text.contains(from), from);
                    Files.writeString(net, text.replaceFirst(Pattern.quote(from), to));
                }
            }
            Map<String, String> before = FolderSnapshot.withoutEmptyLocks(root);
            CliRun.bwn("train", "--resume", run.toString()).assertRefused(net.toString()).assertRefused(expected);
            assertEquals(before, FolderSnapshot.withoutEmptyLocks(root));
        } finally {
            Files.write(net, original);
        }
    }

    @Test
    void anotherArchitectureGivenWithResumeIsRefused() throws IOException {
        Path run = copyOfFinished("other");
        Path other = Files.copy(TINY.resolveSibling("lenet5.json"), root.resolve("nets/other.json"));
        Map<String, String> before = FolderSnapshot.withoutEmptyLocks(root);
        CliRun.bwn("train", "--resume", run.toString(), "--arch", other.toString())
                .assertRefused("--arch " + other).assertRefused("was started with " + net);
        CliRun.bwn("train", "--resume", run.toString(), "--arch", "tiny").assertRefused("--arch tiny: the run in " + run);
        assertEquals(before, FolderSnapshot.withoutEmptyLocks(root));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
