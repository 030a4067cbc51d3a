package dev.bwn.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bwn.model.Limits;
import dev.bwn.model.ModelException;
import dev.bwn.model.io.JsonReader;
import dev.bwn.model.io.StrictText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A network description file (docs/ARCHITECTURES.md, schema in architectures/schema.json): layers with
 * named inputs, named blocks with parameters, and {@code repeat} of a block. Reading is strict (unknown
 * fields, duplicate keys, wrong types are errors naming the file and JSON path); {@link #expand} then
 * instantiates blocks and repeats into a flat list of {@link RawLayer}s with evaluated sizes, which
 * {@link LayerFusion} turns into the trainer's layers.
 */
final class ArchitectureFile {
  /** Layer, block and parameter names: they become C and Verilog identifiers through the sanitizer. */
  static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
  /** The parameter every file may use: the class count, taken from the dataset. */
  static final String CLASSES = "classes";
  /** Inside a block, the block's input. */
  static final String BLOCK_INPUT = "in";
  /** Raw layers after expansion: conv + batchnorm + relu is three, so this bounds the fused layers too. */
  static final int MAX_RAW_LAYERS = 4 * Limits.LAYERS;
  static final int MAX_SIZE = 1 << 16;
  static final int MAX_PARAMETER = 1 << 20;

  /** Every layer type and the size fields it takes (a field with a default may be left out). */
  private static final Map<String, Set<String>> FIELDS = Map.of(
      "conv2d", Set.of("channels", "kernel", "stride", "padding"),
      "batchnorm", Set.of(),
      "relu", Set.of(),
      "maxpool", Set.of("kernel", "stride"),
      "globalavgpool", Set.of(),
      "flatten", Set.of(),
      "dense", Set.of("units"),
      "add", Set.of());

  /**
   * One layer after blocks are instantiated: its unique name, type, the names of the layers it reads
   * ({@link Architectures#INPUT} for the network input), its sizes, and where it was declared.
   */
  record RawLayer(String name, String type, List<String> inputs, Map<String, Integer> sizes, String path) {}

  private record Block(List<String> parameters, JsonNode layers, String path) {}

  /** Where names resolve while a list of layers is expanded: the top level or one block instance. */
  private record Scope(String prefix, String input, Map<String, Integer> variables, Map<String, String> names) {}

  final String source;
  /** SHA-256 of the file's text (its bytes: the text is strict UTF-8), which a run records so resume finds the same. */
  final String sha256;
  final String name;
  /** Declared parameters with their defaults, in file order. */
  final Map<String, Integer> parameters;
  /** The parameters a built-in name sets, in order: {@code wrn-28-10} sets depth 28, k 10. */
  final List<String> nameParameters;
  private final Map<String, Block> blocks;
  private final JsonNode layers;

  private ArchitectureFile(String source, String sha256, String name, Map<String, Integer> parameters,
                           List<String> nameParameters, Map<String, Block> blocks, JsonNode layers) {
    this.source = source;
    this.sha256 = sha256;
    this.name = name;
    this.parameters = parameters;
    this.nameParameters = nameParameters;
    this.blocks = blocks;
    this.layers = layers;
  }

  /** Reads {@code file}: a regular UTF-8 file of at most {@link Limits#ARCHITECTURE_FILE_BYTES}. */
  static ArchitectureFile read(Path file) {
    return parse(StrictText.read(file, Limits.ARCHITECTURE_FILE_BYTES), file.toString());
  }

  /** Parses {@code text}; errors name {@code source} and the JSON path. */
  static ArchitectureFile parse(String text, String source) {
    try {
      return parse(new JsonReader(JsonReader.parseTree(text), ""), source, Sha256.hex(text.getBytes(StandardCharsets.UTF_8)));
    } catch (ModelException e) {
      throw e.within(source);
    }
  }

  private static ArchitectureFile parse(JsonReader root, String source, String sha256) {
    root.allowOnly(Set.of("$schema", "name", "description", "parameters", "nameParameters", "blocks", "layers"));
    String name = root.string("name");
    root.optionalString("description");
    root.optionalString("$schema");
    Map<String, Integer> parameters = new LinkedHashMap<>();
    if (root.has("parameters")) {
      JsonReader p = root.object("parameters");
      for (Iterator<String> it = p.raw().fieldNames(); it.hasNext(); ) {
        String parameter = it.next();
        checkName(p.at(parameter), parameter);
        if (parameter.equals(CLASSES)) {
          throw new ModelException(p.at(parameter), "'" + CLASSES + "' is set from the dataset, not declared");
        }
        parameters.put(parameter, p.integer(parameter, 0, MAX_PARAMETER));
      }
    }
    List<String> nameParameters = root.has("nameParameters") ? root.strings("nameParameters", 1, 8) : List.of();
    for (int i = 0; i < nameParameters.size(); i++) {
      if (!parameters.containsKey(nameParameters.get(i))) {
        throw new ModelException("nameParameters[" + i + "]", "'" + nameParameters.get(i) + "' is not a declared parameter");
      }
    }
    Map<String, Block> blocks = new HashMap<>();
    if (root.has("blocks")) {
      JsonReader b = root.object("blocks");
      for (Iterator<String> it = b.raw().fieldNames(); it.hasNext(); ) {
        String blockName = it.next();
        checkName(b.at(blockName), blockName);
        JsonReader block = b.object(blockName);
        block.allowOnly(Set.of("description", "parameters", "layers"));
        block.optionalString("description");
        List<String> blockParameters = block.has("parameters") ? block.strings("parameters", 0, 16) : List.of();
        for (int i = 0; i < blockParameters.size(); i++) {
          checkName(block.at("parameters") + "[" + i + "]", blockParameters.get(i));
        }
        blocks.put(blockName, new Block(blockParameters, layerArray(block), block.at("layers")));
      }
    }
    return new ArchitectureFile(source, sha256, name, parameters, nameParameters, blocks, layerArray(root));
  }

  private static JsonNode layerArray(JsonReader reader) {
    JsonNode array = reader.require("layers");
    if (!array.isArray() || array.isEmpty()) {
      throw new ModelException(reader.at("layers"), "expected a non-empty array of layers, got " + JsonReader.describe(array));
    }
    if (array.size() > MAX_RAW_LAYERS) {
      throw new ModelException(reader.at("layers"), "has " + array.size() + " layers, more than the limit of " + MAX_RAW_LAYERS);
    }
    return array;
  }

  private static void checkName(String path, String name) {
    if (!NAME.matcher(name).matches()) {
      throw new ModelException(path, "name \"" + (name.length() > 70 ? name.substring(0, 70) + "..." : name)
          + "\" must be a letter followed by up to 63 letters, digits or underscores");
    }
  }

  /** The trainer's layers for {@code classes} classes, with {@code overrides} replacing parameter defaults. */
  List<LayerNode> layers(Map<String, Integer> overrides, int classes) {
    List<RawLayer> raw = expand(overrides, classes);
    try {
      return LayerFusion.fuse(raw);
    } catch (ModelException e) {
      throw e.within(source);
    }
  }

  /** Instantiates every block and repeat: the flat list of layers in file order. */
  List<RawLayer> expand(Map<String, Integer> overrides, int classes) {
    Map<String, Integer> variables = new LinkedHashMap<>(parameters);
    for (Map.Entry<String, Integer> override : overrides.entrySet()) {
      if (!variables.containsKey(override.getKey())) {
        throw new ModelException(source, "no parameter '" + override.getKey() + "' to set");
      }
      variables.put(override.getKey(), override.getValue());
    }
    variables.put(CLASSES, classes);
    Map<String, String> names = new HashMap<>();
    names.put(Architectures.INPUT, Architectures.INPUT);
    List<RawLayer> out = new ArrayList<>();
    try {
      expandList(layers, "layers", new Scope("", Architectures.INPUT, variables, names), out, new HashSet<>());
    } catch (ModelException e) {
      throw e.within(source);
    }
    return out;
  }

  /** Expands {@code array} into {@code out}; returns the name of the last layer's output. */
  private String expandList(JsonNode array, String path, Scope scope, List<RawLayer> out, Set<String> taken) {
    String previous = scope.input();
    for (int i = 0; i < array.size(); i++) {
      String at = path + "[" + i + "]";
      JsonReader layer = new JsonReader(array.get(i), at);
      String localName = layer.string("name");
      checkName(layer.at("name"), localName);
      if (scope.names().containsKey(localName)) {
        throw new ModelException(layer.at("name"), "'" + localName + "' is already the name of "
            + (localName.equals(scope.input()) || localName.equals(BLOCK_INPUT) || localName.equals(Architectures.INPUT)
                ? "the input" : "an earlier layer"));
      }
      String globalName = scope.prefix() + localName;
      if (!taken.add(globalName)) {
        throw new ModelException(layer.at("name"), "two layers are named " + globalName);
      }
      String type = layer.string("type");
      String output;
      if (type.equals("block") || type.equals("repeat")) {
        output = expandInstance(layer, type, scope, previous, globalName, out, taken);
      } else {
        output = expandPrimitive(layer, type, scope, previous, globalName, out);
      }
      scope.names().put(localName, output);
      previous = output;
    }
    return previous;
  }

  private String expandPrimitive(JsonReader layer, String type, Scope scope, String previous, String globalName,
                                 List<RawLayer> out) {
    Set<String> sizeFields = FIELDS.get(type);
    if (sizeFields == null) {
      throw new ModelException(layer.at("type"), "unknown layer type \"" + type + "\"; expected one of "
          + new TreeSet<>(FIELDS.keySet()) + ", block or repeat" + (scope.prefix().isEmpty() ? "" : " (not inside a block)"));
    }
    Set<String> allowed = new HashSet<>(sizeFields);
    allowed.addAll(Set.of("name", "type", type.equals("add") ? "inputs" : "input"));
    layer.allowOnly(allowed);
    List<String> inputs = new ArrayList<>();
    if (type.equals("add")) {
      List<String> references = layer.strings("inputs", 2, 2);
      for (int k = 0; k < 2; k++) {
        inputs.add(resolve(scope, references.get(k), layer.at("inputs") + "[" + k + "]"));
      }
    } else {
      inputs.add(layer.has("input") ? resolve(scope, layer.string("input"), layer.at("input")) : previous);
    }
    Map<String, Integer> sizes = new LinkedHashMap<>();
    switch (type) {
      case "conv2d" -> {
        sizes.put("channels", size(layer, "channels", null, 1, MAX_SIZE, scope));
        int kernel = size(layer, "kernel", null, 1, Limits.KERNEL, scope);
        sizes.put("kernel", kernel);
        sizes.put("stride", size(layer, "stride", 1, 1, Limits.KERNEL, scope));
        sizes.put("padding", size(layer, "padding", 0, 0, kernel - 1, scope));
      }
      case "maxpool" -> {
        int kernel = size(layer, "kernel", null, 1, Limits.KERNEL, scope);
        sizes.put("kernel", kernel);
        sizes.put("stride", size(layer, "stride", kernel, 1, Limits.KERNEL, scope));
      }
      case "dense" -> sizes.put("units", size(layer, "units", null, 1, MAX_SIZE, scope));
      default -> { }
    }
    if (out.size() >= MAX_RAW_LAYERS) {
      throw new ModelException(layer.path(), "the network expands to more than " + MAX_RAW_LAYERS + " layers");
    }
    out.add(new RawLayer(globalName, type, inputs, sizes, layer.path()));
    return globalName;
  }

  /** A {@code block} (one instance) or {@code repeat} ({@code count} instances, each reading the one before). */
  private String expandInstance(JsonReader layer, String type, Scope scope, String previous, String globalName,
                                List<RawLayer> out, Set<String> taken) {
    layer.allowOnly(type.equals("block") ? Set.of("name", "type", "input", "block", "with")
        : Set.of("name", "type", "input", "block", "with", "count"));
    if (!scope.prefix().isEmpty()) {
      throw new ModelException(layer.at("type"), "a block cannot contain another block or repeat");
    }
    String blockName = layer.string("block");
    Block block = blocks.get(blockName);
    if (block == null) {
      throw new ModelException(layer.at("block"), "no block named \"" + blockName + "\"; declared: "
          + new TreeSet<>(blocks.keySet()));
    }
    Map<String, Integer> variables = new LinkedHashMap<>(scope.variables());
    Set<String> given = new TreeSet<>();
    if (layer.has("with")) {
      JsonReader with = layer.object("with");
      for (Iterator<String> it = with.raw().fieldNames(); it.hasNext(); ) {
        given.add(it.next());
      }
      for (String argument : given) {
        if (!block.parameters().contains(argument)) {
          throw new ModelException(with.at(argument), "block \"" + blockName + "\" has no parameter '" + argument
              + "'; its parameters: " + block.parameters());
        }
        variables.put(argument, size(with, argument, null, 0, MAX_PARAMETER, scope));
      }
    }
    for (String parameter : block.parameters()) {
      if (!given.contains(parameter)) {
        throw new ModelException(layer.at("with"), "missing parameter '" + parameter + "' of block \"" + blockName + "\"");
      }
    }
    int count = type.equals("block") ? 1 : size(layer, "count", null, 0, Limits.LAYERS, scope);
    String input = layer.has("input") ? resolve(scope, layer.string("input"), layer.at("input")) : previous;
    for (int k = 1; k <= count; k++) {
      String instance = type.equals("block") ? globalName : globalName + "_" + k;
      Map<String, String> names = new HashMap<>();
      names.put(BLOCK_INPUT, input);
      input = expandList(block.layers(), block.path(), new Scope(instance + "_", input, variables, names), out, taken);
    }
    return input;
  }

  private static String resolve(Scope scope, String reference, String path) {
    String resolved = scope.names().get(reference);
    if (resolved == null) {
      throw new ModelException(path, "'" + reference + "' is not " + (scope.prefix().isEmpty()
          ? "'" + Architectures.INPUT + "' or an earlier layer" : "'" + BLOCK_INPUT + "' or an earlier layer of the block"));
    }
    return resolved;
  }

  /** An integer field given as a number or an expression string, within min..max ({@code fallback} when absent). */
  private static int size(JsonReader layer, String field, Integer fallback, long min, long max, Scope scope) {
    if (!layer.has(field)) {
      if (fallback == null) {
        layer.require(field);
      }
      return fallback;
    }
    JsonNode node = layer.require(field);
    long value;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      value = node.longValue();
    } else if (node.isTextual()) {
      try {
        value = SizeExpression.evaluate(node.textValue(), scope.variables());
      } catch (IllegalArgumentException e) {
        throw new ModelException(layer.at(field), e.getMessage());
      }
    } else {
      throw new ModelException(layer.at(field), "expected an integer or an expression string, got " + JsonReader.describe(node));
    }
    if (value < min || value > max) {
      throw new ModelException(layer.at(field), "expected " + min + ".." + max + ", got " + value
          + (node.isTextual() ? " (\"" + node.textValue() + "\")" : ""));
    }
    return (int) value;
  }
}
