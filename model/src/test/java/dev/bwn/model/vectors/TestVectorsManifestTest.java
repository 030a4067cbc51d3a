package dev.bwn.model.vectors;

import dev.bwn.model.ActivationType;
import dev.bwn.model.BinaryWeights;
import dev.bwn.model.Dense;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.Requant;
import dev.bwn.model.RequantMode;
import dev.bwn.model.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vector manifest names every tensor, and a reader following docs/SEMANTICS.md section 7 gets names back exactly. */
class TestVectorsManifestTest {
    @Test
    void namesWithSpacesHashesAndPercentsSurviveTheManifest(@TempDir Path dir) throws Exception {
        Dense d = new Dense("fc #1 100%", 2, BinaryWeights.fromSigns(new int[][]{{1, -1}, {-1, 1}}),
                new Requant(new int[]{1, 1}, new long[]{0, 0}, new int[]{0, 0}), new ActivationType(16, true));
        Network net = new Network("my model #1", Provenance.of("test"), Shape.flat(2), ActivationType.UINT8, RequantMode.MULTIPLY,
                List.of(d));
        TestVectors.write(net, List.of(new int[]{1, 2}), dir, true);
        List<String> lines = Files.readAllLines(dir.resolve(TestVectors.MANIFEST));
        assertTrue(lines.contains("format 2"), lines.toString());
        assertTrue(lines.contains("model my%20model%20%231"), lines.toString());
        assertTrue(lines.contains("input_name input"), lines.toString());
        assertTrue(lines.contains("layer 0 layer00.hex 2 dense fc%20%231%20100%25"), lines.toString());
        // the reader's rules: strip from '#' (a comment), split on spaces, percent-decode each field
        for (String line : lines) {
            String content = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
            String[] fields = content.strip().split(" +");
            if (fields[0].equals("model")) {
                assertEquals("my model #1", URLDecoder.decode(fields[1], StandardCharsets.UTF_8));
            }
            if (fields[0].equals("layer")) {
                assertEquals("fc #1 100%", URLDecoder.decode(fields[5], StandardCharsets.UTF_8));
            }
        }
    }
}
