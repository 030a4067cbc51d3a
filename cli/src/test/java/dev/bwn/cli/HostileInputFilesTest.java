package dev.bwn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwn.model.Limits;
import dev.bwn.model.data.IdxFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Input files that are not what they claim, through the CLI (issue 14): invalid UTF-8, pipes and devices, sizes that a
 * header declares but the file cannot hold, and counts that would need gigabytes. Each must give exit code 2 and one
 * line naming the file, with no stack trace, and leave the surrounding folder exactly as it was.
 */
class HostileInputFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bytes that are not UTF-8: a lone continuation byte. */
    private static final byte[] INVALID_UTF8 = {(byte) 0x80};

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** Runs a command that must be refused as bad input, naming {@code named}, and touch nothing in {@link #dir}. */
    private Run refused(String named, String... args) throws IOException {
        Map<String, String> before = FolderSnapshot.withoutEmptyLocks(dir);
        Run r = run(args);
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), "one line expected, got:\n" + r.err());
        assertTrue(r.err().startsWith("bwn: "), r.err());
        assertTrue(r.err().contains(named), "expected the file " + named + " in: " + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        assertEquals(before, FolderSnapshot.withoutEmptyLocks(dir), "the folder must be left exactly as it was");
        return r;
    }

    private Path validModel() throws IOException {
        Path model = dir.resolve("ok.bwn.json");
        Files.writeString(model, HostileModelsTest.validJson());
        return model;
    }

    /** The valid model's text with one invalid byte placed inside its name string. */
    private static byte[] withInvalidByte(String text) {
        int at = text.indexOf("\"tiny\"") + 3;
        byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = text.substring(at).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head);
        bytes.writeBytes(INVALID_UTF8);
        bytes.writeBytes(tail);
        return bytes.toByteArray();
    }

    @Test
    void invalidUtf8InAModelNamesTheFileAndByteOffset() throws IOException {
        Path model = dir.resolve("bad-utf8.bwn.json");
        byte[] content = withInvalidByte(HostileModelsTest.validJson());
        Files.write(model, content);
        int offset = HostileModelsTest.validJson().indexOf("\"tiny\"") + 3;
        Run r = refused("bad-utf8.bwn.json", "inspect", model.toString());
        assertTrue(r.err().contains("not valid UTF-8") && r.err().contains("byte " + offset), r.err());
    }

    @Test
    void invalidUtf8InAFoldFileIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path model = validModel();
        Path fold = dir.resolve("bad.fold");
        Files.write(fold, concat("1 1 conv1\n1 1 fc\n".getBytes(StandardCharsets.UTF_8), INVALID_UTF8));
        Run r = refused("bad.fold", "gen", "verilog", model.toString(), "-o", dir.resolve("design").toString(), "--fold", fold.toString());
        assertTrue(r.err().contains("not valid UTF-8") && r.err().contains("line 3"), r.err());
    }

    @Test
    void invalidUtf8InRunOptionsIsRefusedOnResume() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.write(run.resolve("options.properties"), concat("architecture=tiny\n".getBytes(StandardCharsets.UTF_8), INVALID_UTF8));
        Run r = refused("options.properties", "train", "--resume", run.toString(), "--no-progress");
        assertTrue(r.err().contains("not valid UTF-8"), r.err());
    }

    @Test
    void aDeviceIsRefusedNotReadForever() throws IOException {
        Run r = refused("/dev/zero", "inspect", "/dev/zero");
        assertTrue(r.err().contains("not a regular file"), r.err());
    }

    @Test
    void aFifoIsRefusedNotReadForever() throws Exception {
        Path fifo = dir.resolve("model.bwn.json");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        Run r = refused("model.bwn.json", "inspect", fifo.toString());
        assertTrue(r.err().contains("not a regular file"), r.err());
        Path fold = dir.resolve("fifo.fold");
        assertEquals(0, new ProcessBuilder("mkfifo", fold.toString()).inheritIO().start().waitFor());
        refused("fifo.fold", "gen", "verilog", validModel().toString(), "-o", dir.resolve("design").toString(), "--fold", fold.toString());
    }

    @Test
    void aModelFileAboveTheLimitIsRefusedBeforeItIsRead() throws IOException {
        Path model = dir.resolve("huge.bwn.json");
        try (RandomAccessFile file = new RandomAccessFile(model.toFile(), "rw")) {
            file.setLength(Limits.MODEL_FILE_BYTES + 1);
        }
        Run r = refused("huge.bwn.json", "inspect", model.toString());
        assertTrue(r.err().contains("above the limit of 32.0 MiB"), r.err());
    }

    @Test
    void anIdxHeaderClaimingAGigaImageIsRefusedWithoutAllocating() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.write(data.resolve("t10k-images-idx3-ubyte"), IdxFiles.images(1 << 30, 28, 28, new byte[64]));
        assertEquals(80, Files.size(data.resolve("t10k-images-idx3-ubyte")));
        Files.write(data.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels(1));
        Run r = refused("t10k-images-idx3-ubyte", "eval", validModel().toString(), "--dataset", data.toString());
        assertTrue(r.err().contains("1073741824 images") && r.err().contains("above the limit of 1.0 GiB"), r.err());
    }

    @Test
    void anIdxHeaderClaimingMoreThanTheFileHoldsIsRefused() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.write(data.resolve("t10k-images-idx3-ubyte"), IdxFiles.images(1000, 28, 28, new byte[784]));
        Files.write(data.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels(1));
        Run r = refused("t10k-images-idx3-ubyte", "eval", validModel().toString(), "--dataset", data.toString());
        assertTrue(r.err().contains("declares 784000 bytes of images but the file holds only 784"), r.err());
    }

    @Test
    void aSparse30GbCifarFileIsRefusedBeforeItIsRead() throws IOException {
        Path data = Files.createDirectories(dir.resolve("cifar"));
        try (RandomAccessFile file = new RandomAccessFile(data.resolve("test_batch.bin").toFile(), "rw")) {
            file.setLength(30L << 30);
        }
        Run r = refused("test_batch.bin", "eval", validModel().toString(), "--dataset", data.toString());
        assertTrue(r.err().contains("30.0 GiB, above the limit of 1.0 GiB"), r.err());
    }

    @Test
    void twoBillionVectorsAreRefusedBeforeAnyIsGenerated() throws IOException {
        Path model = validModel();
        Run r = refused("--vectors", "verify", model.toString(), "--target", "c", "--vectors", "2000000000");
        assertTrue(r.err().contains("more than the limit of " + Limits.VECTORS), r.err());
    }

    @Test
    void vectorsWhoseMemoryIsAboveTheLimitAreRefusedWithTheFigure() throws IOException {
        // 32x32 inputs (pooled 16x16 down to the same dense layer): a million vectors of them need 3.8 GiB.
        ObjectNode root = (ObjectNode) JSON.readTree(HostileModelsTest.validJson());
        ((ArrayNode) root.get("input").get("shape")).set(1, 32).set(2, 32);
        ObjectNode pool = (ObjectNode) root.get("layers").get(1);
        pool.putArray("kernel").add(16).add(16);
        pool.putArray("stride").add(16).add(16);
        Path model = dir.resolve("wide.bwn.json");
        Files.writeString(model, JSON.writeValueAsString(root));
        assertEquals(0, run("inspect", model.toString()).code(), "the model itself is valid");
        Run r = refused("--vectors", "verify", model.toString(), "--target", "c", "--vectors", "1000000");
        assertTrue(r.err().contains("need 3.8 GiB, above the limit of 1.0 GiB"), r.err());
    }

    @Test
    void aModelWhoseActivationsNeedGigabytesIsRefusedWithTheFigure() throws IOException {
        // 4x1024x1024 input (16 MiB as ints) through 70 one-by-one max-pools: 1.1 GiB of activations in a 12 KB file.
        ObjectNode root = (ObjectNode) JSON.readTree(HostileModelsTest.validJson());
        root.put("formatVersion", 1); // a chain: the layers below name no inputs
        ((ObjectNode) root.get("input")).remove("name");
        ((ArrayNode) root.get("input").get("shape")).set(0, 4).set(1, 1024).set(2, 1024);
        ArrayNode layers = root.putArray("layers");
        for (int i = 0; i < 70; i++) {
            ObjectNode pool = layers.addObject().put("kind", "maxpool").put("name", "same" + i);
            pool.putArray("kernel").add(1).add(1);
            pool.putArray("stride").add(1).add(1);
        }
        ObjectNode shrink = layers.addObject().put("kind", "maxpool").put("name", "shrink");
        shrink.putArray("kernel").add(64).add(64);
        shrink.putArray("stride").add(64).add(64);
        layers.addObject().put("kind", "flatten").put("name", "flatten");
        ObjectNode dense = layers.addObject().put("kind", "dense").put("name", "fc").put("outFeatures", 2);
        dense.putObject("output").put("bits", 16).put("signed", true);
        ObjectNode requant = dense.putObject("requant");
        requant.putArray("multiplier").add(1).add(1);
        requant.putArray("bias").add(0).add(0);
        requant.putArray("shift").add(0).add(0);
        dense.putObject("weights").put("encoding", "base64-u32le").put("words", 64)
                .put("data", java.util.Base64.getEncoder().encodeToString(new byte[256]));
        Path model = dir.resolve("deep.bwn.json");
        Files.writeString(model, JSON.writeValueAsString(root));
        assertTrue(Files.size(model) < 16_000);
        Run r = refused("deep.bwn.json", "inspect", model.toString());
        assertTrue(r.err().contains("needs 1.1 GiB of activations") && r.err().contains("above the limit of 1.0 GiB"), r.err());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
