package dev.bwn.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * Builds the SameDiff graphs of a {@link NetworkPlan}. All of them share one layer builder, so the
 * training graph, the calibration graph and the evaluation graph compute the same function:
 *
 * <ul>
 *   <li>training: trainable parameters, weights through the method's transform, batch statistics;
 *   <li>calibration: given weights and batch-norm affine parameters, batch statistics as outputs;
 *   <li>evaluation: given weights, affine parameters and population statistics (inference mode).
 * </ul>
 *
 * Batch norm is composed from elementwise ops because SameDiff's batchNorm op has no usable
 * gradient in 1.0.0-M2.1.
 */
final class Graphs {
  static final double BN_EPSILON = 1e-5;
  /** Keeps u = theta / max|theta| and log|u| finite when a whole group is zero. */
  static final double GROUP_EPSILON = 1e-12;

  static final String INPUT = "input";
  static final String LABELS = "labels";
  static final String ALPHA = "alpha";
  static final String LOGITS = "logits";
  static final String LOSS = "loss";

  private Graphs() {}

  static String theta(int k) { return "theta" + k; }
  static String gamma(int k) { return "gamma" + k; }
  static String beta(int k) { return "beta" + k; }
  static String mean(int k) { return "mean" + k; }
  static String variance(int k) { return "var" + k; }
  static String batchMean(int k) { return "bmean" + k; }
  static String batchVariance(int k) { return "bvar" + k; }
  static String weight(int k) { return "w" + k; }
  static String activation(int k) { return "act" + k; }
  /** The output of the residual add named {@code layer} (a step's name). */
  static String sum(String layer) { return "sum_" + layer; }

  /** Shape of gamma, beta, mean and variance: broadcastable over NCHW or NC. */
  static long[] channelShape(NetworkPlan.Step step) {
    return step.isConv() ? new long[] {1, step.outChannels(), 1, 1} : new long[] {1, step.outChannels()};
  }

  /**
   * The training graph. {@code params} holds the initial arrays of every trainable variable:
   * {@code theta<k>} (the real-valued parameters; for STE layers the graph variable holds the
   * binarized copy, kept in sync by the trainer), {@code gamma<k>} and {@code beta<k>}.
   */
  static SameDiff training(NetworkPlan plan, Method[] methods, Map<String, INDArray> params) {
    return training(plan, methods, 0, params);
  }

  /** As above, with groups of {@code groupSize} weights for the group transform (0 = whole fan-in). */
  static SameDiff training(NetworkPlan plan, Method[] methods, int groupSize, Map<String, INDArray> params) {
    SameDiff sd = SameDiff.create();
    SDVariable input = inputPlaceholder(sd, plan);
    SDVariable labels = sd.placeHolder(LABELS, DataType.FLOAT, -1, plan.classes);
    SDVariable alpha = sd.placeHolder(ALPHA, DataType.FLOAT);
    SDVariable logits = layers(sd, plan, input, k -> {
      SDVariable theta = sd.var(theta(k), params.get(theta(k)));
      return effectiveWeight(sd, plan.weighted.get(k), methods[k], theta, alpha, groupSize).rename(weight(k));
    }, k -> sd.var(gamma(k), params.get(gamma(k))), k -> sd.var(beta(k), params.get(beta(k))), null);
    SDVariable logProbabilities = sd.nn().logSoftmax(logits);
    labels.mul(logProbabilities).sum(1).mean().neg(LOSS);
    sd.setLossVariables(LOSS);
    return sd;
  }

  /** Given weights and affine parameters as placeholders; batch statistics as outputs. */
  static SameDiff calibration(NetworkPlan plan) {
    SameDiff sd = SameDiff.create();
    SDVariable input = inputPlaceholder(sd, plan);
    layers(sd, plan, input,
        k -> sd.placeHolder(weight(k), DataType.FLOAT, plan.weighted.get(k).thetaShape()),
        k -> sd.placeHolder(gamma(k), DataType.FLOAT, channelShape(plan.weighted.get(k))),
        k -> sd.placeHolder(beta(k), DataType.FLOAT, channelShape(plan.weighted.get(k))),
        null);
    return sd;
  }

  /** Inference mode: everything but the input is a placeholder, batch norm uses given statistics. */
  static SameDiff evaluation(NetworkPlan plan) {
    SameDiff sd = SameDiff.create();
    SDVariable input = inputPlaceholder(sd, plan);
    layers(sd, plan, input,
        k -> sd.placeHolder(weight(k), DataType.FLOAT, plan.weighted.get(k).thetaShape()),
        k -> sd.placeHolder(gamma(k), DataType.FLOAT, channelShape(plan.weighted.get(k))),
        k -> sd.placeHolder(beta(k), DataType.FLOAT, channelShape(plan.weighted.get(k))),
        k -> new SDVariable[] {
            sd.placeHolder(mean(k), DataType.FLOAT, channelShape(plan.weighted.get(k))),
            sd.placeHolder(variance(k), DataType.FLOAT, channelShape(plan.weighted.get(k)))});
    return sd;
  }

  /** {@link #effectiveWeight(SameDiff, NetworkPlan.Step, Method, SDVariable, SDVariable, int)} with whole-fan-in groups. */
  static SDVariable effectiveWeight(
      SameDiff sd, NetworkPlan.Step step, Method method, SDVariable theta, SDVariable alpha) {
    return effectiveWeight(sd, step, method, theta, alpha, 0);
  }

  /**
   * The weights the forward pass uses, per method:
   *
   * <ul>
   *   <li>group: u = theta / max|theta| over each group, w = sign(u) |u|^alpha, with |u|^alpha
   *       written as exp(alpha log(|u| + eps)) so alpha can be a placeholder and alpha = 0 gives
   *       exactly sign(u). A group is the output channel's whole fan-in when {@code groupSize} is 0
   *       (or at least the fan-in), otherwise a run of {@code groupSize} consecutive weights of
   *       the fan-in in SEMANTICS.md order ((inChannel, ky, kx) for conv, input index for dense),
   *       the last run of each fan-in shorter when groupSize does not divide it;
   *   <li>STE and full precision: the graph variable itself (for STE the trainer stores sign(theta)
   *       there and applies the clipped gradient to theta).
   * </ul>
   */
  static SDVariable effectiveWeight(
      SameDiff sd, NetworkPlan.Step step, Method method, SDVariable theta, SDVariable alpha, int groupSize) {
    if (method != Method.GROUP) {
      return theta.mul(1.0);
    }
    SDVariable u;
    if (groupSize <= 0 || groupSize >= step.fanIn()) {
      // The whole fan-in: exactly the graph bwn used before group sizes were configurable.
      SDVariable groupMax = sd.math().abs(theta).max(true, step.groupAxes()).add(GROUP_EPSILON);
      u = theta.div(groupMax);
    } else {
      u = normalizeInGroups(sd, step, theta, groupSize);
    }
    SDVariable magnitude = sd.math().exp(alpha.mul(sd.math().log(sd.math().abs(u).add(GROUP_EPSILON))));
    return sd.math().sign(u).mul(magnitude);
  }

  /**
   * u = theta / (max|theta over its group| + eps) for groups of {@code g} consecutive fan-in
   * weights. theta is laid out as rows [out, fanIn] in SEMANTICS.md order, the first
   * floor(fanIn / g) * g columns are reshaped to [out, groups, g] and normalized by their max over
   * the last axis, the remaining fanIn mod g columns (if any) form one shorter group per row; the
   * result is put back into theta's layout. No padding: every op is differentiated as written.
   */
  private static SDVariable normalizeInGroups(SameDiff sd, NetworkPlan.Step step, SDVariable theta, int g) {
    long[] shape = step.thetaShape();
    int out = step.outChannels();
    int fanIn = step.fanIn();
    // conv theta is [kH, kW, inC, outC]; [outC, inC, kH, kW] flattens to SEMANTICS.md's order.
    SDVariable rows = step.isConv() ? theta.permute(3, 2, 0, 1).reshape(out, fanIn) : theta.permute(1, 0);
    int groups = fanIn / g;
    int rest = fanIn % g;
    SDVariable head = rest == 0 ? rows : sd.slice(rows, new int[] {0, 0}, new int[] {out, groups * g});
    SDVariable grouped = head.reshape(out, groups, g);
    SDVariable uRows = grouped.div(sd.math().abs(grouped).max(true, 2).add(GROUP_EPSILON)).reshape(out, groups * g);
    if (rest > 0) {
      // Reduced over the last axis of [out, 1, rest] like the full groups: a max over axis 1 of an
      // [out, 1] slice fails inside ND4J 1.0.0-M2.1 (null input) when rest is 1.
      SDVariable tail = sd.slice(rows, new int[] {0, groups * g}, new int[] {out, rest}).reshape(out, 1, rest);
      SDVariable uTail = tail.div(sd.math().abs(tail).max(true, 2).add(GROUP_EPSILON)).reshape(out, rest);
      uRows = sd.concat(1, uRows, uTail);
    }
    return step.isConv()
        ? uRows.reshape(out, shape[2], shape[0], shape[1]).permute(2, 3, 1, 0)
        : uRows.permute(1, 0);
  }

  interface PerLayer<T> {
    T of(int k);
  }

  private static SDVariable inputPlaceholder(SameDiff sd, NetworkPlan plan) {
    return sd.placeHolder(INPUT, DataType.FLOAT, -1, plan.inputShape[0], plan.inputShape[1], plan.inputShape[2]);
  }

  /**
   * Evaluates the plan's graph: conv/dense + batch norm (+ bounded ReLU clamp(., 0, 1) where the
   * plan says so), max pooling, flatten, residual add (clamp(a + b, 0, 1)) and global average
   * pooling. The clamp is the integer model's output clamp: [0, 1] maps onto [0, 2^bits - 1] at
   * export. Returns the last layer's output, named {@value #LOGITS}.
   */
  private static SDVariable layers(
      SameDiff sd,
      NetworkPlan plan,
      SDVariable input,
      PerLayer<SDVariable> weights,
      PerLayer<SDVariable> gammas,
      PerLayer<SDVariable> betas,
      PerLayer<SDVariable[]> populationStatistics) {
    List<SDVariable> outputs = new ArrayList<>();
    for (NetworkPlan.Step step : plan.steps) {
      List<SDVariable> in = new ArrayList<>();
      for (int index : step.inputs()) {
        in.add(index == NetworkPlan.NETWORK_INPUT ? input : outputs.get(index));
      }
      SDVariable h = in.get(0);
      int k = step.weightedIndex();
      if (step.spec() instanceof LayerSpec.Conv c) {
        h = sd.cnn().conv2d(h, weights.of(k), convolution(c));
        h = batchNorm(sd, k, h, new int[] {0, 2, 3}, gammas.of(k), betas.of(k), populationStatistics);
      } else if (step.spec() instanceof LayerSpec.Dense) {
        h = h.mmul(weights.of(k));
        h = batchNorm(sd, k, h, new int[] {0}, gammas.of(k), betas.of(k), populationStatistics);
      } else if (step.spec() instanceof LayerSpec.Pool p) {
        h = sd.cnn().maxPooling2d(h, Pooling2DConfig.builder()
            .kH(p.kernel()).kW(p.kernel()).sH(p.stride()).sW(p.stride())
            .isNHWC(false).build());
      } else if (step.spec() instanceof LayerSpec.Add) {
        h = h.add(in.get(1));
      } else if (step.spec() instanceof LayerSpec.GlobalAvgPool) {
        h = h.mean(2, 3);
      } else {
        h = h.reshape(-1, (long) step.outShape()[0]);
      }
      if (plan.isClamped(step)) {
        String name = k >= 0 ? activation(k) : sum(step.name());
        h = sd.math().clipByValue(name, h, 0.0, 1.0);
      }
      outputs.add(h);
    }
    return outputs.get(outputs.size() - 1).rename(LOGITS);
  }

  private static SDVariable batchNorm(
      SameDiff sd, int k, SDVariable h, int[] axes, SDVariable gamma, SDVariable beta,
      PerLayer<SDVariable[]> populationStatistics) {
    SDVariable mean;
    SDVariable variance;
    if (populationStatistics == null) {
      // y = h * s + (beta - mean * s) with s = gamma / sqrt(var + eps) and var = E[h^2] - E[h]^2:
      // the same function as (h - mean) * s + beta, but with one broadcast multiply and one
      // broadcast add over the activation tensor instead of four elementwise passes, which made
      // the backward pass about twice as fast (measured on lenet5-wide).
      mean = h.mean(batchMean(k), true, axes);
      SDVariable meanOfSquares = sd.math().square(h).mean(true, axes);
      variance = meanOfSquares.sub(mean.mul(mean)).rename(batchVariance(k));
      SDVariable scale = sd.math().rsqrt(variance.add(BN_EPSILON)).mul(gamma);
      return h.mul(scale).add(beta.sub(mean.mul(scale)));
    }
    SDVariable[] stats = populationStatistics.of(k);
    mean = stats[0];
    variance = stats[1];
    SDVariable scale = sd.math().rsqrt(variance.add(BN_EPSILON)).mul(gamma);
    return h.sub(mean).mul(scale).add(beta);
  }

  /** The conv2d configuration of a conv layer, NCHW; the explicit backward pass uses the same. */
  static Conv2DConfig convolution(LayerSpec.Conv c) {
    return Conv2DConfig.builder()
        .kH(c.kernel()).kW(c.kernel())
        .sH(c.stride()).sW(c.stride())
        .pH(c.padding()).pW(c.padding())
        .dataFormat(Conv2DConfig.NCHW)
        .build();
  }
}
