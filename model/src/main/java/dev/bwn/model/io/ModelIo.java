package dev.bwn.model.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwn.model.ActivationType;
import dev.bwn.model.Layer;
import dev.bwn.model.Limits;
import dev.bwn.model.ModelException;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.RequantMode;
import dev.bwn.model.Shape;
import dev.bwn.model.Wiring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes {@code *.bwn.json} (docs/SEMANTICS.md, "File format"). Reading is strict: unknown fields,
 * duplicate keys, non-integers where integers belong, out-of-range values and broken shape chains are all errors
 * that name the JSON path. Writing goes to a temporary file that is renamed into place.
 */
public final class ModelIo {
    public static final String FORMAT = "bwn";
    public static final String WEIGHT_ENCODING = "base64-u32le";
    /** Version 1: a chain, no {@code inputs} and no {@code input.name}; still read, never written. */
    public static final int CHAIN_FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = JsonReader.MAPPER;

    private ModelIo() {
    }

    /**
     * Reads a model file. Problems with the file itself (not a regular file, above {@link Limits#MODEL_FILE_BYTES},
     * not UTF-8) throw {@link InputFileException}; problems with its content throw {@link ModelException} whose path
     * starts with the file name.
     */
    public static Network read(Path file) {
        String text = StrictText.read(file, Limits.MODEL_FILE_BYTES);
        try {
            return parse(text);
        } catch (ModelException e) {
            throw e.within(file.getFileName().toString());
        }
    }

    public static Network parse(String json) {
        return fromJson(new JsonReader(JsonReader.parseTree(json), ""));
    }

    private static Network fromJson(JsonReader root) {
        root.allowOnly(Set.of("format", "formatVersion", "name", "provenance", "input", "requantMode", "layers", "labels"));
        if (!FORMAT.equals(root.string("format"))) {
            throw new ModelException("format", "expected \"" + FORMAT + "\", got \"" + root.string("format") + "\"");
        }
        int version = root.integer("formatVersion", 0, Integer.MAX_VALUE);
        if (version != CHAIN_FORMAT_VERSION && version != Network.FORMAT_VERSION) {
            throw new ModelException("formatVersion", "this bwn reads format versions " + CHAIN_FORMAT_VERSION + " and "
                    + Network.FORMAT_VERSION + ", the file has " + version);
        }
        boolean graph = version != CHAIN_FORMAT_VERSION;
        if (!graph && root.has("labels")) {
            throw new ModelException("labels", "class labels need formatVersion " + Network.FORMAT_VERSION);
        }
        List<String> labels = labels(root);
        String name = root.string("name");
        Provenance provenance = provenance(root.object("provenance"));
        JsonReader input = root.object("input");
        input.allowOnly(graph ? Set.of("name", "shape", "bits", "signed") : Set.of("shape", "bits", "signed"));
        String inputName = graph ? input.string("name") : Network.DEFAULT_INPUT_NAME;
        int[] dims = input.ints("shape", 3, 1, Limits.DIMENSION);
        Shape inputShape = new Shape(dims[0], dims[1], dims[2]);
        if ((long) dims[0] * dims[1] * dims[2] > Limits.TENSOR_ELEMENTS) {
            throw new ModelException("input.shape", "tensor " + inputShape.channels() + "x" + dims[1] + "x" + dims[2]
                    + " exceeds the limit of " + Limits.TENSOR_ELEMENTS + " elements");
        }
        ActivationType inputType = LayerFields.activation(input);
        RequantMode mode;
        try {
            mode = RequantMode.parse(root.string("requantMode"));
        } catch (IllegalArgumentException e) {
            throw new ModelException("requantMode", e.getMessage());
        }
        JsonNode layerArray = root.require("layers");
        if (!layerArray.isArray()) {
            throw new ModelException("layers", "expected an array, got " + JsonReader.describe(layerArray));
        }
        if (layerArray.size() > Limits.LAYERS) {
            throw new ModelException("layers", "has " + layerArray.size() + " layers, more than the limit of " + Limits.LAYERS);
        }
        if (layerArray.isEmpty()) {
            throw new ModelException("layers", "must contain at least one layer");
        }
        // The wiring is checked first, from names alone, so each layer's input shapes are known (and its weight size
        // checked) before its weights are decoded.
        List<JsonReader> layerReaders = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<List<String>> inputs = new ArrayList<>();
        for (int i = 0; i < layerArray.size(); i++) {
            JsonReader r = new JsonReader(layerArray.get(i), "layers[" + i + "]");
            layerReaders.add(r);
            names.add(r.string("name"));
            if (graph) {
                inputs.add(r.strings("inputs", 1, Limits.LAYERS));
            }
        }
        if (!graph) {
            inputs = Wiring.chain(inputName, names);
        }
        List<List<Integer>> wiring = Wiring.resolve(inputName, names, inputs);
        List<Layer> layers = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>(List.of(inputShape));
        for (int i = 0; i < layerArray.size(); i++) {
            List<Shape> inputShapes = wiring.get(i).stream().map(shapes::get).toList();
            Layer layer = layer(layerReaders.get(i), graph, inputShapes);
            layers.add(layer);
            Shape shape;
            try {
                shape = layer.outputShape(inputShapes);
            } catch (IllegalArgumentException e) {
                throw new ModelException(Wiring.where(i, layer.name()), e.getMessage());
            }
            if ((long) shape.channels() * shape.height() * shape.width() > Limits.TENSOR_ELEMENTS) {
                throw new ModelException(Wiring.where(i, layer.name()), "output " + shape + " exceeds the limit of "
                        + Limits.TENSOR_ELEMENTS + " elements");
            }
            shapes.add(shape);
        }
        return new Network(name, provenance, inputName, inputShape, inputType, mode, layers, inputs, labels);
    }

    /**
     * The optional class labels: an array of at most {@link Limits#DIMENSION} strings (a dense layer's outputs), its
     * length checked before any entry is read; count and characters are checked by {@link Network}.
     */
    private static List<String> labels(JsonReader root) {
        if (!root.has("labels")) {
            return List.of();
        }
        JsonNode array = root.require("labels");
        if (!array.isArray()) {
            throw new ModelException("labels", "expected an array of strings, got " + JsonReader.describe(array));
        }
        if (array.size() > Limits.DIMENSION) {
            throw new ModelException("labels", "has " + array.size() + " entries, more than the limit of " + Limits.DIMENSION);
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isTextual()) {
                throw new ModelException("labels[" + i + "]", "expected a string, got " + JsonReader.describe(array.get(i)));
            }
            labels.add(array.get(i).textValue());
        }
        return labels;
    }

    private static Provenance provenance(JsonReader p) {
        p.allowOnly(Set.of("tool", "dataset", "architecture", "method", "seed", "epochs", "testAccuracy", "extra"));
        Map<String, String> extra = new LinkedHashMap<>();
        if (p.has("extra")) {
            JsonReader e = p.object("extra");
            Iterator<Map.Entry<String, JsonNode>> fields = e.raw().fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                extra.put(f.getKey(), e.string(f.getKey()));
            }
        }
        Long epochs = p.optionalLong("epochs", 0, 1_000_000);
        return new Provenance(p.string("tool"), p.optionalString("dataset"), p.optionalString("architecture"),
                p.optionalString("method"), p.optionalLong("seed", Long.MIN_VALUE, Long.MAX_VALUE),
                epochs == null ? null : epochs.intValue(), p.optionalFraction("testAccuracy"), extra);
    }

    private static Layer layer(JsonReader r, boolean graph, List<Shape> inputs) {
        String kind = r.string("kind");
        String name = r.string("name");
        String where = r.path() + " (" + name + ")";
        LayerCodec<?> codec = LayerCodecs.byKind(kind).orElseThrow(() -> new ModelException(r.at("kind"),
                "unknown layer kind \"" + kind + "\"; expected " + LayerCodecs.kinds()));
        Set<String> allowed = new HashSet<>(codec.fields());
        allowed.addAll(graph ? List.of("kind", "name", "inputs") : List.of("kind", "name"));
        r.allowOnly(allowed);
        Wiring.checkArity(where, kind, codec.inputCount(), inputs.size());
        try {
            return codec.read(r, name, inputs);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ModelException(where, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- writing

    public static String toJson(Network net) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", Network.FORMAT_VERSION);
        root.put("name", net.name());
        Provenance p = net.provenance();
        ObjectNode prov = root.putObject("provenance");
        prov.put("tool", p.tool());
        if (p.dataset() != null) prov.put("dataset", p.dataset());
        if (p.architecture() != null) prov.put("architecture", p.architecture());
        if (p.method() != null) prov.put("method", p.method());
        if (p.seed() != null) prov.put("seed", p.seed());
        if (p.epochs() != null) prov.put("epochs", p.epochs());
        if (p.testAccuracy() != null) prov.put("testAccuracy", p.testAccuracy());
        if (!p.extra().isEmpty()) {
            ObjectNode extra = prov.putObject("extra");
            p.extra().forEach(extra::put);
        }
        ObjectNode input = root.putObject("input");
        input.put("name", net.inputName());
        Shape s = net.inputShape();
        input.putArray("shape").add(s.channels()).add(s.height()).add(s.width());
        LayerFields.putActivation(input, net.inputType());
        root.put("requantMode", net.requantMode().spelling());
        if (!net.labels().isEmpty()) {
            ArrayNode labels = root.putArray("labels");
            net.labels().forEach(labels::add);
        }
        ArrayNode layers = root.putArray("layers");
        for (int i = 0; i < net.layers().size(); i++) {
            Layer layer = net.layers().get(i);
            ObjectNode l = layers.addObject();
            l.put("kind", layer.kind());
            l.put("name", layer.name());
            ArrayNode inputs = l.putArray("inputs");
            net.inputsOf(i).forEach(inputs::add);
            LayerCodecs.write(layer, l);
        }
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withArrayIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance)
                .withObjectIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return MAPPER.writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Network net, Path file) throws IOException {
        AtomicFiles.writeString(file, toJson(net));
    }

}
