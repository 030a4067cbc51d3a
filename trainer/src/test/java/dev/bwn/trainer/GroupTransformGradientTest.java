package dev.bwn.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The group transform's autodiff gradient equals central finite differences of what it computes. */
class GroupTransformGradientTest {
  @BeforeAll
  static void backend() {
    NativeBackend.select();
  }

  /**
   * Group size 0 is the whole fan-in; 4 and 5 do not divide the conv fan-in 18 (remainders 2 and
   * 3), 2 does not divide the dense fan-in 5 (a remainder group of one weight).
   */
  @ParameterizedTest(name = "{0} at alpha {1}, group size {2}")
  @CsvSource({"conv, 1.0, 0", "conv, 0.5, 0", "conv, 0.2, 0", "dense, 1.0, 0", "dense, 0.35, 0",
      "conv, 1.0, 4", "conv, 0.5, 5", "conv, 0.2, 4", "dense, 1.0, 2", "dense, 0.35, 2", "dense, 0.5, 3"})
  void gradientMatchesFiniteDifferences(String kind, double alpha, int groupSize) {
    long[] shape = kind.equals("conv") ? new long[] {3, 3, 2, 4} : new long[] {5, 3};
    NetworkPlan.Step small = new NetworkPlan.Step(
        kind.equals("conv") ? new LayerSpec.Conv(4, 3, 1, 0) : new LayerSpec.Dense(3),
        0,
        kind.equals("conv") ? new int[] {2, 6, 6} : new int[] {5, 1, 1},
        kind.equals("conv") ? new int[] {4, 4, 4} : new int[] {3, 1, 1});
    SplittableRandom random = new SplittableRandom(7);
    int size = (int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    double[] thetaValues = new double[size];
    double[] coefficients = new double[size];
    for (int i = 0; i < size; i++) {
      // Magnitudes away from 0 and distinct, so every point is smooth (no kink of |.| or of the max).
      double magnitude = 0.1 + 0.9 * random.nextDouble();
      thetaValues[i] = random.nextBoolean() ? magnitude : -magnitude;
      coefficients[i] = random.nextDouble() * 2 - 1;
    }
    SameDiff sd = SameDiff.create();
    SDVariable theta = sd.var("theta", Nd4j.create(thetaValues, shape, 'c'));
    SDVariable alphaVariable = sd.constant("alpha", Nd4j.scalar(DataType.DOUBLE, alpha));
    SDVariable weights = Graphs.effectiveWeight(sd, small, Method.GROUP, theta, alphaVariable, groupSize);
    SDVariable c = sd.constant("c", Nd4j.create(coefficients, shape, 'c'));
    // A nonlinear scalar of the weights, so the check is not only of a linear functional.
    weights.mul(c).sum().add(weights.mul(weights).sum().mul(0.5)).rename("objective");
    sd.setLossVariables("objective");
    INDArray analytic = sd.calculateGradients(Map.of(), List.of("theta")).get("theta").dup();

    INDArray thetaArray = sd.getArrForVarName("theta");
    double h = 1e-6;
    double worst = 0;
    for (int i = 0; i < size; i++) {
      double original = thetaArray.getDouble(i);
      thetaArray.putScalar(i, original + h);
      double plus = sd.output(Map.of(), "objective").get("objective").getDouble(0);
      thetaArray.putScalar(i, original - h);
      double minus = sd.output(Map.of(), "objective").get("objective").getDouble(0);
      thetaArray.putScalar(i, original);
      double numeric = (plus - minus) / (2 * h);
      double error = Math.abs(numeric - analytic.getDouble(i)) / Math.max(1e-3, Math.abs(numeric));
      worst = Math.max(worst, error);
    }
    assertTrue(worst < 1e-4, "largest relative gradient error " + worst);
  }

  @ParameterizedTest(name = "alpha {0}")
  @CsvSource({"0.0", "1.0"})
  void endpointsAreSignAndNormalizedWeights(double alpha) {
    SameDiff sd = SameDiff.create();
    double[] values = {0.5, -2.0, 1.0, -0.25};
    SDVariable theta = sd.var("theta", Nd4j.create(values, new long[] {4, 1}, 'c'));
    SDVariable alphaVariable = sd.constant("alpha", Nd4j.scalar(DataType.DOUBLE, alpha));
    NetworkPlan.Step dense = new NetworkPlan.Step(new LayerSpec.Dense(1), 0, new int[] {4, 1, 1}, new int[] {1, 1, 1});
    INDArray w = Graphs.effectiveWeight(sd, dense, Method.GROUP, theta, alphaVariable).eval();
    for (int i = 0; i < values.length; i++) {
      double expected = alpha == 0 ? Math.signum(values[i]) : values[i] / 2.0;
      assertEquals(expected, w.getDouble(i), 1e-9);
    }
  }

  private static NetworkPlan.Step conv18() {
    return new NetworkPlan.Step(new LayerSpec.Conv(4, 3, 1, 0), 0, new int[] {2, 6, 6}, new int[] {4, 4, 4});
  }

  private static INDArray randomTheta(long[] shape, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int size = (int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return Nd4j.create(values, shape, 'c');
  }

  /** groupSize 0 (and any size at least the fan-in) builds exactly the whole-fan-in graph bwn used before. */
  @ParameterizedTest(name = "alpha {0}")
  @CsvSource({"1.0", "0.37", "0.0"})
  void defaultGroupSizeGivesExactlyThePreviousWeights(double alpha) {
    NetworkPlan.Step step = conv18();
    INDArray thetaArray = randomTheta(step.thetaShape(), 11);
    SameDiff sd = SameDiff.create();
    SDVariable theta = sd.var("theta", thetaArray);
    SDVariable a = sd.constant("alpha", Nd4j.scalar(DataType.FLOAT, (float) alpha));
    // The transform as it was written before group sizes existed.
    SDVariable groupMax = sd.math().abs(theta).max(true, 0, 1, 2).add(Graphs.GROUP_EPSILON);
    SDVariable u = theta.div(groupMax);
    SDVariable before = sd.math().sign(u).mul(
        sd.math().exp(a.mul(sd.math().log(sd.math().abs(u).add(Graphs.GROUP_EPSILON)))));
    INDArray expected = before.eval();
    INDArray defaultSize = Graphs.effectiveWeight(sd, step, Method.GROUP, theta, a, 0).eval();
    INDArray overload = Graphs.effectiveWeight(sd, step, Method.GROUP, theta, a).eval();
    INDArray wholeFanIn = Graphs.effectiveWeight(sd, step, Method.GROUP, theta, a, step.fanIn()).eval();
    assertArrayEquals(expected.data().asFloat(), defaultSize.data().asFloat(), 0f);
    assertArrayEquals(expected.data().asFloat(), overload.data().asFloat(), 0f);
    assertArrayEquals(expected.data().asFloat(), wholeFanIn.data().asFloat(), 0f);
  }

  /**
   * At alpha 1 the transform is u itself: each weight divided by the largest magnitude of its run
   * of G consecutive fan-in weights in (inChannel, ky, kx) order, the last run shorter. Checked
   * against a plain loop over theta's [kH, kW, inC, outC] layout.
   */
  @ParameterizedTest(name = "group size {0}")
  @CsvSource({"1", "4", "5", "9", "17"})
  void groupsAreConsecutiveRunsOfTheFanInInSemanticsOrder(int groupSize) {
    NetworkPlan.Step step = conv18();
    long[] shape = step.thetaShape();
    INDArray thetaArray = randomTheta(shape, 5);
    SameDiff sd = SameDiff.create();
    SDVariable theta = sd.var("theta", thetaArray);
    SDVariable a = sd.constant("alpha", Nd4j.scalar(DataType.FLOAT, 1f));
    INDArray w = Graphs.effectiveWeight(sd, step, Method.GROUP, theta, a, groupSize).eval();
    int k = (int) shape[0];
    int outC = (int) shape[3];
    for (int o = 0; o < outC; o++) {
      for (int start = 0; start < step.fanIn(); start += groupSize) {
        int end = Math.min(step.fanIn(), start + groupSize);
        double max = 0;
        for (int f = start; f < end; f++) {
          max = Math.max(max, Math.abs(thetaArray.getDouble((f % (k * k)) / k, f % k, f / (k * k), o)));
        }
        for (int f = start; f < end; f++) {
          int ky = (f % (k * k)) / k;
          int kx = f % k;
          int c = f / (k * k);
          assertEquals(thetaArray.getDouble(ky, kx, c, o) / max, w.getDouble(ky, kx, c, o), 1e-5,
              "out " + o + " fan-in index " + f);
        }
      }
    }
  }

  /** A dense layer's groups are runs of consecutive input indices. */
  @org.junit.jupiter.api.Test
  void denseGroupsFollowTheInputIndex() {
    NetworkPlan.Step dense = new NetworkPlan.Step(new LayerSpec.Dense(2), 0, new int[] {5, 1, 1}, new int[] {2, 1, 1});
    double[][] values = {{0.5, -1.0}, {-2.0, 0.25}, {1.0, 0.5}, {-0.25, -0.125}, {0.75, 0.1}};
    SameDiff sd = SameDiff.create();
    SDVariable theta = sd.var("theta", Nd4j.create(values));
    SDVariable a = sd.constant("alpha", Nd4j.scalar(DataType.DOUBLE, 1.0));
    INDArray w = Graphs.effectiveWeight(sd, dense, Method.GROUP, theta, a, 2).eval();
    // Output 0: groups {0.5, -2.0}, {1.0, -0.25}, {0.75}; output 1: {-1.0, 0.25}, {0.5, -0.125}, {0.1}.
    double[][] expected = {{0.25, -1.0}, {-1.0, 0.25}, {1.0, 1.0}, {-0.25, -0.25}, {1.0, 1.0}};
    for (int i = 0; i < 5; i++) {
      for (int o = 0; o < 2; o++) {
        assertEquals(expected[i][o], w.getDouble(i, o), 1e-9, "input " + i + " output " + o);
      }
    }
  }
}
