package dev.bwn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwn.model.data.IdxFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Dataset pixels are fed as stored: a pixel the model's input type cannot hold is bad input (exit 2), not a failed run. */
class DatasetPixelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path model(Path dir, int bits, boolean signed) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(HostileModelsTest.validJson());
        ((ObjectNode) root.get("input")).put("bits", bits).put("signed", signed);
        Path file = dir.resolve("u" + bits + (signed ? "s" : "") + ".bwn.json");
        Files.writeString(file, JSON.writeValueAsString(root));
        return file;
    }

    @Test
    void aPixelOutsideTheInputTypeIsRefusedBeforeAnyInference(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        byte[] pixels = new byte[2 * 16];
        pixels[16 + 5] = (byte) 200; // image 1, pixel 5
        Files.write(data.resolve("t10k-images-idx3-ubyte"), IdxFiles.images(2, 4, 4, pixels));
        Files.write(data.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels(0, 1));
        Path u4 = model(dir, 4, false);
        Path s16 = model(dir, 16, true);
        SortedMap<String, String> before = FolderSnapshot.of(dir);
        CliRun.bwn("eval", u4.toString(), "--dataset", data.toString())
                .assertRefused("image 1 has pixel value 200 at index 5, outside the input type u4 (0..15) of model u4.bwn.json");
        assertEquals(before, FolderSnapshot.of(dir));
        CliRun fits = CliRun.bwn("eval", s16.toString(), "--dataset", data.toString());
        assertNotEquals(Main.EXIT_BAD_INPUT, fits.code(), fits.err());
    }
}
