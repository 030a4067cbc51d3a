package dev.bwn.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code bwn train --dry-run} prints: per layer the output shape, binary weights,
 * multiply-accumulates per image and the bytes of its output tensor in the exported model, and the
 * totals. Parameters are the binary weights plus batch norm's scale and shift per output channel
 * (what the literature counts for a conv or dense layer followed by batch norm).
 */
final class NetworkSummary {
  /** One row of the table. */
  record Row(String name, String kind, int[] outShape, long binaryWeights, long batchNormParameters, long macs,
             long activationBytes) {}

  final List<Row> rows;
  final long binaryWeights;
  final long parameters;
  final long macs;
  final long activationBytes;
  final long largestActivationBytes;

  NetworkSummary(NetworkPlan plan, int activationBits) {
    List<Row> all = new ArrayList<>();
    long weights = 0;
    long batchNorm = 0;
    long macsTotal = 0;
    long bytes = 0;
    long largest = 0;
    for (NetworkPlan.Step step : plan.steps) {
      int[] out = step.outShape();
      long elements = (long) out[0] * out[1] * out[2];
      long stepWeights = 0;
      long stepBatchNorm = 0;
      long stepMacs = 0;
      if (step.weightedIndex() >= 0) {
        stepWeights = (long) step.fanIn() * step.outChannels();
        stepBatchNorm = 2L * step.outChannels();
        stepMacs = stepWeights * out[1] * out[2];
      }
      long stepBytes = elements * bytesPerElement(plan, step, activationBits);
      all.add(new Row(step.name(), kind(step), out, stepWeights, stepBatchNorm, stepMacs, stepBytes));
      weights += stepWeights;
      batchNorm += stepBatchNorm;
      macsTotal += stepMacs;
      bytes += stepBytes;
      largest = Math.max(largest, stepBytes);
    }
    this.rows = List.copyOf(all);
    this.binaryWeights = weights;
    this.parameters = weights + batchNorm;
    this.macs = macsTotal;
    this.activationBytes = bytes;
    this.largestActivationBytes = largest;
  }

  /** Bytes per element of the step's output in the exported model: the export's own tensor types. */
  private static int bytesPerElement(NetworkPlan plan, NetworkPlan.Step step, int activationBits) {
    int bits;
    if (step.weightedIndex() >= 0 && plan.isLastWeighted(step.weightedIndex())) {
      bits = IntegerExport.LOGIT_BITS;
    } else if (step.weightedIndex() >= 0 && !plan.isClamped(step)) {
      bits = IntegerExport.branchBits(activationBits);
    } else if (step.spec() instanceof LayerSpec.Pool || step.spec() instanceof LayerSpec.Flatten) {
      // Keep their input's type; the input image is 8-bit, hidden tensors activationBits wide.
      bits = step.inputs().get(0) == NetworkPlan.NETWORK_INPUT ? 8 : activationBits;
    } else {
      bits = activationBits;
    }
    return (bits + 7) / 8;
  }

  private static String kind(NetworkPlan.Step step) {
    LayerSpec spec = step.spec();
    if (spec instanceof LayerSpec.Conv c) {
      return String.format(Locale.ROOT, "conv %dx%d/%d%s", c.kernel(), c.kernel(), c.stride(), c.clamped() ? "" : " signed");
    }
    if (spec instanceof LayerSpec.Pool p) {
      return String.format(Locale.ROOT, "maxpool %dx%d/%d", p.kernel(), p.kernel(), p.stride());
    }
    if (spec instanceof LayerSpec.Dense) {
      return "dense";
    }
    if (spec instanceof LayerSpec.Add) {
      return "add";
    }
    if (spec instanceof LayerSpec.GlobalAvgPool) {
      return "globalavgpool";
    }
    return "flatten";
  }

  /** The table and the totals, one line each. */
  String table(String title) {
    StringBuilder text = new StringBuilder(title).append('\n');
    String format = "%-22s %-18s %14s %14s %16s %12s%n";
    text.append(String.format(Locale.ROOT, format, "layer", "kind", "output", "binary weights", "MACs/image",
        "act. bytes"));
    for (Row row : rows) {
      text.append(String.format(Locale.ROOT, format, row.name(), row.kind(),
          row.outShape()[0] + "x" + row.outShape()[1] + "x" + row.outShape()[2], grouped(row.binaryWeights()),
          grouped(row.macs()), grouped(row.activationBytes())));
    }
    text.append(String.format(Locale.ROOT,
        "total: %s binary weights, %s parameters with batch norm, %s MACs per image, "
            + "%s bytes of activations (largest tensor %s bytes)%n",
        grouped(binaryWeights), grouped(parameters), grouped(macs),
        grouped(activationBytes), grouped(largestActivationBytes)));
    return text.toString();
  }

  private static String grouped(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
