package dev.bwn.model.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwn.model.ActivationType;
import dev.bwn.model.Add;
import dev.bwn.model.GlobalAvgPool;
import dev.bwn.model.LayerVisitor;
import dev.bwn.model.Wiring;
import dev.bwn.model.BinaryWeights;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.Flatten;
import dev.bwn.model.Layer;
import dev.bwn.model.Limits;
import dev.bwn.model.MaxPool;
import dev.bwn.model.ModelException;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.Requant;
import dev.bwn.model.RequantMode;
import dev.bwn.model.Shape;
import dev.bwn.model.WeightedLayer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
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

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength((int) Limits.MODEL_FILE_BYTES).maxNestingDepth(32).maxNumberLength(40).build());
    }

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
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ModelException("(json)", "not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new ModelException("(json)", "the file is empty");
        }
        return fromJson(new JsonReader(root, ""));
    }

    private static Network fromJson(JsonReader root) {
        root.allowOnly(Set.of("format", "formatVersion", "name", "provenance", "input", "requantMode", "layers"));
        if (!FORMAT.equals(root.string("format"))) {
            throw new ModelException("format", "expected \"" + FORMAT + "\", got \"" + root.string("format") + "\"");
        }
        int version = root.integer("formatVersion", 0, Integer.MAX_VALUE);
        if (version != CHAIN_FORMAT_VERSION && version != Network.FORMAT_VERSION) {
            throw new ModelException("formatVersion", "this bwn reads format versions " + CHAIN_FORMAT_VERSION + " and "
                    + Network.FORMAT_VERSION + ", the file has " + version);
        }
        boolean graph = version != CHAIN_FORMAT_VERSION;
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
        ActivationType inputType = activation(input);
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
        return new Network(name, provenance, inputName, inputShape, inputType, mode, layers, inputs);
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

    private static ActivationType activation(JsonReader r) {
        int bits = r.integer("bits", ActivationType.MIN_BITS, ActivationType.MAX_LOGIT_BITS);
        try {
            return new ActivationType(bits, r.bool("signed"));
        } catch (IllegalArgumentException e) {
            throw new ModelException(r.at("bits"), e.getMessage());
        }
    }

    private static Set<String> fields(boolean graph, String... names) {
        Set<String> allowed = new java.util.HashSet<>(List.of(names));
        allowed.add("kind");
        allowed.add("name");
        if (graph) {
            allowed.add("inputs");
        }
        return allowed;
    }

    /** The only input shape of a single-input kind, after checking that the layer names exactly one input. */
    private static Shape single(JsonReader r, String kind, String name, List<Shape> inputs) {
        Wiring.checkArity(r.path() + " (" + name + ")", kind, 1, inputs.size());
        return inputs.get(0);
    }

    private static Layer layer(JsonReader r, boolean graph, List<Shape> inputs) {
        String kind = r.string("kind");
        String name = r.string("name");
        String where = r.path() + " (" + name + ")";
        try {
            switch (kind) {
                case "conv2d": {
                    r.allowOnly(fields(graph, "outChannels", "kernel", "stride", "padding", "output", "weights", "requant"));
                    Shape input = single(r, kind, name, inputs);
                    int out = r.integer("outChannels", 1, Limits.DIMENSION);
                    int[] k = r.ints("kernel", 2, 1, Limits.KERNEL);
                    int[] s = r.ints("stride", 2, 1, Limits.KERNEL);
                    int[] pad = r.ints("padding", 2, 0, Limits.KERNEL - 1);
                    int fanIn = Math.multiplyExact(input.channels(), k[0] * k[1]);
                    checkFanIn(r, fanIn);
                    BinaryWeights w = weights(r, out, fanIn);
                    return new Conv2d(name, out, k[0], k[1], s[0], s[1], pad[0], pad[1], w, requant(r, out), activation(r.object("output")));
                }
                case "dense": {
                    r.allowOnly(fields(graph, "outFeatures", "output", "weights", "requant"));
                    Shape input = single(r, kind, name, inputs);
                    int out = r.integer("outFeatures", 1, Limits.DIMENSION);
                    int fanIn = input.size();
                    checkFanIn(r, fanIn);
                    BinaryWeights w = weights(r, out, fanIn);
                    return new Dense(name, out, w, requant(r, out), activation(r.object("output")));
                }
                case "maxpool": {
                    r.allowOnly(fields(graph, "kernel", "stride"));
                    single(r, kind, name, inputs);
                    int[] k = r.ints("kernel", 2, 1, Limits.KERNEL);
                    int[] s = r.ints("stride", 2, 1, Limits.KERNEL);
                    return new MaxPool(name, k[0], k[1], s[0], s[1]);
                }
                case "flatten":
                    r.allowOnly(fields(graph));
                    single(r, kind, name, inputs);
                    return new Flatten(name);
                case "add": {
                    r.allowOnly(fields(graph, "output", "requant"));
                    Wiring.checkArity(where, kind, Add.INPUTS, inputs.size());
                    int channels = inputs.get(0).channels();
                    JsonReader q = r.object("requant");
                    q.allowOnly(Set.of("multipliers", "bias", "shift"));
                    int[][] m = q.intRows("multipliers", Add.INPUTS, channels, -Requant.MAX_ABS_MULTIPLIER, Requant.MAX_ABS_MULTIPLIER);
                    long[] b = q.longs("bias", channels, -Requant.MAX_ABS_BIAS, Requant.MAX_ABS_BIAS);
                    int[] s = q.ints("shift", channels, 0, Requant.MAX_SHIFT);
                    return new Add(name, m, b, s, activation(r.object("output")));
                }
                case "globalavgpool": {
                    r.allowOnly(fields(graph, "output", "requant"));
                    Shape input = single(r, kind, name, inputs);
                    return new GlobalAvgPool(name, requant(r, input.channels()), activation(r.object("output")));
                }
                default:
                    throw new ModelException(r.at("kind"), "unknown layer kind \"" + kind
                            + "\"; expected conv2d, dense, maxpool, flatten, add or globalavgpool");
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ModelException(where, e.getMessage());
        }
    }

    private static void checkFanIn(JsonReader r, int fanIn) {
        if (fanIn > Limits.FAN_IN) {
            throw new ModelException(r.path(), "fan-in " + fanIn + " exceeds the limit of " + Limits.FAN_IN);
        }
    }

    private static BinaryWeights weights(JsonReader layer, int rows, int rowLength) {
        JsonReader w = layer.object("weights");
        w.allowOnly(Set.of("encoding", "words", "data"));
        if (!WEIGHT_ENCODING.equals(w.string("encoding"))) {
            throw new ModelException(w.at("encoding"), "expected \"" + WEIGHT_ENCODING + "\", got \"" + w.string("encoding") + "\"");
        }
        long expectedWords = (long) rows * BinaryWeights.wordsPerRow(rowLength);
        if (expectedWords > Limits.BINARY_WEIGHTS / 32 + rows) {
            throw new ModelException(w.path(), rows + " rows of " + rowLength + " weights exceed the limit of "
                    + Limits.BINARY_WEIGHTS + " binary weights");
        }
        long words = w.optionalLong("words", 0, Integer.MAX_VALUE) == null ? -1 : w.optionalLong("words", 0, Integer.MAX_VALUE);
        if (words != expectedWords) {
            throw new ModelException(w.at("words"), "expected " + expectedWords + " words (" + rows + " rows of " + rowLength
                    + " bits, each padded to 32), got " + (words < 0 ? "none" : Long.toString(words)));
        }
        String data = w.string("data");
        if (data.length() != (expectedWords * 4 + 2) / 3 * 4) {
            throw new ModelException(w.at("data"), "expected base64 of " + expectedWords * 4 + " bytes (" + (expectedWords * 4 + 2) / 3 * 4
                    + " characters), got " + data.length() + " characters");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new ModelException(w.at("data"), "not valid base64: " + e.getMessage());
        }
        if (bytes.length != expectedWords * 4) {
            throw new ModelException(w.at("data"), "decodes to " + bytes.length + " bytes, expected " + expectedWords * 4);
        }
        int[] packed = new int[(int) expectedWords];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(packed);
        try {
            return new BinaryWeights(rows, rowLength, packed);
        } catch (IllegalArgumentException e) {
            throw new ModelException(w.at("data"), e.getMessage());
        }
    }

    private static Requant requant(JsonReader layer, int channels) {
        JsonReader q = layer.object("requant");
        q.allowOnly(Set.of("multiplier", "bias", "shift"));
        int[] m = q.ints("multiplier", channels, -Requant.MAX_ABS_MULTIPLIER, Requant.MAX_ABS_MULTIPLIER);
        long[] b = q.longs("bias", channels, -Requant.MAX_ABS_BIAS, Requant.MAX_ABS_BIAS);
        int[] s = q.ints("shift", channels, 0, Requant.MAX_SHIFT);
        return new Requant(m, b, s);
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
        putActivation(input, net.inputType());
        root.put("requantMode", net.requantMode().spelling());
        ArrayNode layers = root.putArray("layers");
        for (int i = 0; i < net.layers().size(); i++) {
            Layer layer = net.layers().get(i);
            ObjectNode l = layers.addObject();
            l.put("kind", layer.kind());
            l.put("name", layer.name());
            ArrayNode inputs = l.putArray("inputs");
            net.inputsOf(i).forEach(inputs::add);
            layer.accept(new LayerWriter(l));
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

    /** Writes each kind's own fields after kind, name and inputs. */
    private record LayerWriter(ObjectNode node) implements LayerVisitor<Void> {
        @Override
        public Void conv2d(Conv2d c) {
            node.put("outChannels", c.outChannels());
            node.putArray("kernel").add(c.kernelHeight()).add(c.kernelWidth());
            node.putArray("stride").add(c.strideY()).add(c.strideX());
            node.putArray("padding").add(c.padY()).add(c.padX());
            weighted(c);
            return null;
        }

        @Override
        public Void dense(Dense d) {
            node.put("outFeatures", d.outFeatures());
            weighted(d);
            return null;
        }

        @Override
        public Void maxPool(MaxPool m) {
            node.putArray("kernel").add(m.kernelHeight()).add(m.kernelWidth());
            node.putArray("stride").add(m.strideY()).add(m.strideX());
            return null;
        }

        @Override
        public Void flatten(Flatten f) {
            return null;
        }

        @Override
        public Void add(Add a) {
            putActivation(node.putObject("output"), a.output());
            ObjectNode q = node.putObject("requant");
            ArrayNode rows = q.putArray("multipliers");
            for (int k = 0; k < Add.INPUTS; k++) {
                ArrayNode row = rows.addArray();
                for (int c = 0; c < a.channels(); c++) {
                    row.add(a.multiplier(k, c));
                }
            }
            ArrayNode bias = q.putArray("bias");
            ArrayNode shift = q.putArray("shift");
            for (int c = 0; c < a.channels(); c++) {
                bias.add(a.bias(c));
                shift.add(a.shift(c));
            }
            return null;
        }

        @Override
        public Void globalAvgPool(GlobalAvgPool g) {
            putActivation(node.putObject("output"), g.output());
            putRequant(node, g.requant());
            return null;
        }

        private void weighted(WeightedLayer w) {
            putActivation(node.putObject("output"), w.output());
            putRequant(node, w.requant());
            ObjectNode wn = node.putObject("weights");
            wn.put("encoding", WEIGHT_ENCODING);
            wn.put("words", w.weights().wordCount());
            int[] words = w.weights().words();
            ByteBuffer buf = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.asIntBuffer().put(words);
            wn.put("data", Base64.getEncoder().encodeToString(buf.array()));
        }
    }

    private static void putRequant(ObjectNode layer, Requant r) {
        ObjectNode q = layer.putObject("requant");
        ArrayNode mult = q.putArray("multiplier");
        ArrayNode bias = q.putArray("bias");
        ArrayNode shift = q.putArray("shift");
        for (int ch = 0; ch < r.channels(); ch++) {
            mult.add(r.multiplier(ch));
            bias.add(r.bias(ch));
            shift.add(r.shift(ch));
        }
    }

    private static void putActivation(ObjectNode node, ActivationType t) {
        node.put("bits", t.bits());
        node.put("signed", t.signed());
    }
}
