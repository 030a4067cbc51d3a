package dev.bwn.trainer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The group weight transform of docs/METHOD.md on one layer's parameters, forward and backward, in
 * float arithmetic op for op as {@link Graphs#effectiveWeight} composes it, so its gradient is the
 * exact derivative of what the forward pass computed (no straight-through estimator):
 *
 * <pre>
 *   D = max_{j in g} |theta_j| + eps,  u = theta / D,  w = sign(u) exp(alpha log(|u| + eps))
 * </pre>
 *
 * The gradient reaches every member directly (through u) and through the group's normalizer D,
 * whose max passes it to the group's largest member (the first of equal ones, in the group's order).
 * Groups are fixed at construction: each output channel's fan-in, or runs of {@code groupSize} of
 * it in SEMANTICS.md order ((inChannel, ky, kx) for a conv, the input index for a dense layer).
 */
final class WeightTransform {
  /** Indices into theta (c order) of every weight, group after group, each group in its reduction order. */
  private final int[] members;
  /** Group g is members[groupStart[g] .. groupStart[g + 1]). */
  private final int[] groupStart;
  private final float[] normalizer;
  private final int[] largest;
  private float[] u;
  private float[] magnitude;
  private float alpha;

  WeightTransform(NetworkPlan.Step step, int groupSize) {
    long[] shape = step.thetaShape();
    int out = step.outChannels();
    int fanIn = step.fanIn();
    int size = out * fanIn;
    int perGroup = groupSize <= 0 || groupSize >= fanIn ? fanIn : groupSize;
    int groupsPerRow = (fanIn + perGroup - 1) / perGroup;
    members = new int[size];
    groupStart = new int[out * groupsPerRow + 1];
    int next = 0;
    int group = 0;
    for (int o = 0; o < out; o++) {
      for (int f = 0; f < fanIn; f++) {
        if (f % perGroup == 0) {
          groupStart[group++] = next;
        }
        members[next++] = thetaIndex(step, shape, o, f, perGroup == fanIn);
      }
    }
    groupStart[group] = next;
    normalizer = new float[group];
    largest = new int[group];
  }

  /**
   * Where fan-in position f of output o lies in theta. A whole-fan-in group is reduced in theta's own
   * order (axes kH, kW, inC of [kH, kW, inC, outC]); runs follow SEMANTICS.md's (inC, ky, kx) order.
   */
  private static int thetaIndex(NetworkPlan.Step step, long[] shape, int o, int f, boolean wholeFanIn) {
    int out = step.outChannels();
    if (!step.isConv()) {
      return f * out + o;
    }
    int kh = (int) shape[0];
    int kw = (int) shape[1];
    int in = (int) shape[2];
    if (wholeFanIn) {
      return f * out + o;
    }
    int ic = f / (kh * kw);
    int ky = f / kw % kh;
    int kx = f % kw;
    return ((ky * kw + kx) * in + ic) * out + o;
  }

  /** w for theta at sharpening exponent alpha; keeps what {@link #backward} needs. */
  float[] forward(float[] theta, double alpha) {
    this.alpha = (float) alpha;
    u = new float[theta.length];
    float[] magnitudeBase = new float[theta.length];
    for (int g = 0; g < normalizer.length; g++) {
      int best = members[groupStart[g]];
      float max = Math.abs(theta[best]);
      for (int m = groupStart[g] + 1; m < groupStart[g + 1]; m++) {
        float a = Math.abs(theta[members[m]]);
        if (a > max) {
          max = a;
          best = members[m];
        }
      }
      largest[g] = best;
      float d = max + (float) Graphs.GROUP_EPSILON;
      normalizer[g] = d;
      for (int m = groupStart[g]; m < groupStart[g + 1]; m++) {
        int i = members[m];
        u[i] = theta[i] / d;
        magnitudeBase[i] = Math.abs(u[i]) + (float) Graphs.GROUP_EPSILON;
      }
    }
    magnitude = power(magnitudeBase, this.alpha);
    float[] w = new float[theta.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.signum(u[i]) * magnitude[i];
    }
    return w;
  }

  /**
   * exp(alpha log(x)) elementwise with ND4J's vectorized log and exp (the graph's ops): done per weight in Java,
   * the two calls took longer than the rest of the training step's loops together.
   */
  private static float[] power(float[] x, float alpha) {
    try (INDArray values = Nd4j.create(DataType.FLOAT, x.length)) {
      ExplicitBackprop.buffer(values).put(0, x);
      Transforms.exp(Transforms.log(values, false).muli(alpha), false);
      return ExplicitBackprop.read(values);
    }
  }

  /** dLoss/dtheta from dLoss/dw, for the theta and alpha of the last {@link #forward}. */
  float[] backward(float[] theta, float[] weightGradient) {
    float[] thetaGradient = new float[theta.length];
    for (int g = 0; g < normalizer.length; g++) {
      float d = normalizer[g];
      double normalizerGradient = 0;
      for (int m = groupStart[g]; m < groupStart[g + 1]; m++) {
        int i = members[m];
        float sign = Math.signum(u[i]);
        // w = sign(u) * exp(alpha * log(|u| + eps)): the chain rule through mul, exp, mul, log, add, abs.
        float gradientOfLog = weightGradient[i] * sign * magnitude[i] * alpha;
        float gradientOfU = gradientOfLog / (Math.abs(u[i]) + (float) Graphs.GROUP_EPSILON) * sign;
        thetaGradient[i] = gradientOfU / d;
        normalizerGradient -= (double) gradientOfU * theta[i] / ((double) d * d);
      }
      int top = largest[g];
      thetaGradient[top] += (float) normalizerGradient * Math.signum(theta[top]);
    }
    return thetaGradient;
  }
}
