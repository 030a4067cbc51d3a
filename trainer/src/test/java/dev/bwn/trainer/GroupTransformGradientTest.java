package dev.bwn.trainer;

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

  @ParameterizedTest(name = "{0} at alpha {1}")
  @CsvSource({"conv, 1.0", "conv, 0.5", "conv, 0.2", "dense, 1.0", "dense, 0.35"})
  void gradientMatchesFiniteDifferences(String kind, double alpha) {
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
    SDVariable weights = Graphs.effectiveWeight(sd, small, Method.GROUP, theta, alphaVariable);
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
}
