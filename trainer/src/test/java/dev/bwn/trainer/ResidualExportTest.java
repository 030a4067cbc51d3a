package dev.bwn.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bwn.model.ActivationType;
import dev.bwn.model.Add;
import dev.bwn.model.Conv2d;
import dev.bwn.model.GlobalAvgPool;
import dev.bwn.model.Layer;
import dev.bwn.model.Network;
import dev.bwn.model.data.Dataset;
import dev.bwn.model.data.LabeledImages;
import dev.bwn.model.data.Split;
import dev.bwn.model.io.ModelIo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * resnet8 trained briefly on the first MNIST images and exported to the graph model: the integer
 * reference and the float network with the same binary weights agree, tensor by tensor and on the
 * predicted classes.
 */
class ResidualExportTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  private static final int IMAGES = 50;

  @TempDir Path dir;

  @BeforeAll
  static void backend() {
    NativeBackend.select();
  }

  @Test
  void exportedResnetAgreesWithTheFloatNetwork() throws IOException {
    TrainOptions options = TrainOptions.builder().architecture("resnet8").dataset("mnist").method(Method.GROUP)
        .seed(5).outDir(dir.resolve("resnet")).trainLimit(2048).testLimit(1000).calibrationImages(512)
        .epochs(3).progressBar(false).build();
    TrainResult result = TrainCommandSupport.train(options, QUIET);
    String figures = "integer " + result.integerAccuracy() + ", float binary " + result.binaryFloatAccuracy()
        + ", agreement " + result.agreement();
    // After three short epochs (~75% accuracy) many images are near ties that one rounding step flips: 99.7% and 98.9%
    // were measured with different thread counts. A wrong export agrees on a few tens of percent; the tensor-by-tensor
    // closeness below is the finer check.
    assertTrue(result.agreement() >= 0.97, figures);
    assertTrue(Math.abs(result.integerAccuracy() - result.binaryFloatAccuracy()) <= 0.01, figures);
    assertTrue(result.integerAccuracy() > 0.6, figures);

    Network network = result.network();
    assertEquals(network.plan().size(), network.layers().size());
    Network fromFile = ModelIo.read(result.modelFile());
    LabeledImages test = Dataset.load("mnist", Split.TEST).head(200);
    assertArrayEquals(TrainCommandSupport.integerPredictions(network, test),
        TrainCommandSupport.integerPredictions(fromFile, test));
    assertEquals(List.of("block2_conv2", "block2_project"), network.inputsOf(indexOf(network, "block2_add")));
    assertEquals(List.of("block1_conv2", "stem"), network.inputsOf(indexOf(network, "block1_add")));

    // Every add sums tensors on the output's grid: multipliers 1, shift 0; the branches are signed.
    ActivationType branch = new ActivationType(IntegerExport.branchBits(8), true);
    for (Layer layer : network.layers()) {
      if (layer instanceof Add add) {
        assertArrayEquals(new int[] {1, 1}, new int[] {add.inputMultipliers()[0][0], add.inputMultipliers()[1][0]});
        assertEquals(0, add.shift()[0]);
        assertEquals(ActivationType.UINT8, add.output());
      }
      if (layer instanceof Conv2d conv && (conv.name().endsWith("_conv2") || conv.name().endsWith("_project"))) {
        assertEquals(branch, conv.output(), conv.name());
      }
      if (layer instanceof GlobalAvgPool gap) {
        // 4x4 positions: multiplier / 2^shift = 1/16.
        assertEquals(1.0 / 16, gap.requant().multiplier()[0] / Math.scalb(1.0, gap.requant().shift()[0]), 1e-12);
      }
    }

    // Tensor by tensor: the stem within one step of the float network (one rounding); every
    // residual sum within a step on average, and within two steps on most elements. Roundings
    // accumulate along the path (measured: 99.99%, 99.0% and 94.9% within two steps after blocks 1,
    // 2 and 3); a wrong scale, multiplier or input order would be off by tens of steps.
    Model model = ExportFixtures.rebuild(options);
    List<INDArray> hard = model.hardWeights();
    BnStatistics stats = Evaluator.calibrate(model, hard, Dataset.load("mnist", Split.TRAIN).head(2048), 512);
    Network rebuilt = IntegerExport.toNetwork(model.plan, hard, ExportFixtures.gammas(model), ExportFixtures.betas(model),
        stats, 8, "check", dev.bwn.model.Provenance.of("test"));
    Map<String, INDArray> placeholders = Evaluator.placeholders(model, hard, stats);
    placeholders.put(Graphs.INPUT, Batches.features(test, null, 0, IMAGES, 0, null));
    String[] sums = {"block1_add", "block2_add", "block3_add"};
    String[] names = {Graphs.activation(0), Graphs.sum(sums[0]), Graphs.sum(sums[1]), Graphs.sum(sums[2])};
    Map<String, INDArray> floats = model.evaluation.output(placeholders, names);
    int[] layerIndex = {0, indexOf(rebuilt, sums[0]), indexOf(rebuilt, sums[1]), indexOf(rebuilt, sums[2])};
    for (int t = 0; t < names.length; t++) {
      long elements = 0;
      long within = 0;
      double differenceSum = 0;
      int worst = 0;
      for (int i = 0; i < IMAGES; i++) {
        int[] integer = rebuilt.infer(test.images()[i], true).layerOutputs().get(layerIndex[t]);
        float[] real = floats.get(names[t]).slice(i).dup('c').data().asFloat();
        for (int j = 0; j < integer.length; j++) {
          double difference = Math.abs(real[j] * 255.0 - integer[j]);
          differenceSum += difference;
          int steps = (int) Math.ceil(difference - 1e-3);
          worst = Math.max(worst, steps);
          within += steps <= 2 ? 1 : 0;
          elements++;
        }
      }
      String tensorFigures = names[t] + ": mean difference " + differenceSum / elements + " steps, worst " + worst
          + ", " + within + " of " + elements + " within 2 steps";
      if (t == 0) {
        assertTrue(worst <= 1, tensorFigures);
      } else {
        assertTrue(differenceSum / elements <= 1.0 && within >= 0.9 * elements, tensorFigures);
      }
    }
  }

  private static int indexOf(Network network, String layer) {
    for (int i = 0; i < network.layers().size(); i++) {
      if (network.layers().get(i).name().equals(layer)) {
        return i;
      }
    }
    throw new AssertionError("no layer " + layer);
  }
}
