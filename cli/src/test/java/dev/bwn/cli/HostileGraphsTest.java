package dev.bwn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwn.model.ActivationType;
import dev.bwn.model.Add;
import dev.bwn.model.BinaryWeights;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.GlobalAvgPool;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile graph files through the CLI ({@code inspect}, {@code eval}, {@code gen c}): each is refused with exit code 2
 * and one line naming the layer and the problem, and nothing is written anywhere.
 */
class HostileGraphsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Requant unit(int channels) {
        int[] m = new int[channels];
        Arrays.fill(m, 1);
        return new Requant(m, new long[channels], new int[channels]);
    }

    private static BinaryWeights alternating(int rows, int length) {
        int[][] signs = new int[rows][length];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < length; i++) {
                signs[r][i] = (r + i) % 2 == 0 ? 1 : -1;
            }
        }
        return BinaryWeights.fromSigns(signs);
    }

    /** image 1x4x4 -> c1 -> c2 -> sum(c2, proj(image)) -> gap -> fc: a residual block with a projection skip. */
    static Network validGraph() {
        ActivationType u4 = new ActivationType(4, false);
        Conv2d c1 = new Conv2d("c1", 2, 3, 3, 1, 1, 1, 1, alternating(2, 9), unit(2), u4);
        Conv2d c2 = new Conv2d("c2", 2, 3, 3, 1, 1, 1, 1, alternating(2, 18), unit(2), u4);
        Conv2d proj = new Conv2d("proj", 2, 1, 1, 1, 1, 0, 0, alternating(2, 1), unit(2), u4);
        Add sum = new Add("sum", new int[][]{{1, 1}, {2, 2}}, new long[]{0, 0}, new int[]{1, 1}, u4);
        GlobalAvgPool gap = new GlobalAvgPool("gap", new Requant(new int[]{1, 1}, new long[]{0, 0}, new int[]{4, 4}), u4);
        Dense fc = new Dense("fc", 3, alternating(3, 2), unit(3), new ActivationType(16, true));
        return new Network("graph", Provenance.of("bwn test"), "image", new Shape(1, 4, 4), ActivationType.UINT8,
                RequantMode.MULTIPLY, List.of(c1, c2, proj, sum, gap, fc),
                List.of(List.of("image"), List.of("c1"), List.of("image"), List.of("c2", "proj"), List.of("sum"), List.of("gap")));
    }

    private static ObjectNode layer(ObjectNode root, String name) {
        for (var l : root.get("layers")) {
            if (l.get("name").asText().equals(name)) {
                return (ObjectNode) l;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static void inputs(ObjectNode root, String layer, String... names) {
        ArrayNode a = layer(root, layer).putArray("inputs");
        Arrays.stream(names).forEach(a::add);
    }

    /** {@code count} 1x1 max-pools inserted before the global pool, each reading the one before. */
    private static void deepChain(ObjectNode root, int count) {
        ArrayNode layers = (ArrayNode) root.get("layers");
        for (int i = 0; i < count; i++) {
            ObjectNode pool = JSON.createObjectNode().put("kind", "maxpool").put("name", "p" + i);
            pool.putArray("inputs").add(i == 0 ? "sum" : "p" + (i - 1));
            pool.putArray("kernel").add(1).add(1);
            pool.putArray("stride").add(1).add(1);
            layers.insert(4 + i, pool);
        }
        inputs(root, "gap", "p" + (count - 1));
    }

    /** {@code count} adds each reading "c1" and the previous add: "c1" fans out to {@code count} + 1 layers. */
    private static void fanOut(ObjectNode root, int count) {
        ArrayNode layers = (ArrayNode) root.get("layers");
        for (int i = 0; i < count; i++) {
            ObjectNode add = JSON.createObjectNode().put("kind", "add").put("name", "a" + i);
            add.putArray("inputs").add("c1").add(i == 0 ? "c1" : "a" + (i - 1));
            add.putObject("output").put("bits", 4).put("signed", false);
            ObjectNode q = add.putObject("requant");
            ArrayNode m = q.putArray("multipliers");
            m.addArray().add(1).add(1);
            m.addArray().add(1).add(1);
            q.putArray("bias").add(0).add(0);
            q.putArray("shift").add(1).add(1);
            layers.insert(1 + i, add);
        }
        inputs(root, "c2", "a" + (count - 1));
    }

    private static Arguments hostile(String name, String expected, Consumer<ObjectNode> change) {
        return Arguments.of(name, expected, change);
    }

    static Stream<Arguments> hostileGraphs() {
        return Stream.of(
                hostile("a cycle through two layers", "layers[0] (c1).inputs[0]: reads \"sum\", written by the later layers[3], "
                        + "which itself depends on this layer (a cycle)", r -> inputs(r, "c1", "sum")),
                hostile("a layer reading itself", "layers[1] (c2).inputs[0]: the layer reads its own output (a cycle)",
                        r -> inputs(r, "c2", "c2")),
                hostile("a missing input", "layers[1] (c2).inputs[0]: no tensor is named \"nothing\"", r -> inputs(r, "c2", "nothing")),
                hostile("a tensor read before it is written", "layers[0] (c1).inputs[0]: reads \"proj\" before layers[2] writes it",
                        r -> inputs(r, "c1", "proj")),
                hostile("shapes that disagree at an add", "layers[3] (sum): add sum: the inputs differ in shape, 2x4x4 and 2x2x2",
                        r -> ((ArrayNode) layer(r, "proj").get("stride")).set(0, 2).set(1, 2)),
                hostile("channels that disagree with the add's multipliers", "layers[3].requant.multipliers[0]: expected 2 entries, got 1",
                        r -> ((ArrayNode) layer(r, "sum").get("requant").get("multipliers").get(0)).remove(1)),
                hostile("an unreachable layer", "layers[2] (proj): no later layer reads its output", r -> inputs(r, "sum", "c2", "c2")),
                hostile("a thousand-deep chain", "layers: has 1006 layers, more than the limit of 256", r -> deepChain(r, 1000)),
                hostile("a fan-out of a thousand", "layers: has 1006 layers, more than the limit of 256", r -> fanOut(r, 1000)),
                hostile("an add with one input", "layers[3] (sum).inputs: add reads 2 tensors, got 1", r -> inputs(r, "sum", "c2")),
                hostile("an add with a thousand inputs", "layers[3].inputs: expected 1..256 entries, got 1000",
                        r -> inputs(r, "sum", Stream.generate(() -> "c2").limit(1000).toArray(String[]::new))),
                hostile("a conv with two inputs", "layers[0] (c1).inputs: conv2d reads 1 tensor, got 2", r -> inputs(r, "c1", "image", "image")),
                hostile("no inputs", "layers[0].inputs: expected 1..256 entries, got 0", r -> inputs(r, "c1")),
                hostile("inputs missing in a version 2 file", "layers[1].inputs: missing", r -> layer(r, "c2").remove("inputs")),
                hostile("an input name that is not a string", "layers[1].inputs[0]: expected a string",
                        r -> layer(r, "c2").putArray("inputs").add(3)),
                hostile("inputs in a version 1 file", "layers[0].inputs: unknown field", r -> {
                    r.put("formatVersion", 1);
                    ((ObjectNode) r.get("input")).remove("name");
                }),
                hostile("duplicate tensor names", "layers[2].name: duplicate layer name \"c1\"", r -> {
                    layer(r, "proj").put("name", "c1");
                    inputs(r, "sum", "c2", "c1");
                }),
                hostile("the input named like a layer", "layers[1].name: \"c2\" is the name of the network input",
                        r -> ((ObjectNode) r.get("input")).put("name", "c2")),
                hostile("an input name with a control character", "input.name: contains character U+0007",
                        r -> ((ObjectNode) r.get("input")).put("name", "im\u0007age")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileGraphs")
    void aHostileGraphIsRefusedInOneLineByEveryCommandAndNothingIsWritten(String name, String expected, Consumer<ObjectNode> change,
                                                                         @TempDir Path dir) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(ModelIo.toJson(validGraph()));
        change.accept(root);
        Path model = dir.resolve("graph.bwn.json");
        Files.writeString(model, JSON.writeValueAsString(root));
        Path data = Files.createDirectories(dir.resolve("data"));
        SortedMap<String, String> before = FolderSnapshot.of(dir);
        List<String[]> commands = List.of(
                new String[]{"inspect", model.toString()},
                new String[]{"eval", model.toString(), "--dataset", data.toString()},
                new String[]{"gen", "c", model.toString(), "-o", dir.resolve("out").toString()});
        for (String[] command : commands) {
            CliRun run = CliRun.bwn(command).assertRefused("graph.bwn.json: " + expected);
            assertEquals("", run.out(), command[0]);
            assertEquals(before, FolderSnapshot.of(dir), command[0] + " wrote or changed something");
        }
    }

    @Test
    void theBaseGraphIsValidAndInspectShowsIt(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("graph.bwn.json");
        Files.writeString(model, ModelIo.toJson(validGraph()));
        CliRun run = CliRun.bwn("inspect", model.toString()).assertOk();
        assertTrue(run.out().contains("input \"image\" 1x4x4 u8"), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.contains(" sum ") && l.contains(" add ") && l.contains("c2 + proj")
                && l.contains("2x4x4 u4 + 2x4x4 u4")), run.out());
        // the input (16 bytes) lives until proj reads it; c1, c2, proj and sum are 2x4x4 u4 (32 bytes each): while c2
        // runs image + c1 + c2 = 80, while sum runs c2 + proj + sum = 96, the peak
        assertTrue(run.out().contains("Peak activation memory: 96 bytes"), run.out());
    }

    @Test
    void deepChainsAndWideFanOutsWithinTheLayerLimitAreAccepted(@TempDir Path dir) throws Exception {
        for (int variant = 0; variant < 2; variant++) {
            ObjectNode root = (ObjectNode) JSON.readTree(ModelIo.toJson(validGraph()));
            if (variant == 0) {
                deepChain(root, 250);
            } else {
                fanOut(root, 250);
            }
            Path model = dir.resolve("big" + variant + ".bwn.json");
            Files.writeString(model, JSON.writeValueAsString(root));
            CliRun.bwn("inspect", model.toString()).assertOk();
        }
    }

    /** Graphs generate C (the C backend lowers add and globalavgpool), also a 250-deep chain and a 250 fan-out. */
    @Test
    void graphsGenerateCTouchingNothingOutsideTheOutput(@TempDir Path dir) throws Exception {
        for (int variant = 0; variant < 3; variant++) {
            ObjectNode root = (ObjectNode) JSON.readTree(ModelIo.toJson(validGraph()));
            if (variant == 1) {
                deepChain(root, 250);
            } else if (variant == 2) {
                fanOut(root, 250);
            }
            Path model = dir.resolve("graph" + variant + ".bwn.json");
            Files.writeString(model, JSON.writeValueAsString(root));
            Path out = dir.resolve("out" + variant);
            SortedMap<String, String> before = FolderSnapshot.of(dir);
            CliRun run = CliRun.bwn("gen", "c", model.toString(), "-o", out.toString()).assertOk();
            assertEquals("", run.err());
            assertEquals(before, FolderSnapshot.outside(dir, out));
            assertTrue(Files.isRegularFile(out.resolve("Makefile")));
        }
    }
}
