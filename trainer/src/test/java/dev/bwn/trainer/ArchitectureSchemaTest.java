package dev.bwn.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * architectures/schema.json agrees with bwn's reader ({@link ArchitectureFile}): every shipped file and the example of
 * docs/ARCHITECTURES.md pass both; every hostile file the reader refuses is refused by the schema too where a JSON
 * Schema can say the rule, and the rules it cannot say are exactly those docs/ARCHITECTURES.md lists under "Rules only
 * the reader checks" (the test fails when the schema learns one of them, or forgets one it knew). No ND4J.
 */
class ArchitectureSchemaTest {
  private static final Path FOLDER = Path.of("..", "architectures");
  private static final Path DOC = Path.of("..", "docs", "ARCHITECTURES.md");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final Schema SCHEMA = schema();

  private static Schema schema() {
    try {
      return REGISTRY.getSchema(Files.readString(FOLDER.resolve("schema.json")), InputFormat.JSON);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Error> schemaErrors(String json) throws IOException {
    return SCHEMA.validate(JSON.readTree(json));
  }

  @Test
  void theSchemaIsAValid2020_12Schema() throws IOException {
    Schema metaSchema = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
    JsonNode schema = JSON.readTree(FOLDER.resolve("schema.json").toFile());
    assertEquals(List.of(), metaSchema.validate(schema));
    assertFalse(metaSchema.validate(JSON.readTree("{\"type\": 5}")).isEmpty(), "the meta-schema was loaded and applied");
  }

  static Stream<Path> shippedFiles() throws IOException {
    try (Stream<Path> files = Files.list(FOLDER)) {
      return files.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().equals("schema.json"))
          .sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("shippedFiles")
  void everyShippedFilePassesTheSchemaAndTheReader(Path file) throws IOException {
    assertEquals(List.of(), schemaErrors(Files.readString(file)), file.toString());
    assertFalse(ArchitectureFile.read(file).layers(Map.of(), 10).isEmpty());
  }

  @Test
  void theDocumentedExamplePassesTheSchemaAndTheReader() throws IOException {
    Matcher example = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
    assertTrue(example.find(), "docs/ARCHITECTURES.md has a ```json example");
    assertEquals(List.of(), schemaErrors(example.group(1)));
    assertFalse(ArchitectureFile.parse(example.group(1), "example.json").layers(Map.of(), 10).isEmpty());
  }

  /** A valid file: a stem, MIDDLE, then flatten and the logits; block "b" has one parameter "c". */
  private static final String VALID = """
      {"name": "n", "parameters": {"width": 4}, "blocks": {"b": {"parameters": ["c"], "layers": [
        {"name": "x", "type": "conv2d", "channels": "c", "kernel": 3, "padding": 1},
        {"name": "x_bn", "type": "batchnorm"},
        {"name": "sum", "type": "add", "inputs": ["x_bn", "in"]},
        {"name": "sum_relu", "type": "relu"}]}},
       "layers": [
        {"name": "c0", "type": "conv2d", "channels": "width", "kernel": 3, "padding": 1},
        {"name": "c0_bn", "type": "batchnorm"},
        {"name": "c0_relu", "type": "relu"},
        MIDDLE
        {"name": "flatten", "type": "flatten"},
        {"name": "fc", "type": "dense", "units": "classes"},
        {"name": "fc_bn", "type": "batchnorm"}]}
      """;

  private static String middle(String layers) {
    return VALID.replace("MIDDLE", layers);
  }

  private static String valid() {
    return middle("{\"name\": \"r\", \"type\": \"repeat\", \"block\": \"b\", \"count\": 2, \"with\": {\"c\": \"width\"}},");
  }

  /** {@code file} with its first {@code from} replaced by {@code to}. */
  private static String edit(String from, String to) {
    String file = valid();
    assertTrue(file.contains(from), from);
    return file.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));
  }

  /** A hostile file, what the reader says about it, and the rule when only the reader checks it (null: the schema too). */
  private static Arguments hostile(String what, String json, String readerSays, String readerOnlyRule) {
    return Arguments.of(what, json, readerSays, readerOnlyRule);
  }

  private static final String CONV = "{\"name\": \"q\", \"type\": \"conv2d\", \"channels\": 4, \"kernel\": 3, \"padding\": 1}, "
      + "{\"name\": \"q_bn\", \"type\": \"batchnorm\"}, {\"name\": \"q_relu\", \"type\": \"relu\"},";

  static Stream<Arguments> hostileFiles() {
    return Stream.of(
        // Rules the schema states as well.
        hostile("unknown top-level field", edit("{\"name\": \"n\",", "{\"name\": \"n\", \"extra\": 1,"),
            "extra: unknown field", null),
        hostile("no layers", "{\"name\": \"n\", \"layers\": []}", "layers: expected a non-empty array", null),
        hostile("unknown layer type", middle("{\"name\": \"q\", \"type\": \"conv3d\"},"), "unknown layer type \"conv3d\"", null),
        hostile("field of another type", middle("{\"name\": \"q\", \"type\": \"flatten\", \"kernel\": 3},"),
            "layers[3].kernel: unknown field", null),
        hostile("missing kernel", edit("\"kernel\": 3, \"padding\": 1}", "\"padding\": 1}"), "kernel", null),
        hostile("layer without a name", edit("{\"name\": \"flatten\", ", "{"), "name", null),
        hostile("zero units", edit("\"units\": \"classes\"", "\"units\": 0"), "units: expected 1..65536, got 0", null),
        hostile("too many channels", middle(CONV.replace("\"channels\": 4", "\"channels\": 65537")),
            "channels: expected 1..65536, got 65537", null),
        hostile("kernel above 64", middle(CONV.replace("\"kernel\": 3", "\"kernel\": 65")), "kernel: expected 1..64", null),
        hostile("stride 0", middle(CONV.replace("\"padding\": 1", "\"stride\": 0")), "stride: expected 1..64, got 0", null),
        hostile("negative padding", middle(CONV.replace("\"padding\": 1", "\"padding\": -1")), "padding: expected 0..2, got -1",
            null),
        hostile("a billion repeats", edit("\"count\": 2", "\"count\": 1000000000"), "count: expected 0..256, got 1000000000",
            null),
        hostile("size as a fraction", edit("\"count\": 2", "\"count\": 2.5"), "expected an integer or an expression string",
            null),
        hostile("size as a boolean", edit("\"count\": 2", "\"count\": true"), "expected an integer or an expression string",
            null),
        hostile("empty expression", edit("\"count\": 2", "\"count\": \"\""), "count: unexpected end", null),
        hostile("expression with another operator", edit("\"count\": 2", "\"count\": \"width%3\""), "unexpected '%'", null),
        hostile("expression with a non-ASCII digit", edit("\"count\": 2", "\"count\": \"\u0663\""), "unexpected '\u0663'", null),
        hostile("expression past 200 characters", edit("\"count\": 2", "\"count\": \"" + "1+".repeat(100) + "1\""),
            "expression longer than 200 characters", null),
        hostile("name with a space", edit("\"name\": \"flatten\"", "\"name\": \"flat ten\""), "must be a letter", null),
        hostile("name of 65 characters", edit("\"name\": \"flatten\"", "\"name\": \"f" + "x".repeat(64) + "\""),
            "must be a letter", null),
        hostile("name starting with a digit", edit("\"blocks\": {\"b\":", "\"blocks\": {\"2b\":"), "blocks.2b: name \"2b\"",
            null),
        hostile("top-level layer named input", edit("\"name\": \"flatten\"", "\"name\": \"input\""),
            "'input' is already the name of the input", null),
        hostile("block layer named in", edit("\"name\": \"x\",", "\"name\": \"in\","), "'in' is already the name of the input",
            null),
        hostile("reference that is not a name", edit("{\"name\": \"flatten\",", "{\"name\": \"flatten\", \"input\": \"c0 bn\","),
            "'c0 bn' is not 'input' or an earlier layer", null),
        hostile("classes declared", edit("{\"width\": 4}", "{\"width\": 4, \"classes\": 3}"),
            "parameters.classes: 'classes' is set from the dataset", null),
        hostile("parameter above 2^20", edit("{\"width\": 4}", "{\"width\": 1048577}"), "expected an integer in 0..1048576, got 1048577", null),
        hostile("negative block argument", edit("{\"c\": \"width\"}", "{\"c\": -1}"), "with.c: expected 0..1048576, got -1",
            null),
        hostile("block argument that is not a name", edit("{\"c\": \"width\"}", "{\"c\": 4, \"c d\": 1}"),
            "block \"b\" has no parameter 'c d'", null),
        hostile("add of three", edit("[\"x_bn\", \"in\"]", "[\"x_bn\", \"in\", \"in\"]"), "inputs", null),
        hostile("repeat inside a block", edit("{\"name\": \"sum_relu\", \"type\": \"relu\"}",
                "{\"name\": \"sum_relu\", \"type\": \"relu\"}, {\"name\": \"deeper\", \"type\": \"repeat\", \"block\": \"b\", "
                    + "\"count\": 1, \"with\": {\"c\": 4}}"), "a block cannot contain another block or repeat", null),
        hostile("block without layers", edit("\"parameters\": [\"c\"], \"layers\": [", "\"parameters\": [\"c\"], \"lay\": ["),
            "layers", null),
        hostile("name parameter that is not a name", edit("{\"width\": 4},", "{\"width\": 4}, \"nameParameters\": [\"w w\"],"),
            "nameParameters[0]: 'w w' is not a declared parameter", null),
        // Rules only the reader checks: JSON Schema cannot state them (references, values, relations between fields).
        hostile("duplicate key", edit("{\"name\": \"n\",", "{\"name\": \"n\", \"name\": \"m\","), "Duplicate field 'name'",
            "duplicate keys"),
        hostile("integer written as 2.0", edit("\"count\": 2", "\"count\": 2.0"),
            "expected an integer or an expression string", "integers without a decimal point"),
        hostile("reference to no layer", edit("{\"name\": \"flatten\",", "{\"name\": \"flatten\", \"input\": \"nowhere\","),
            "'nowhere' is not 'input' or an earlier layer", "references"),
        hostile("undeclared block", edit("\"block\": \"b\"", "\"block\": \"q\""), "no block named \"q\"", "references"),
        hostile("two layers with one name", edit("\"name\": \"flatten\"", "\"name\": \"c0\""),
            "'c0' is already the name of an earlier layer", "unique names"),
        hostile("name parameter not declared", edit("{\"width\": 4},", "{\"width\": 4}, \"nameParameters\": [\"depth\"],"),
            "nameParameters[0]: 'depth' is not a declared parameter", "references"),
        hostile("unknown parameter in an expression", edit("\"count\": 2", "\"count\": \"depth\""), "unknown parameter 'depth'",
            "values of expressions"),
        hostile("expression syntax", edit("\"count\": 2", "\"count\": \"(width\""), "missing ')'", "values of expressions"),
        hostile("expression overflow", edit("\"count\": 2", "\"count\": \"9999999*9999999*9999999\""), "overflows",
            "values of expressions"),
        hostile("inexact division", edit("\"count\": 2", "\"count\": \"width/3\""), "4 is not a multiple of 3",
            "values of expressions"),
        hostile("expression out of range", edit("\"count\": 2", "\"count\": \"width*100\""), "count: expected 0..256, got 400",
            "values of expressions"),
        hostile("padding not below the kernel", middle(CONV.replace("\"padding\": 1", "\"padding\": 3")),
            "padding: expected 0..2, got 3", "padding below the kernel"),
        hostile("block argument missing", edit("\"with\": {\"c\": \"width\"}", "\"with\": {}"),
            "missing parameter 'c' of block \"b\"", "block arguments"),
        hostile("block argument unknown", edit("{\"c\": \"width\"}", "{\"c\": 4, \"d\": 1}"), "block \"b\" has no parameter 'd'",
            "block arguments"),
        hostile("more than 1024 layers after expansion", edit("\"count\": 2", "\"count\": 256"),
            "the network expands to more than 1024 layers", "layers after expansion"),
        hostile("conv without batchnorm", middle("{\"name\": \"q\", \"type\": \"conv2d\", \"channels\": 4, \"kernel\": 1},"),
            "must be read by exactly one batchnorm", "batchnorm and relu"),
        hostile("add without relu", edit("{\"name\": \"sum_relu\", \"type\": \"relu\"}",
                "{\"name\": \"sum_flat\", \"type\": \"flatten\"}"),
            "it must be read by exactly one relu", "batchnorm and relu"),
        hostile("logits through relu", edit("{\"name\": \"fc_bn\", \"type\": \"batchnorm\"}",
                "{\"name\": \"fc_bn\", \"type\": \"batchnorm\"}, {\"name\": \"fc_relu\", \"type\": \"relu\"}"),
            "the logits must not pass through relu", "batchnorm and relu"),
        hostile("a layer nobody reads", middle("{\"name\": \"dead\", \"type\": \"maxpool\", \"kernel\": 2},").replace(
                "{\"name\": \"flatten\", \"type\": \"flatten\"}",
                "{\"name\": \"flatten\", \"type\": \"flatten\", \"input\": \"c0_relu\"}"),
            "no layer reads dead", "every layer read"));
  }

  @TempDir
  static Path folder;

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileFiles")
  void theSchemaRefusesWhatTheReaderRefusesWhereItCanSayTheRule(String what, String json, String readerSays,
                                                               String readerOnlyRule) throws IOException {
    // As `bwn train --arch FILE` builds it: read, expanded, fused, then planned on a 3x32x32 input.
    Path file = Files.writeString(folder.resolve("user.json"), json);
    RuntimeException refused = assertThrows(RuntimeException.class, () -> new NetworkPlan(file.toString(), 3, 32, 32, 10),
        what);
    assertTrue(refused.getMessage().startsWith(file + ": ") && refused.getMessage().contains(readerSays),
        refused.getMessage());
    assertEquals(1, refused.getMessage().lines().count(), refused.getMessage());
    List<Error> errors = schemaErrors(json);
    if (readerOnlyRule == null) {
      assertFalse(errors.isEmpty(), what + ": the schema accepts it, the reader says " + refused.getMessage());
    } else {
      assertEquals(List.of(), errors, what + ": the schema now states the rule: move it out of the reader-only list");
      assertTrue(readerOnlyRules().contains(readerOnlyRule),
          "docs/ARCHITECTURES.md lists '" + readerOnlyRule + "' under \"Rules only the reader checks\"");
    }
  }

  @Test
  void theValidFileIsValid() throws IOException {
    assertEquals(List.of(), schemaErrors(valid()));
    assertEquals(7, ArchitectureFile.parse(valid(), "user.json").layers(Map.of(), 10).size());
  }

  /** The section of docs/ARCHITECTURES.md that names the rules the schema leaves to the reader. */
  private static String readerOnlyRules() throws IOException {
    String doc = Files.readString(DOC);
    int start = doc.indexOf("### Rules only the reader checks");
    assertTrue(start >= 0, "docs/ARCHITECTURES.md has a section \"Rules only the reader checks\"");
    int end = doc.indexOf("\n#", start + 5);
    return doc.substring(start, end < 0 ? doc.length() : end);
  }
}
