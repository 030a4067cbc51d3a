package dev.bwn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwn.model.Network;
import dev.bwn.model.io.ModelIo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Optional class labels in the model file, through the CLI: malformed ones are refused with exit 2 and one line naming
 * the JSON path, nothing written beside the file; valid ones survive a write and read, {@code bwn inspect} shows them
 * and {@code bwn gen c} emits {@code NAME_labels[]} as escaped string literals.
 */
class ClassLabelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Printable ASCII that C, comments and format strings must all survive. */
    static final List<String> HOSTILE = List.of("\"); system(\"rm -rf /\"); //", "back\\slash */ ??/ %s%n", "T-shirt/top");

    private static Arguments bad(String name, String expected, Consumer<ObjectNode> change) {
        return Arguments.of(name, expected, change);
    }

    static Stream<Arguments> badLabels() {
        return Stream.of(
                bad("too few labels", "labels: has 2 labels, the model has 3 classes",
                        r -> r.putArray("labels").add("a").add("b")),
                bad("too many labels", "labels: has 4 labels, the model has 3 classes",
                        r -> r.putArray("labels").add("a").add("b").add("c").add("d")),
                bad("labels not an array", "labels: expected an array of strings", r -> r.put("labels", "0,1,2")),
                bad("a label not a string", "labels[1]: expected a string", r -> r.putArray("labels").add("a").add(7).add("c")),
                bad("a newline in a label", "labels[2]: contains character U+000A",
                        r -> r.putArray("labels").add("a").add("b").add("c\nd")),
                bad("an empty label", "labels[0]: must be a non-empty string", r -> r.putArray("labels").add("").add("b").add("c")),
                bad("an overlong label", "labels[1]: is 65 characters long, the limit is 64",
                        r -> r.putArray("labels").add("a").add("x".repeat(65)).add("c")),
                bad("a label with a leading space", "labels[2]: must not start or end with a space",
                        r -> r.putArray("labels").add("a").add("b").add(" c")),
                bad("more entries than any layer has outputs", "labels: has 5000 entries, more than the limit of 4096", r -> {
                    ArrayNode labels = r.putArray("labels");
                    for (int i = 0; i < 5000; i++) {
                        labels.add("c" + i);
                    }
                }),
                bad("labels in a version 1 file", "labels: class labels need formatVersion 2", r -> {
                    r.put("formatVersion", 1);
                    r.with("input").remove("name");
                    for (var layer : r.get("layers")) {
                        ((ObjectNode) layer).remove("inputs");
                    }
                    r.putArray("labels").add("a").add("b").add("c");
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLabels")
    void badLabelsAreRefusedWithOneLineNamingThePath(String name, String expected, Consumer<ObjectNode> change,
                                                      @TempDir Path dir) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(HostileModelsTest.validJson());
        change.accept(root);
        Path file = dir.resolve("labels.bwn.json");
        Files.writeString(file, JSON.writeValueAsString(root));
        var before = FolderSnapshot.of(dir);
        CliRun.bwn("inspect", file.toString()).assertRefused("bwn: labels.bwn.json: " + expected);
        CliRun.bwn("gen", "c", file.toString(), "-o", dir.resolve("out").toString()).assertRefused(expected);
        assertEquals(before, FolderSnapshot.of(dir), "nothing may change beside the model");
    }

    @Test
    void labelsRoundTripShowInInspectAndBecomeCStringLiterals(@TempDir Path dir) throws Exception {
        Network net = HostileModelsTest.validModel().withLabels(HOSTILE);
        Path file = dir.resolve("labelled.bwn.json");
        ModelIo.write(net, file);
        assertEquals(HOSTILE, ModelIo.read(file).labels());
        assertEquals(List.of(), HostileModelsTest.validModel().labels());
        assertTrue(!ModelIo.toJson(HostileModelsTest.validModel()).contains("labels"), "no labels, no field");
        CliRun inspect = CliRun.bwn("inspect", file.toString()).assertOk();
        assertTrue(inspect.out().contains("labels: 0 \"\"); system(\"rm -rf /\"); //\", 1 \"back\\slash */ ??/ %s%n\", 2 \"T-shirt/top\""),
                inspect.out());
        Path out = dir.resolve("c");
        CliRun.bwn("gen", "c", file.toString(), "-o", out.toString(), "--name", "lab").assertOk();
        String header = Files.readString(out.resolve("lab.h"));
        String source = Files.readString(out.resolve("lab.c"));
        assertTrue(header.contains("extern const char *const lab_labels[LAB_CLASSES];"), header);
        assertTrue(source.contains("\"\\042); system(\\042rm -rf /\\042); //\""), source);
        assertTrue(source.contains("\"back\\134slash */ \\077\\077/ %s%n\""), source);
    }
}
