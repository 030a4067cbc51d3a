package dev.bwn.model.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwn.model.ActivationType;
import dev.bwn.model.BinaryWeights;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.Flatten;
import dev.bwn.model.MaxPool;
import dev.bwn.model.ModelException;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.Requant;
import dev.bwn.model.RequantMode;
import dev.bwn.model.Shape;
import dev.bwn.model.WeightedLayer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each loader rule docs/SEMANTICS.md states (section 6, "Loader rules"), one test each. */
class LoaderRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Requant unit(int channels) {
        int[] m = new int[channels];
        Arrays.fill(m, 1);
        return new Requant(m, new long[channels], new int[channels]);
    }

    private static BinaryWeights plus(int rows, int length) {
        int[][] signs = new int[rows][length];
        for (int[] row : signs) {
            Arrays.fill(row, 1);
        }
        return BinaryWeights.fromSigns(signs);
    }

    /** input 1x4x4 u8 -> conv 2@3x3 (s8) -> maxpool 2x2 -> flatten -> dense 3 (s16). */
    private static Network base(ActivationType convOut, ActivationType logits) {
        Conv2d conv = new Conv2d("conv", 2, 3, 3, 1, 1, 1, 1, plus(2, 9), unit(2), convOut);
        Dense dense = new Dense("fc", 3, plus(3, 8), unit(3), logits);
        return new Network("m", Provenance.of("test"), new Shape(1, 4, 4), ActivationType.UINT8, RequantMode.MULTIPLY,
                List.of(conv, new MaxPool("pool", 2, 2, 2, 2), new Flatten("flat"), dense));
    }

    private static String edited(Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(ModelIo.toJson(base(new ActivationType(8, true), new ActivationType(16, true))));
            change.accept(root);
            return JSON.writeValueAsString(root);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    private static ObjectNode layer(ObjectNode root, int i) {
        return (ObjectNode) root.get("layers").get(i);
    }

    private static void refused(String expected, String json) {
        ModelException e = assertThrows(ModelException.class, () -> ModelIo.parse(json));
        assertTrue(e.getMessage().contains(expected), "expected \"" + expected + "\" in: " + e.getMessage());
    }

    @Test
    void declaredDimensionsAreAtMost4096ButAFlattenedVectorMayBeLonger() {
        refused("input.shape[0]: expected an integer in 1..4096", edited(r -> ((ArrayNode) r.get("input").get("shape")).set(0, 4097)));
        refused("outFeatures: expected an integer in 1..4096", edited(r -> layer(r, 3).put("outFeatures", 4097)));
        // 16 channels of 32x32 flattened: a 16384-long vector is fine, it was not declared
        Conv2d conv = new Conv2d("conv", 16, 1, 1, 1, 1, 0, 0, plus(16, 1), unit(16), ActivationType.UINT8);
        Dense dense = new Dense("fc", 2, plus(2, 16384), unit(2), new ActivationType(16, true));
        Network wide = new Network("w", Provenance.of("test"), new Shape(1, 32, 32), ActivationType.UINT8, RequantMode.MULTIPLY,
                List.of(conv, new Flatten("flat"), dense));
        assertEquals(16384, ModelIo.parse(ModelIo.toJson(wide)).plan().get(1).outputShape().size());
    }

    @Test
    void theInputMayBeAnyTypeUpTo16Bits() {
        Network s16 = ModelIo.parse(edited(r -> ((ObjectNode) r.get("input")).put("bits", 16).put("signed", true)));
        assertEquals(new ActivationType(16, true), s16.inputType());
        refused("input.bits: must be at most 16", edited(r -> ((ObjectNode) r.get("input")).put("bits", 17)));
    }

    @Test
    void onlyTheLastRequantizingLayerAndThePoolsAndFlattensAfterItMayBeWiderThan16Bits() {
        // logits of 32 bits written by a conv and passed through max-pool and flatten: accepted
        Conv2d conv = new Conv2d("conv", 2, 3, 3, 1, 1, 1, 1, plus(2, 9), unit(2), new ActivationType(32, true));
        Network wideLast = new Network("m", Provenance.of("test"), new Shape(1, 4, 4), ActivationType.UINT8, RequantMode.MULTIPLY,
                List.of(conv, new MaxPool("pool", 2, 2, 2, 2), new Flatten("flat")));
        assertEquals(new ActivationType(32, true), ModelIo.parse(ModelIo.toJson(wideLast)).logitType());
        refused("layers[0] (conv).output.bits: hidden activations may be at most 16 bits, got 17",
                edited(r -> ((ObjectNode) layer(r, 0).get("output")).put("bits", 17)));
    }

    @Test
    void theAccumulatorNeverNeedsMoreThan33Bits() {
        assertEquals(33, WeightedLayer.accumulatorBits(65536, new ActivationType(16, false)));
        assertEquals(33, WeightedLayer.accumulatorBits(65536, new ActivationType(16, true)));
        assertEquals(32, WeightedLayer.accumulatorBits(65535, new ActivationType(16, true)));
    }

    @Test
    void wordsIsRequiredAndMustEqualRowsTimesWordsPerRow() {
        refused("layers[0].weights.words: expected 2 words (2 rows of 9 bits, each padded to 32), got none",
                edited(r -> ((ObjectNode) layer(r, 0).get("weights")).remove("words")));
        refused("expected 3 words (3 rows of 8 bits, each padded to 32), got 4",
                edited(r -> ((ObjectNode) layer(r, 3).get("weights")).put("words", 4)));
    }

    @Test
    void aModelNeedsALayerAndAWeightedLayer() {
        refused("layers: must contain at least one layer", edited(r -> r.putArray("layers")));
        refused("layers: must contain at least one conv2d or dense layer", edited(r -> {
            ArrayNode layers = (ArrayNode) r.get("layers");
            layers.remove(3);
            layers.remove(0);
            ((ArrayNode) layer(r, 0).get("inputs")).set(0, "input");
        }));
    }

    @Test
    void integersAreWrittenWithoutFractionOrExponent() {
        refused("outFeatures: expected an integer in 1..4096, got 3.0", edited(r -> layer(r, 3).put("outFeatures", 3.0)));
        String exponent = edited(r -> { }).replace("\"outFeatures\":3", "\"outFeatures\":3e0");
        assertTrue(exponent.contains("3e0"));
        refused("outFeatures: expected an integer in 1..4096, got 3.0", exponent);
    }

    @Test
    void weightDataIsStandardBase64WithPaddingAndNoLineBreaks() {
        // 2 words = 8 bytes = "////AQAA////AQAA"-like 12 characters with one '='
        String data = edited(r -> { }).replaceAll("(?s).*?\"data\":\"([^\"]*)\".*", "$1");
        assertEquals(12, data.length());
        assertTrue(data.endsWith("="));
        refused("data: expected base64 of 8 bytes (12 characters), got 11 characters",
                edited(r -> ((ObjectNode) layer(r, 0).get("weights")).put("data", data.substring(0, 11))));
        refused("data: expected base64 of 8 bytes (12 characters), got 13 characters",
                edited(r -> ((ObjectNode) layer(r, 0).get("weights")).put("data", data.substring(0, 6) + "\n" + data.substring(6))));
        refused("data: not valid base64", edited(r -> ((ObjectNode) layer(r, 0).get("weights")).put("data", "_-" + data.substring(2))));
    }

    @Test
    void provenanceNeedsATool() {
        refused("provenance.tool: missing", edited(r -> ((ObjectNode) r.get("provenance")).remove("tool")));
        refused("provenance.seed: expected an integer", edited(r -> ((ObjectNode) r.get("provenance")).put("seed", "1")));
        refused("provenance.epochs: expected an integer in 0..1000000", edited(r -> ((ObjectNode) r.get("provenance")).put("epochs", -1)));
        refused("provenance.dataset: expected a string", edited(r -> ((ObjectNode) r.get("provenance")).put("dataset", 5)));
        Network full = ModelIo.parse(edited(r -> ((ObjectNode) r.get("provenance")).put("seed", Long.MIN_VALUE).put("epochs", 0)
                .put("testAccuracy", 1).put("method", "group")));
        assertEquals(Long.MIN_VALUE, full.provenance().seed());
    }

    @Test
    void version1FilesHaveNeitherInputsNorAnInputName() {
        String v1 = edited(r -> {
            r.put("formatVersion", 1);
            ((ObjectNode) r.get("input")).remove("name");
            r.get("layers").forEach(l -> ((ObjectNode) l).remove("inputs"));
        });
        Network chain = ModelIo.parse(v1);
        assertTrue(chain.isChain());
        assertEquals("input", chain.inputName());
        refused("input.name: unknown field", edited(r -> {
            r.put("formatVersion", 1);
            r.get("layers").forEach(l -> ((ObjectNode) l).remove("inputs"));
        }));
        refused("input.name: missing", edited(r -> ((ObjectNode) r.get("input")).remove("name")));
    }
}
