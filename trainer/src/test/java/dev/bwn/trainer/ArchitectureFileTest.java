package dev.bwn.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bwn.model.ModelException;
import dev.bwn.model.Network;
import dev.bwn.model.io.ModelIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped description files (architectures/*.json) and the file format: the built-ins resolve to
 * the published networks (parameter counts with their sources in docs/ARCHITECTURES.md), the shipped
 * example models match the files that made them, and hostile descriptions are refused naming the JSON
 * path. No ND4J.
 */
class ArchitectureFileTest {
  private static final Path FOLDER = Path.of("..", "architectures");

  @Test
  void theBuiltInListIsTheFolder() throws IOException {
    try (Stream<Path> files = Files.list(FOLDER)) {
      List<String> names = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json") && !n.equals("schema.json"))
          .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList();
      assertEquals(Architectures.BUILT_IN.stream().sorted().toList(), names);
    }
  }

  private static NetworkSummary summary(String architecture, int channels, int side, int classes) {
    return new NetworkSummary(new NetworkPlan(architecture, channels, side, side, classes), 8);
  }

  /**
   * MLPerf Tiny's training log (mlcommons/tiny, benchmark/training/image_classification/Logs/training_log.txt)
   * counts 78,186 trainable parameters: 77,360 kernel weights, 346 conv/dense biases and 480 batch-norm scales
   * and shifts. bwn has no biases and adds batch norm to the two projections and the logits: the same kernels.
   */
  @Test
  void resnet8IsMlPerfTinysNetwork() {
    NetworkSummary s = summary("resnet-8", 3, 32, 10);
    assertEquals(78_186 - 346 - 480, s.binaryWeights);
    assertEquals(14, s.rows.size());
    assertEquals(12_501_632, s.macs, "MACs of the convolutions and the dense layer on 32x32x3");
  }

  /** kuangliu/pytorch-cifar ResNet18 (torchsummary): 11,173,962 = kernels + batch norm + 10 dense biases. */
  @Test
  void resnet18MatchesTheCifarVariant() {
    NetworkSummary s = summary("resnet-18", 3, 32, 10);
    // bwn's logits have batch norm (20 parameters) where PyTorch's Linear has 10 biases.
    assertEquals(11_173_962 + 10, s.parameters);
  }

  /** osmr/imgclsmob: WRN-28-10 on CIFAR-10 has 36,479,194 parameters and 5,246.98 M FLOPs (MACs). */
  @Test
  void wideResNet28x10MatchesThePublishedCount() {
    NetworkSummary s = summary("wrn-28-10", 3, 32, 10);
    // Post- instead of pre-activation moves batch norm to the other side of each conv: 0.006% more here.
    assertEquals(36_479_194, s.parameters, 36_479_194 * 1e-4);
    assertEquals(5_246.98e6, s.macs, 5_246.98e6 * 1e-3);
    assertEquals(2_745_264, summary("wrn-16-4", 3, 32, 10).binaryWeights);
  }

  /** 128C3-128C3-MP2-256C3-256C3-MP2-512C3-512C3-MP2-FC on 3x32x32, counted layer by layer. */
  @Test
  void vggSmallIsTheLiteraturesChain() {
    NetworkSummary s = summary("vgg-small", 3, 32, 10);
    long convs = 3 * 9 * 128 + 128 * 9 * 128 + 128 * 9 * 256 + 256 * 9 * 256 + 256 * 9 * 512 + 512 * 9 * 512;
    assertEquals(convs + 512 * 4 * 4 * 10, s.binaryWeights);
    assertEquals(4_656_512, s.binaryWeights);
  }

  /** The shipped examples were trained from the files' predecessors: same names, wiring and weight counts. */
  @ParameterizedTest
  @CsvSource({"mnist-lenet5.bwn.json", "mnist-lenet5-classic.bwn.json", "mnist-tiny.bwn.json",
      "mnist-resnet8.bwn.json"})
  void theShippedExamplesMatchTheirArchitectureFiles(String example) {
    Network network = ModelIo.read(Path.of("..", "examples", example));
    NetworkPlan plan = new NetworkPlan(network.provenance().architecture(), 1, 28, 28, 10);
    assertEquals(network.layers().size(), plan.steps.size(), example);
    for (int i = 0; i < plan.steps.size(); i++) {
      assertEquals(network.layers().get(i).name(), plan.steps.get(i).name(), example);
    }
    assertEquals(network.binaryWeights(), new NetworkSummary(plan, 8).binaryWeights, example);
  }

  @Test
  void classesAndParametersAreFilledIn() {
    List<LayerNode> nodes = Architectures.layers("wrn-10-2", 100);
    assertEquals(new LayerSpec.Dense(100), nodes.get(nodes.size() - 1).spec());
    assertEquals(new LayerSpec.Conv(32, 3, 1, 1, true), nodes.get(1).spec(), "16*k channels with k = 2");
    assertEquals(1 + 3 * 4 + 2, nodes.size(), "stem, three projected blocks of four layers (n = 1), gap, fc");
  }

  private static final String BLOCKS = """
      "blocks": {"b": {"parameters": ["c"], "layers": [
        {"name": "x", "type": "conv2d", "channels": "c", "kernel": 3, "padding": 1},
        {"name": "x_bn", "type": "batchnorm"},
        {"name": "sum", "type": "add", "inputs": ["x_bn", "in"]},
        {"name": "sum_relu", "type": "relu"}]}},
      """;

  private static final String HEAD = """
      {"name": "n", %s "layers": [
        {"name": "c0", "type": "conv2d", "channels": 4, "kernel": 3, "padding": 1},
        {"name": "c0_bn", "type": "batchnorm"},
        {"name": "c0_relu", "type": "relu"},
        %s
        {"name": "flatten", "type": "flatten"},
        {"name": "fc", "type": "dense", "units": "classes"},
        {"name": "fc_bn", "type": "batchnorm"}]}
      """;

  private static String file(String blocks, String middle) {
    return String.format(HEAD, blocks, middle);
  }

  @Test
  void aUserFileWithABlockAndARepeatResolves() {
    ArchitectureFile f = ArchitectureFile.parse(file(BLOCKS,
        "{\"name\": \"r\", \"type\": \"repeat\", \"block\": \"b\", \"count\": 2, \"with\": {\"c\": 4}},"), "user.json");
    List<LayerNode> nodes = f.layers(Map.of(), 3);
    assertEquals(List.of("c0", "r_1_x", "r_1_sum", "r_2_x", "r_2_sum", "flatten", "fc"),
        nodes.stream().map(LayerNode::name).toList());
    assertEquals(List.of("r_2_x", "r_1_sum"), nodes.get(4).inputs(), "the branch, then the block input");
    assertEquals(new LayerSpec.Conv(4, 3, 1, 1, false), nodes.get(1).spec(), "no relu: a signed branch");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "'{\"name\": \"n\", \"layers\": []}' | user.json: layers: expected a non-empty array",
      "'{\"name\": \"n\", \"name\": \"m\", \"layers\": []}' | Duplicate field 'name'",
      "'{\"name\": \"n\", \"extra\": 1, \"layers\": [{}]}' | user.json: extra: unknown field",
      "'{\"name\": \"n\", \"layers\": [{\"name\": \"a\", \"type\": \"conv3d\"}]}' | layers[0].type: unknown layer type \"conv3d\"",
      "'{\"name\": \"n\", \"layers\": [{\"name\": \"a\", \"type\": \"dense\", \"units\": 4, \"kernel\": 3}]}' | layers[0].kernel: unknown field",
      "'{\"name\": \"n\", \"layers\": [{\"name\": \"a\", \"type\": \"dense\", \"units\": 0}]}' | layers[0].units: expected 1..65536, got 0",
      "'{\"name\": \"n\", \"layers\": [{\"name\": \"a\", \"type\": \"dense\", \"units\": \"9999999*9999999*9999999\"}]}' | overflows",
      "'{\"name\": \"n\", \"layers\": [{\"name\": \"a\", \"type\": \"dense\", \"units\": \"width\"}]}' | unknown parameter 'width'",
      "'{\"name\": \"n\", \"layers\": [{\"name\": \"a b\", \"type\": \"flatten\"}]}' | layers[0].name: name \"a b\" must be a letter",
      "'{\"name\": \"n\", \"layers\": [{\"name\": \"a\", \"type\": \"flatten\", \"input\": \"z\"}]}' | layers[0].input: 'z' is not 'input' or an earlier layer",
      "'{\"name\": \"n\", \"layers\": [{\"name\": \"input\", \"type\": \"flatten\"}]}' | layers[0].name: 'input' is already the name of the input",
      "'{\"name\": \"n\", \"layers\": [{\"name\": \"a\", \"type\": \"block\", \"block\": \"q\"}]}' | layers[0].block: no block named \"q\"",
      "'{\"name\": \"n\", \"parameters\": {\"classes\": 3}, \"layers\": [{}]}' | parameters.classes: 'classes' is set from the dataset",
      })
  void hostileFilesAreRefusedByPath(String json, String expected) {
    assertRefused(json, expected);
  }

  /** Asserts that {@code json} as user.json is refused with one line naming the file and containing {@code expected}. */
  private static void assertRefused(String json, String expected) {
    ModelException e = assertThrows(ModelException.class,
        () -> ArchitectureFile.parse(json, "user.json").layers(Map.of(), 10));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().startsWith("user.json: "), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  /** Files that parse but break the fusion rules or the block rules. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // a conv read without its batch norm
      "'{\"name\": \"x\", \"type\": \"flatten\", \"input\": \"c0\"},' | layers[0]: bwn folds batch norm into the conv2d: it must be read by exactly one batchnorm",
      // a batchnorm after a pool
      "'{\"name\": \"p\", \"type\": \"maxpool\", \"kernel\": 2}, {\"name\": \"p_bn\", \"type\": \"batchnorm\"},' | layers[4]: a batchnorm must read a conv2d or dense, this one reads p (maxpool)",
      // an add without relu
      "'{\"name\": \"s\", \"type\": \"add\", \"inputs\": [\"c0_relu\", \"c0_relu\"]},' | layers[3]: bwn's add clamps its sum: it must be read by exactly one relu",
      // a relu after a pool
      "'{\"name\": \"p\", \"type\": \"maxpool\", \"kernel\": 2}, {\"name\": \"p_relu\", \"type\": \"relu\"},' | a relu must read a batchnorm or add, this one reads p (maxpool)",
      // a block whose parameter is missing
      "'{\"name\": \"k\", \"type\": \"block\", \"block\": \"b\"},' | layers[3].with: missing parameter 'c' of block \"b\"",
      // a block given an unknown parameter
      "'{\"name\": \"k\", \"type\": \"block\", \"block\": \"b\", \"with\": {\"c\": 4, \"d\": 1}},' | layers[3].with.d: block \"b\" has no parameter 'd'",
      // a repeat of a billion
      "'{\"name\": \"k\", \"type\": \"repeat\", \"block\": \"b\", \"count\": 1000000000, \"with\": {\"c\": 4}},' | layers[3].count: expected 0..256, got 1000000000",
      // a repeat that expands past the layer limit
      "'{\"name\": \"k\", \"type\": \"repeat\", \"block\": \"b\", \"count\": 256, \"with\": {\"c\": 4}},' | the network expands to more than 1024 layers",
      })
  void brokenNetworksAreRefusedByPath(String middle, String expected) {
    assertRefused(file(BLOCKS, middle), expected);
  }

  @Test
  void theLogitsEndTheFile() {
    String noLogits = "{\"name\": \"n\", \"layers\": [{\"name\": \"f\", \"type\": \"flatten\"},"
        + "{\"name\": \"d\", \"type\": \"dense\", \"units\": 4}, {\"name\": \"d_bn\", \"type\": \"batchnorm\"},"
        + "{\"name\": \"d_relu\", \"type\": \"relu\"}]}";
    assertRefused(noLogits, "layers[3]: the logits must not pass through relu");
  }

  @Test
  void wideResNetNamesNeedADepthOf6nPlus4() {
    ModelException e = assertThrows(ModelException.class, () -> Architectures.layers("wrn-27-10", 10));
    assertTrue(e.getMessage().contains("count: 23 is not a multiple of 6"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Architectures.resolve("wrn-28"));
    assertThrows(IllegalArgumentException.class, () -> Architectures.resolve("lenet5-3"));
  }
}
