package dev.bwn.trainer;

import dev.bwn.model.ActivationType;
import dev.bwn.model.Add;
import dev.bwn.model.BinaryWeights;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.Flatten;
import dev.bwn.model.GlobalAvgPool;
import dev.bwn.model.Layer;
import dev.bwn.model.MaxPool;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.Requant;
import dev.bwn.model.RequantFolding;
import dev.bwn.model.RequantMode;
import dev.bwn.model.Shape;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Lowers a trained network with exactly binary weights to the integer model.
 *
 * <p>Activations are integers a_int = a * S where a is the float activation in [0, 1] and
 * S = 2^bits - 1 (S = 255 for the uint8 input, whose float value is pixel / 255). With weights
 * s in {-1, +1} the float pre-activation is acc / S_in, so batch norm followed by the clamp is
 *
 * <pre>
 *   y_int = round(k * acc + b),  k = gamma * S_out / (S_in * sqrt(var + eps)),
 *                                b = S_out * (beta - gamma * mean / sqrt(var + eps))
 * </pre>
 *
 * clamped to the output type, which for unsigned types is exactly the training clamp to [0, 1].
 * k becomes multiplier / 2^shift with the largest shift that keeps |multiplier| within 32767, and b
 * becomes bias / 2^shift; the integer model's +2^(shift-1) makes the division round to nearest.
 * The logits get S_out = {@value #LOGIT_SCALE} and a signed 32-bit type: argmax is scale-free, and
 * the extra resolution keeps ties away.
 *
 * <p>Graphs: a conv that ends a residual branch (no clamp in training) is requantized the same way
 * to a signed type of {@link #branchBits} bits on a scale that spans about [-8, 8]. The float
 * batch-norm output is not clamped; values beyond that range are, but none reached it in the
 * shipped mnist-resnet8 over the MNIST test set (largest 5.4). A residual add becomes an
 * {@code add} layer whose two input multipliers bring both summands to the scale of the unsigned
 * output, whose clamp is the training graph's clamp(a + b, 0, 1); the scales are powers of two
 * apart, so the multipliers are too, and the layer also works where requantization is by shifts
 * only. Global average pooling becomes a
 * {@code globalavgpool} whose multiplier/shift is S_out / (S_in * H * W).
 */
final class IntegerExport {
  static final double LOGIT_SCALE = 4096;
  static final int LOGIT_BITS = 32;
  /** Extra bits of a residual branch's signed tensor over the hidden activations: a range of about [-8, 8]. */
  static final int BRANCH_EXTRA_BITS = 4;

  private IntegerExport() {}

  /** An integer tensor: its type and the scale S with integer = float * S. */
  private record Tensor(ActivationType type, double scale) {}

  static Network toNetwork(NetworkPlan plan, List<INDArray> hardWeights, List<INDArray> gammas,
                           List<INDArray> betas, BnStatistics stats, int activationBits, String name,
                           Provenance provenance) {
    Tensor input = new Tensor(ActivationType.UINT8, 255.0);
    Tensor hidden = new Tensor(new ActivationType(activationBits, false), (1 << activationBits) - 1);
    Tensor logits = new Tensor(new ActivationType(LOGIT_BITS, true), LOGIT_SCALE);
    int branchBits = branchBits(activationBits);
    // 2^(B-1) - 1 over 2^(b+3): the same grid as the hidden activations (times a power of two).
    Tensor branch = new Tensor(new ActivationType(branchBits, true),
        hidden.scale() * Math.scalb(1.0, branchBits - activationBits - BRANCH_EXTRA_BITS));
    List<Layer> layers = new ArrayList<>();
    List<List<String>> layerInputs = new ArrayList<>();
    List<Tensor> tensors = new ArrayList<>();
    for (NetworkPlan.Step step : plan.steps) {
      List<Tensor> in = new ArrayList<>();
      List<String> inputNames = new ArrayList<>();
      for (int index : step.inputs()) {
        in.add(index == NetworkPlan.NETWORK_INPUT ? input : tensors.get(index));
        inputNames.add(index == NetworkPlan.NETWORK_INPUT ? Architectures.INPUT : plan.steps.get(index).name());
      }
      int k = step.weightedIndex();
      Tensor out;
      if (k >= 0) {
        out = plan.isLastWeighted(k) ? logits : plan.isClamped(step) ? hidden : branch;
        Requant requant = requant(gammas.get(k), betas.get(k), stats.means().get(k), stats.variances().get(k),
            in.get(0).scale(), out.scale());
        BinaryWeights weights = BinaryWeights.fromSigns(signRows(step, hardWeights.get(k)));
        if (step.spec() instanceof LayerSpec.Conv c) {
          layers.add(new Conv2d(step.name(), c.outChannels(), c.kernel(), c.kernel(), c.stride(), c.stride(),
              c.padding(), c.padding(), weights, requant, out.type()));
        } else {
          layers.add(new Dense(step.name(), step.outChannels(), weights, requant, out.type()));
        }
      } else if (step.spec() instanceof LayerSpec.Add) {
        out = hidden;
        layers.add(add(step.name(), step.outChannels(), in.get(0).scale(), in.get(1).scale(), out));
      } else if (step.spec() instanceof LayerSpec.GlobalAvgPool) {
        out = hidden;
        Requant requant = RequantFolding.average(step.outChannels(), step.inShape()[1] * step.inShape()[2],
            in.get(0).scale(), out.scale());
        layers.add(new GlobalAvgPool(step.name(), requant, out.type()));
      } else if (step.spec() instanceof LayerSpec.Pool p) {
        out = in.get(0);
        layers.add(new MaxPool(step.name(), p.kernel(), p.kernel(), p.stride(), p.stride()));
      } else {
        out = in.get(0);
        layers.add(new Flatten(step.name()));
      }
      tensors.add(out);
      layerInputs.add(inputNames);
    }
    Shape inputShape = new Shape(plan.inputShape[0], plan.inputShape[1], plan.inputShape[2]);
    return new Network(name, provenance, Architectures.INPUT, inputShape, input.type(), RequantMode.MULTIPLY, layers,
        layerInputs);
  }

  /** Bits of the signed tensor that ends a residual branch: {@value #BRANCH_EXTRA_BITS} more than the hidden ones, at most 16. */
  static int branchBits(int activationBits) {
    return Math.min(ActivationType.MAX_DOT_INPUT_BITS, activationBits + BRANCH_EXTRA_BITS);
  }

  /** y = clamp(x0 * out / s0 + x1 * out / s1), folded by {@link RequantFolding#add}. */
  static Add add(String name, int channels, double inScale0, double inScale1, Tensor out) {
    return RequantFolding.add(name, channels, inScale0, inScale1, out.scale(), out.type());
  }

  /**
   * One row per output channel in the integer model's fan-in order: (inChannel, ky, kx) for conv
   * from the [kH, kW, inC, outC] array, input index for dense from [in, out].
   */
  static int[][] signRows(NetworkPlan.Step step, INDArray hard) {
    int outChannels = step.outChannels();
    int[][] rows = new int[outChannels][step.fanIn()];
    if (step.spec() instanceof LayerSpec.Conv c) {
      int inChannels = step.inShape()[0];
      for (int o = 0; o < outChannels; o++) {
        int i = 0;
        for (int ic = 0; ic < inChannels; ic++) {
          for (int ky = 0; ky < c.kernel(); ky++) {
            for (int kx = 0; kx < c.kernel(); kx++) {
              rows[o][i++] = hard.getFloat(ky, kx, ic, o) > 0 ? 1 : -1;
            }
          }
        }
      }
    } else {
      for (int o = 0; o < outChannels; o++) {
        for (int i = 0; i < step.fanIn(); i++) {
          rows[o][i] = hard.getFloat(i, o) > 0 ? 1 : -1;
        }
      }
    }
    return rows;
  }

  static Requant requant(INDArray gamma, INDArray beta, INDArray mean, INDArray variance,
                         double inScale, double outScale) {
    int channels = (int) gamma.length();
    double[] ones = new double[channels];
    java.util.Arrays.fill(ones, 1.0);
    return RequantFolding.batchNorm(ones, new double[channels], values(gamma), values(beta), values(mean),
        values(variance), Graphs.BN_EPSILON, inScale, outScale);
  }

  /** The elements in linear order, whatever the broadcast shape. */
  private static double[] values(INDArray array) {
    double[] values = new double[(int) array.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.getDouble(i);
    }
    return values;
  }

  /** {multiplier, bias, shift} with multiplier / 2^shift ~ scale and bias / 2^shift ~ offset. */
  static long[] fixedPoint(double scale, double offset) {
    return RequantFolding.fixedPoint(scale, offset);
  }
}
