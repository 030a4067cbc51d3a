package dev.bwn.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The written-out forward and backward pass ({@link ExplicitBackprop}) gives the loss, the predictions and the
 * gradient of every parameter (weights through the group transform, batch norm's gamma and beta) that SameDiff's
 * autodiff of the training graph gives, on small networks with every layer kind: conv with padding and stride,
 * max pooling, flatten, dense, an unclamped conv, a residual add and global average pooling.
 */
class ExplicitBackpropTest {
  /** Float rounding differs (sums in double here, in float in SameDiff); a wrong term would be off by far more. */
  private static final double TOLERANCE = 2e-4;

  @BeforeAll
  static void backend() {
    NativeBackend.select();
  }

  private static NetworkPlan chain() {
    return new NetworkPlan("chain", List.of(
        new LayerNode("conv0", new LayerSpec.Conv(4, 3, 1, 1), List.of("input")),
        new LayerNode("pool0", LayerSpec.pool(2), List.of("conv0")),
        new LayerNode("conv1", new LayerSpec.Conv(6, 3, 2, 0), List.of("pool0")),
        new LayerNode("flat", LayerSpec.flatten(), List.of("conv1")),
        new LayerNode("dense2", LayerSpec.dense(7), List.of("flat")),
        new LayerNode("dense3", LayerSpec.dense(3), List.of("dense2"))), 2, 12, 12, 3);
  }

  private static NetworkPlan residual() {
    return new NetworkPlan("residual", List.of(
        new LayerNode("stem", new LayerSpec.Conv(5, 3, 2, 1), List.of("input")),
        new LayerNode("a", new LayerSpec.Conv(5, 3, 1, 1), List.of("stem")),
        new LayerNode("b", new LayerSpec.Conv(5, 3, 1, 1, false), List.of("a")),
        new LayerNode("join", new LayerSpec.Add(), List.of("stem", "b")),
        new LayerNode("gap", new LayerSpec.GlobalAvgPool(), List.of("join")),
        new LayerNode("logits", LayerSpec.dense(4), List.of("gap"))), 1, 10, 10, 4);
  }

  private static INDArray images(NetworkPlan plan, int batch, SplittableRandom random) {
    float[] pixels = new float[batch * plan.inputShape[0] * plan.inputShape[1] * plan.inputShape[2]];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = random.nextInt(256) / 255f;
    }
    return Nd4j.create(pixels, new long[] {batch, plan.inputShape[0], plan.inputShape[1], plan.inputShape[2]}, 'c');
  }

  /**
   * Recalibration and evaluation run the same forward pass: its batch statistics equal those of the calibration graph
   * and its predictions, with population statistics, those of the evaluation graph.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"chain", "residual"})
  void inferenceEqualsTheCalibrationAndEvaluationGraphs(String network) {
    NetworkPlan plan = network.equals("chain") ? chain() : residual();
    Model model = new Model(plan, Method.GROUP, false, 5, 0);
    INDArray input = images(plan, 40, new SplittableRandom(13));
    List<INDArray> weights = model.trainingModeWeights(0.5);
    Map<String, INDArray> placeholders = new HashMap<>(model.affinePlaceholders(weights));
    placeholders.put(Graphs.INPUT, input);
    double[][][] statistics = model.backprop.batchStatistics(model, weights, input);
    List<INDArray> means = new java.util.ArrayList<>();
    List<INDArray> variances = new java.util.ArrayList<>();
    for (int k = 0; k < plan.weighted.size(); k++) {
      Map<String, INDArray> out = model.calibration.output(placeholders, Graphs.batchMean(k), Graphs.batchVariance(k));
      float[] mean = out.get(Graphs.batchMean(k)).dup().data().asFloat();
      float[] variance = out.get(Graphs.batchVariance(k)).dup().data().asFloat();
      for (int c = 0; c < mean.length; c++) {
        assertEquals(mean[c], statistics[k][0][c], 1e-5 * (1 + Math.abs(mean[c])), "mean " + k + "/" + c);
        assertEquals(variance[c], statistics[k][1][c], 1e-4 * (1 + Math.abs(variance[c])), "variance " + k + "/" + c);
      }
      means.add(out.get(Graphs.batchMean(k)).dup());
      variances.add(Nd4j.create(statistics[k][1], Graphs.channelShape(plan.weighted.get(k)), 'c')
          .castTo(DataType.FLOAT));
    }
    BnStatistics population = new BnStatistics(means, variances);
    Map<String, INDArray> evaluation = new HashMap<>(Evaluator.placeholders(model, weights, population));
    evaluation.put(Graphs.INPUT, input);
    int[] expected = model.evaluation.output(evaluation, Graphs.LOGITS).get(Graphs.LOGITS).argMax(1).toIntVector();
    assertArrayEquals(expected, model.backprop.predict(model, weights, population, input));
  }

  @ParameterizedTest(name = "{0}, {1}, alpha {2}, group size {3}")
  @CsvSource({"chain, group, 0.4, 0", "chain, group, 0.0, 0", "chain, group, 0.6, 4", "chain, ste, 1.0, 0",
      "residual, group, 0.7, 5", "residual, fp, 1.0, 0"})
  void gradientsEqualSameDiffAutodiff(String network, String method, double alpha, int groupSize) {
    NetworkPlan plan = network.equals("chain") ? chain() : residual();
    Model model = new Model(plan, Method.parse(method), false, 3, groupSize);
    int batch = 6;
    SplittableRandom random = new SplittableRandom(11);
    INDArray input = images(plan, batch, random);
    int[] labels = new int[batch];
    float[] oneHot = new float[batch * plan.classes];
    for (int n = 0; n < batch; n++) {
      labels[n] = random.nextInt(plan.classes);
      oneHot[n * plan.classes + labels[n]] = 1;
    }
    Map<String, INDArray> placeholders = new HashMap<>();
    placeholders.put(Graphs.INPUT, input);
    placeholders.put(Graphs.LABELS, Nd4j.create(oneHot, new long[] {batch, plan.classes}, 'c'));
    placeholders.put(Graphs.ALPHA, Nd4j.scalar(DataType.FLOAT, alpha));
    OutAndGrad expected = model.training.calculateGradientsAndOutputs(
        placeholders, List.of(Graphs.LOSS, Graphs.LOGITS), model.trainableNames());

    try (ExplicitBackprop.Pass pass = new ExplicitBackprop(plan, model.methods, groupSize).run(model, input, labels, alpha)) {
      assertEquals(expected.getOutputs().get(Graphs.LOSS).getDouble(0), pass.loss(), 1e-5, "loss");
      assertArrayEquals(expected.getOutputs().get(Graphs.LOGITS).argMax(1).toIntVector(), pass.predicted(), "predictions");
      assertEquals(model.trainableNames().size(), pass.gradients().size());
      for (String name : model.trainableNames()) {
        float[] want = expected.getGradients().get(name).dup().data().asFloat();
        float[] got = ExplicitBackprop.read(pass.gradients().get(name));
        assertEquals(want.length, got.length, name);
        double largest = 0;
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
          largest = Math.max(largest, Math.abs(want[i]));
          worst = Math.max(worst, Math.abs(want[i] - got[i]));
        }
        boolean zeroAtAlphaZero = alpha == 0 && name.startsWith("theta");
        assertTrue(zeroAtAlphaZero ? worst == 0 && largest == 0 : largest > 0, name + ": largest gradient " + largest);
        assertTrue(worst <= TOLERANCE * largest, name + ": differs by " + worst + " of " + largest);
      }
    }
  }
}
