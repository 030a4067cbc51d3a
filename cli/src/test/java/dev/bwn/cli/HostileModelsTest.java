package dev.bwn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwn.model.ActivationType;
import dev.bwn.model.BinaryWeights;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.Flatten;
import dev.bwn.model.MaxPool;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.Requant;
import dev.bwn.model.RequantMode;
import dev.bwn.model.Shape;
import dev.bwn.model.io.ModelIo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed and hostile model files: each must give exit code 2 and one line naming the problem, with no
 * stack trace, and leave no output behind.
 */
class HostileModelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A small valid model: conv 3x3 pad 1 -> maxpool -> flatten -> dense 3 logits. */
    static Network validModel() {
        int[][] convSigns = new int[2][9];
        for (int o = 0; o < 2; o++) {
            for (int i = 0; i < 9; i++) {
                convSigns[o][i] = (i + o) % 3 == 0 ? 1 : -1;
            }
        }
        int[][] denseSigns = new int[3][8];
        for (int o = 0; o < 3; o++) {
            for (int i = 0; i < 8; i++) {
                denseSigns[o][i] = (i * o) % 2 == 0 ? 1 : -1;
            }
        }
        Conv2d conv = new Conv2d("conv1", 2, 3, 3, 1, 1, 1, 1, BinaryWeights.fromSigns(convSigns),
                new Requant(new int[]{3, 5}, new long[]{1, -2}, new int[]{4, 4}), ActivationType.UINT8);
        Dense dense = new Dense("fc", 3, BinaryWeights.fromSigns(denseSigns),
                new Requant(new int[]{1, 1, 1}, new long[]{0, 0, 0}, new int[]{0, 0, 0}), new ActivationType(16, true));
        return new Network("tiny", Provenance.of("bwn test"), new Shape(1, 4, 4), ActivationType.UINT8, RequantMode.MULTIPLY,
                List.of(conv, new MaxPool("pool1", 2, 2, 2, 2), new Flatten("flatten"), dense));
    }

    static String validJson() {
        return ModelIo.toJson(validModel());
    }

    private static Function<String, String> edit(java.util.function.Consumer<ObjectNode> change) {
        return text -> {
            try {
                ObjectNode root = (ObjectNode) JSON.readTree(text);
                change.accept(root);
                return JSON.writeValueAsString(root);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        };
    }

    private static ObjectNode layer(ObjectNode root, int i) {
        return (ObjectNode) root.get("layers").get(i);
    }

    private static Arguments hostile(String name, String expectedInMessage, Function<String, String> mutation) {
        return Arguments.of(name, expectedInMessage, mutation);
    }

    static Stream<Arguments> hostileFiles() {
        return Stream.of(
                hostile("empty file", "empty", t -> ""),
                hostile("truncated JSON", "not valid JSON", t -> t.substring(0, t.length() / 2)),
                hostile("not JSON at all", "not valid JSON", t -> "hello, world"),
                hostile("top level is an array", "expected an object", t -> "[1, 2, 3]"),
                hostile("trailing garbage", "not valid JSON", t -> t + " {}"),
                hostile("duplicate key", "not valid JSON", t -> t.replaceFirst("\"name\"", "\"name\" : \"a\", \"name\"")),
                hostile("missing format", "format: missing", edit(r -> r.remove("format"))),
                hostile("wrong format", "format: expected \"bwn\"", edit(r -> r.put("format", "onnx"))),
                hostile("future format version", "formatVersion", edit(r -> r.put("formatVersion", 3))),
                hostile("format version as string", "formatVersion: expected an integer", edit(r -> r.put("formatVersion", "1"))),
                hostile("unknown top-level field", "unknown field", edit(r -> r.put("weightsFloat", 1))),
                hostile("missing layers", "layers: missing", edit(r -> r.remove("layers"))),
                hostile("no layers", "at least one layer", edit(r -> r.putArray("layers"))),
                hostile("unknown layer kind", "unknown layer kind \"lstm\"", edit(r -> layer(r, 1).put("kind", "lstm"))),
                hostile("layer without a name", "layers[2].name: missing", edit(r -> layer(r, 2).remove("name"))),
                hostile("duplicate layer names", "duplicate layer name", edit(r -> layer(r, 2).put("name", "conv1"))),
                hostile("control character in a name", "U+0007", edit(r -> layer(r, 0).put("name", "conv\u0007"))),
                hostile("overlong name", "limit is 64", edit(r -> layer(r, 0).put("name", "n".repeat(100)))),
                hostile("empty model name", "name: must be a non-empty string", edit(r -> r.put("name", ""))),
                hostile("negative channels", "outChannels: expected an integer in 1..4096", edit(r -> layer(r, 0).put("outChannels", -3))),
                hostile("huge channels", "outChannels: expected an integer in 1..4096", edit(r -> layer(r, 0).put("outChannels", 1_000_000_000))),
                hostile("kernel larger than input", "does not fit", edit(r -> {
                    ((ArrayNode) layer(r, 0).get("kernel")).set(0, 9);
                    layer(r, 0).put("weights", layer(r, 0).get("weights"));
                })),
                hostile("dense on a non-flat input", "not flat", edit(r -> {
                    ((ArrayNode) r.get("layers")).remove(2);
                    layer(r, 2).putArray("inputs").add("pool1");
                })),
                hostile("too few weight words", "words: expected 2 words", edit(r -> ((ObjectNode) layer(r, 0).get("weights")).put("words", 1))),
                hostile("weight data of the wrong length", "data: expected base64 of 8 bytes",
                        edit(r -> ((ObjectNode) layer(r, 0).get("weights")).put("data", "AAAA"))),
                hostile("weight data not base64", "not valid base64",
                        edit(r -> ((ObjectNode) layer(r, 0).get("weights")).put("data", "!!!!!!!!!!!="))),
                hostile("padding bit set", "padding bits set",
                        edit(r -> ((ObjectNode) layer(r, 0).get("weights")).put("data", "AAAAAAAAAAE="))),
                hostile("activation width 1", "bits: expected an integer in 2..32", edit(r -> ((ObjectNode) layer(r, 0).get("output")).put("bits", 1))),
                hostile("activation width 40", "bits: expected an integer in 2..32", edit(r -> ((ObjectNode) layer(r, 0).get("output")).put("bits", 40))),
                hostile("unsigned 32-bit logits", "unsigned activations may be at most 31 bits", edit(r -> {
                    ((ObjectNode) layer(r, 3).get("output")).put("bits", 32).put("signed", false);
                })),
                hostile("hidden activation too wide for a dot product", "at most 16 bits",
                        edit(r -> ((ObjectNode) layer(r, 0).get("output")).put("bits", 24))),
                hostile("shift out of range", "shift[0]: expected an integer in 0..47",
                        edit(r -> ((ArrayNode) layer(r, 0).get("requant").get("shift")).set(0, 60))),
                hostile("multiplier out of range", "multiplier[1]: expected an integer in -32767..32767",
                        edit(r -> ((ArrayNode) layer(r, 0).get("requant").get("multiplier")).set(1, 40000))),
                hostile("non power of two in shift mode", "not +-2^k", edit(r -> r.put("requantMode", "shift"))),
                hostile("unknown requant mode", "requantMode", edit(r -> r.put("requantMode", "float"))),
                hostile("NaN bias", "not valid JSON", t -> t.replaceFirst("\"bias\" : \\[ 1,", "\"bias\" : [ NaN,")),
                hostile("fractional bias", "bias[0]: expected an integer",
                        edit(r -> ((ArrayNode) layer(r, 0).get("requant").get("bias")).set(0, 1.5))),
                hostile("bias beyond 2^47", "bias[0]: expected an integer",
                        edit(r -> ((ArrayNode) layer(r, 0).get("requant").get("bias")).set(0, 1L << 60))),
                hostile("requant arrays of the wrong length", "expected 2 entries, got 1",
                        edit(r -> ((ArrayNode) layer(r, 0).get("requant").get("shift")).remove(1))),
                hostile("negative input dimension", "input.shape[1]: expected an integer in 1..4096",
                        edit(r -> ((ArrayNode) r.get("input").get("shape")).set(1, -28))),
                hostile("gigantic input", "input.shape[2]: expected an integer in 1..4096",
                        edit(r -> ((ArrayNode) r.get("input").get("shape")).set(2, 100000))),
                hostile("input tensor above the element limit", "exceeds the limit",
                        edit(r -> ((ArrayNode) r.get("input").get("shape")).set(0, 4096).set(1, 4096).set(2, 4096))),
                hostile("weights above the model limit", "exceed the limit", edit(r -> {
                    layer(r, 3).put("outFeatures", 4096);
                    ((ArrayNode) r.get("input").get("shape")).set(1, 256).set(2, 256);
                })),
                hostile("last layer not flat", "flat vector", edit(r -> {
                    ((ArrayNode) r.get("layers")).remove(3);
                    ((ArrayNode) r.get("layers")).remove(2);
                })),
                hostile("padding as large as the kernel", "padding must be smaller than the kernel",
                        edit(r -> ((ArrayNode) layer(r, 0).get("padding")).set(0, 3))),
                hostile("test accuracy above one", "testAccuracy", edit(r -> ((ObjectNode) r.get("provenance")).put("testAccuracy", 1.5))),
                hostile("provenance extra not a string", "extra.epochsRun: expected a string",
                        edit(r -> ((ObjectNode) r.get("provenance")).putObject("extra").put("epochsRun", 3))),
                hostile("kernel given as a string", "kernel: expected an array", edit(r -> layer(r, 1).put("kernel", "2x2"))),
                hostile("stride zero", "stride[0]: expected an integer in 1..64", edit(r -> ((ArrayNode) layer(r, 1).get("stride")).set(0, 0))),
                hostile("signed given as a number", "signed: expected true or false", edit(r -> r.with("input").put("signed", 0))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileFiles")
    void hostileModelGivesOneLineAndExitCode2(String name, String expected, Function<String, String> mutation, @TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("hostile.bwn.json");
        Files.writeString(file, mutation.apply(validJson()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[]{"inspect", file.toString()}, new PrintWriter(out), new PrintWriter(err));
        String message = err.toString();
        assertEquals(2, code, name + ": " + message);
        assertEquals(1, message.lines().count(), "one line expected, got:\n" + message);
        assertTrue(message.startsWith("bwn: hostile.bwn.json: "), message);
        assertTrue(message.contains(expected), "expected \"" + expected + "\" in: " + message);
        assertFalse(message.contains("Exception") || message.contains("\tat "), message);
        assertEquals("", out.toString());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "nothing but the input may be left in the folder");
        }
    }

    @Test
    void theBaseModelIsValid(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ok.bwn.json");
        Files.writeString(file, validJson());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(new String[]{"inspect", file.toString()}, new PrintWriter(out), new PrintWriter(err)), err.toString());
        assertTrue(out.toString().contains("conv1"));
        JsonNode reread = JSON.readTree(validJson());
        assertEquals(4, reread.get("layers").size());
    }

    @Test
    void verboseAddsTheStackTrace(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.bwn.json");
        Files.writeString(file, "{");
        StringWriter err = new StringWriter();
        assertEquals(2, Main.run(new String[]{"inspect", "--verbose", file.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err)));
        assertTrue(err.toString().contains("\tat "), err.toString());
    }
}
