package dev.bwn.trainer;

import dev.bwn.model.ActivationType;
import dev.bwn.model.BinaryWeights;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.Flatten;
import dev.bwn.model.Layer;
import dev.bwn.model.MaxPool;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.Requant;
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
 */
final class IntegerExport {
  static final double LOGIT_SCALE = 4096;
  static final int LOGIT_BITS = 32;

  private IntegerExport() {}

  static Network toNetwork(NetworkPlan plan, List<INDArray> hardWeights, List<INDArray> gammas,
                           List<INDArray> betas, BnStatistics stats, int activationBits, String name,
                           Provenance provenance) {
    ActivationType inputType = ActivationType.UINT8;
    ActivationType hidden = new ActivationType(activationBits, false);
    ActivationType logits = new ActivationType(LOGIT_BITS, true);
    double inputScale = 255.0;
    double hiddenScale = (1 << activationBits) - 1;
    List<Layer> layers = new ArrayList<>();
    for (NetworkPlan.Step step : plan.steps) {
      int k = step.weightedIndex();
      if (k >= 0) {
        boolean last = plan.isLastWeighted(k);
        double inScale = k == 0 ? inputScale : hiddenScale;
        double outScale = last ? LOGIT_SCALE : hiddenScale;
        Requant requant = requant(gammas.get(k), betas.get(k), stats.means().get(k), stats.variances().get(k),
            inScale, outScale);
        BinaryWeights weights = BinaryWeights.fromSigns(signRows(step, hardWeights.get(k)));
        ActivationType out = last ? logits : hidden;
        if (step.spec() instanceof LayerSpec.Conv c) {
          layers.add(new Conv2d(step.name(), c.outChannels(), c.kernel(), c.kernel(), c.stride(), c.stride(),
              c.padding(), c.padding(), weights, requant, out));
        } else {
          layers.add(new Dense(step.name(), step.outChannels(), weights, requant, out));
        }
      } else if (step.spec() instanceof LayerSpec.Pool p) {
        layers.add(new MaxPool(step.name(), p.kernel(), p.kernel(), p.stride(), p.stride()));
      } else if (step.spec() instanceof LayerSpec.Flatten) {
        layers.add(new Flatten(step.name()));
      } else {
        throw new UnsupportedOperationException("export of " + step.spec() + " needs the graph model");
      }
    }
    Shape input = new Shape(plan.inputShape[0], plan.inputShape[1], plan.inputShape[2]);
    return new Network(name, provenance, input, inputType, RequantMode.MULTIPLY, layers);
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
    int[] multiplier = new int[channels];
    long[] bias = new long[channels];
    int[] shift = new int[channels];
    for (int c = 0; c < channels; c++) {
      double g = gamma.getDouble(c);
      double invStd = 1.0 / Math.sqrt(variance.getDouble(c) + Graphs.BN_EPSILON);
      double scale = g * invStd * outScale / inScale;
      double offset = outScale * (beta.getDouble(c) - g * mean.getDouble(c) * invStd);
      long[] fixed = fixedPoint(scale, offset);
      multiplier[c] = (int) fixed[0];
      bias[c] = fixed[1];
      shift[c] = (int) fixed[2];
    }
    return new Requant(multiplier, bias, shift);
  }

  /** {multiplier, bias, shift} with multiplier / 2^shift ~ scale and bias / 2^shift ~ offset. */
  static long[] fixedPoint(double scale, double offset) {
    for (int s = Requant.MAX_SHIFT; s >= 0; s--) {
      double unit = Math.scalb(1.0, s);
      long m = Math.round(scale * unit);
      long b = Math.round(offset * unit);
      if (Math.abs(m) <= Requant.MAX_ABS_MULTIPLIER && Math.abs(b) <= Requant.MAX_ABS_BIAS) {
        return new long[] {m, b, s};
      }
    }
    throw new IllegalStateException(String.format(
        "batch-norm scale %.6g / offset %.6g cannot be represented with a 16-bit multiplier and 48-bit bias",
        scale, offset));
  }
}
