package dev.bwn.trainer;

import dev.bwn.model.data.LabeledImages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Batch-norm recalibration and inference-mode accuracy of a {@link Model} with given weights. */
final class Evaluator {
  static final int BATCH = 500;

  private Evaluator() {}

  /**
   * Population statistics of every batch-norm layer for the given weights, over the first
   * {@code images} training images: the mean of batch means, and the variance from the mean of
   * batch second moments, so equal-size batches give the exact population moments of each layer's
   * input (with earlier layers normalized by batch statistics, as in training).
   */
  static BnStatistics calibrate(Model model, List<INDArray> weights, LabeledImages train, int images) {
    int n = Math.min(images, train.size());
    int layers = model.plan.weighted.size();
    List<INDArray> meanSum = new ArrayList<>();
    List<INDArray> secondMomentSum = new ArrayList<>();
    String[] outputs = new String[2 * layers];
    for (int k = 0; k < layers; k++) {
      outputs[2 * k] = Graphs.batchMean(k);
      outputs[2 * k + 1] = Graphs.batchVariance(k);
    }
    Map<String, INDArray> placeholders = new HashMap<>(model.affinePlaceholders(weights));
    double totalWeight = 0;
    for (int from = 0; from < n; from += BATCH) {
      int to = Math.min(n, from + BATCH);
      placeholders.put(Graphs.INPUT, Batches.features(train, null, from, to, 0, null));
      Map<String, INDArray> out = model.calibration.output(placeholders, outputs);
      double weight = to - from;
      for (int k = 0; k < layers; k++) {
        INDArray mean = out.get(Graphs.batchMean(k));
        INDArray secondMoment = out.get(Graphs.batchVariance(k)).add(mean.mul(mean));
        if (from == 0) {
          meanSum.add(mean.mul(weight));
          secondMomentSum.add(secondMoment.mul(weight));
        } else {
          meanSum.get(k).addi(mean.mul(weight));
          secondMomentSum.get(k).addi(secondMoment.mul(weight));
        }
      }
      totalWeight += weight;
    }
    List<INDArray> means = new ArrayList<>();
    List<INDArray> variances = new ArrayList<>();
    for (int k = 0; k < layers; k++) {
      INDArray mean = meanSum.get(k).div(totalWeight);
      INDArray variance = secondMomentSum.get(k).div(totalWeight).subi(mean.mul(mean));
      means.add(mean);
      variances.add(org.nd4j.linalg.ops.transforms.Transforms.max(variance, 0.0, false));
    }
    return new BnStatistics(means, variances);
  }

  /** Predicted classes of every test image in inference mode. */
  static int[] predict(Model model, List<INDArray> weights, BnStatistics stats, LabeledImages data) {
    Map<String, INDArray> placeholders = placeholders(model, weights, stats);
    int[] predictions = new int[data.size()];
    for (int from = 0; from < data.size(); from += BATCH) {
      int to = Math.min(data.size(), from + BATCH);
      placeholders.put(Graphs.INPUT, Batches.features(data, null, from, to, 0, null));
      INDArray logits = model.evaluation.output(placeholders, Graphs.LOGITS).get(Graphs.LOGITS);
      INDArray classes = logits.argMax(1);
      for (int i = 0; i < to - from; i++) {
        predictions[from + i] = classes.getInt(i);
      }
    }
    return predictions;
  }

  static Map<String, INDArray> placeholders(Model model, List<INDArray> weights, BnStatistics stats) {
    Map<String, INDArray> placeholders = new HashMap<>(model.affinePlaceholders(weights));
    for (int k = 0; k < model.plan.weighted.size(); k++) {
      placeholders.put(Graphs.mean(k), stats.means().get(k));
      placeholders.put(Graphs.variance(k), stats.variances().get(k));
    }
    return placeholders;
  }

  static double accuracy(int[] predictions, LabeledImages data) {
    int correct = 0;
    for (int i = 0; i < predictions.length; i++) {
      if (predictions[i] == data.labels()[i]) {
        correct++;
      }
    }
    return (double) correct / predictions.length;
  }
}
