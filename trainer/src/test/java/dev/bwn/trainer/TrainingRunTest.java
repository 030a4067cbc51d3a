package dev.bwn.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bwn.model.Network;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.output.OutputException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Short runs on the first MNIST images (fetched into the dataset cache on first use). */
class TrainingRunTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @TempDir Path dir;

  @BeforeAll
  static void backend() {
    NativeBackend.select();
  }

  private static TrainOptions.Builder small(Path out) {
    return TrainOptions.builder().architecture("lenet5").dataset("mnist").method(Method.GROUP).seed(3)
        .outDir(out).trainLimit(1024).testLimit(500).calibrationImages(512).progressBar(false);
  }

  @Test
  void groupTrainingReducesTheLossAndLearns() throws IOException {
    TrainResult result = TrainCommandSupport.train(small(dir.resolve("run")).epochs(3).build(), QUIET);
    List<EpochMetrics> history = result.history();
    assertEquals(3, history.size());
    assertTrue(history.get(2).trainLoss() < 0.6 * history.get(0).trainLoss(),
        "loss " + history.get(0).trainLoss() + " -> " + history.get(2).trainLoss());
    assertTrue(result.integerAccuracy() > 0.6, "integer accuracy " + result.integerAccuracy());
    assertTrue(Files.exists(dir.resolve("run/metrics.csv")));
    assertTrue(Files.size(dir.resolve("run/curves.png")) > 1000);
    assertEquals(4, Files.readAllLines(dir.resolve("run/metrics.csv")).size());
  }

  /** Groups of 9 weights (dividing none of lenet5's fan-ins 25, 150, 400, 120, 84) train too. */
  @Test
  void smallGroupsReduceTheLoss() throws IOException {
    TrainResult result = TrainCommandSupport.train(small(dir.resolve("groups")).groupSize(9).epochs(2).build(), QUIET);
    List<EpochMetrics> history = result.history();
    assertTrue(history.get(1).trainLoss() < 0.8 * history.get(0).trainLoss(),
        "loss " + history.get(0).trainLoss() + " -> " + history.get(1).trainLoss());
    assertTrue(Files.readString(dir.resolve("groups/options.properties")).contains("groupSize=9"));
    assertEquals(9, TrainCommandSupport.readOptions(dir.resolve("groups")).build().groupSize());
    assertTrue(result.network().provenance().extra().get("recipe").endsWith(", group size 9"));
  }

  @Test
  void steAndFullPrecisionBaselinesTrainToo() throws IOException {
    for (Method method : new Method[] {Method.STE, Method.FP}) {
      TrainResult result = TrainCommandSupport.train(
          small(dir.resolve(method.spelling())).method(method).epochs(3).build(), QUIET);
      List<EpochMetrics> history = result.history();
      assertTrue(history.get(2).trainLoss() < history.get(0).trainLoss(), method + " loss did not fall: " + history);
      // STE starts slowly (a sign flips only once theta crosses zero): ask for clearly above chance.
      assertTrue(history.get(2).testAccuracyTrainingMode() > 0.3, method + " did not learn: " + history);
    }
  }

  /**
   * The exported integer model and the ND4J forward pass with the same binary weights and batch
   * statistics compute the same function up to activation rounding: the first layer differs by at
   * most one step of the activation grid, and the predicted classes agree almost everywhere.
   */
  @Test
  void exportAgreesWithTheHardBinaryForwardPass() throws IOException {
    TrainOptions options = small(dir.resolve("export")).epochs(2).build();
    TrainResult result = TrainCommandSupport.train(options, QUIET);
    assertTrue(result.agreement() >= 0.99, "integer and float binary agree on only " + result.agreement());
    assertTrue(Math.abs(result.integerAccuracy() - result.binaryFloatAccuracy()) <= 0.01);

    Network fromFile = ModelIo.read(result.modelFile());
    assertEquals(result.integerAccuracy(), fromFile.provenance().testAccuracy(), 1e-4);
    var test = dev.bwn.model.data.Dataset.load("mnist", dev.bwn.model.data.Split.TEST).head(200);
    int[] predictions = TrainCommandSupport.integerPredictions(fromFile, test);
    assertArrayEquals(TrainCommandSupport.integerPredictions(result.network(), test), predictions);

    // Layer-by-layer: retrain-free reconstruction of the float forward pass of the first layer.
    Model model = ExportFixtures.rebuild(options);
    List<INDArray> hard = model.hardWeights();
    BnStatistics stats = Evaluator.calibrate(model, hard,
        dev.bwn.model.data.Dataset.load("mnist", dev.bwn.model.data.Split.TRAIN).head(1024), 512);
    Network network = IntegerExport.toNetwork(model.plan, hard, ExportFixtures.gammas(model), ExportFixtures.betas(model),
        stats, 8, "check", dev.bwn.model.Provenance.of("test"));
    Map<String, INDArray> placeholders = Evaluator.placeholders(model, hard, stats);
    placeholders.put(Graphs.INPUT, Batches.features(test, null, 0, 50, 0, null));
    INDArray firstLayer = model.evaluation.output(placeholders, Graphs.activation(0)).get(Graphs.activation(0));
    int worst = 0;
    for (int i = 0; i < 50; i++) {
      int[] integer = network.infer(test.images()[i], true).layerOutputs().get(0);
      float[] real = firstLayer.slice(i).dup('c').data().asFloat();
      for (int j = 0; j < integer.length; j++) {
        worst = Math.max(worst, (int) Math.ceil(Math.abs(real[j] * 255.0 - integer[j]) - 1e-3));
      }
    }
    assertTrue(worst <= 1, "first-layer activations differ by up to " + worst + " steps");
  }

  /** Stopping after one epoch and resuming gives bit-identical results to an uninterrupted run. */
  @Test
  void resumeEqualsUninterrupted() throws IOException {
    TrainOptions straight = small(dir.resolve("straight")).trainLimit(512).epochs(2).augmentShift(1).build();
    TrainCommandSupport.train(straight, QUIET);

    TrainOptions interrupted = straight.toBuilder().outDir(dir.resolve("interrupted")).build();
    TrainResult partial = TrainCommandSupport.train(interrupted, QUIET, 1);
    assertFalse(partial.finished());
    assertNull(partial.modelFile());
    assertThrows(OutputException.class, () -> TrainCommandSupport.train(interrupted, QUIET));
    // Resuming needs only the folder: the options come from its options.properties.
    TrainCommandSupport.resume(dir.resolve("interrupted"), false, QUIET);

    Checkpoint a = Checkpoint.read(dir.resolve("straight"));
    Checkpoint b = Checkpoint.read(dir.resolve("interrupted"));
    assertEquals(a.arrays().keySet(), b.arrays().keySet());
    for (String name : a.arrays().keySet()) {
      assertArrayEquals(a.arrays().get(name).data().asFloat(), b.arrays().get(name).data().asFloat(), 0f, name);
    }
    assertEquals(Files.readString(dir.resolve("straight/model.bwn.json")).replaceAll("\"trainingWallSeconds\" : \"\\d+\"", ""),
        Files.readString(dir.resolve("interrupted/model.bwn.json")).replaceAll("\"trainingWallSeconds\" : \"\\d+\"", ""));
  }

  @Test
  void resumeRefusesDifferentOptions() throws IOException {
    TrainOptions first = small(dir.resolve("changed")).trainLimit(256).epochs(2).build();
    TrainCommandSupport.train(first, QUIET, 1);
    TrainOptions other = first.toBuilder().learningRate(0.05).resume(true).build();
    TrainingInputException e = assertThrows(TrainingInputException.class, () -> TrainCommandSupport.train(other, QUIET));
    assertTrue(e.getMessage().contains("other options") && e.getMessage().contains("learningRate=0.1 in the checkpoint"),
        e.getMessage());
  }
}
