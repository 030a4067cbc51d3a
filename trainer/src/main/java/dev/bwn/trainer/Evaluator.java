package dev.bwn.trainer;

import dev.bwn.model.data.LabeledImages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch-norm recalibration and inference-mode accuracy of a {@link Model} with given weights, through
 * {@link ExplicitBackprop}'s forward pass (the functions of {@link Graphs#calibration} and {@link Graphs#evaluation}).
 */
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
    double[][] meanSum = new double[layers][];
    double[][] secondMomentSum = new double[layers][];
    double totalWeight = 0;
    for (int from = 0; from < n; from += BATCH) {
      int to = Math.min(n, from + BATCH);
      double[][][] batch;
      try (INDArray input = Batches.features(train, null, from, to, 0, null)) {
        batch = model.backprop.batchStatistics(model, weights, input);
      }
      double weight = to - from;
      for (int k = 0; k < layers; k++) {
        double[] mean = batch[k][0];
        double[] variance = batch[k][1];
        if (from == 0) {
          meanSum[k] = new double[mean.length];
          secondMomentSum[k] = new double[mean.length];
        }
        for (int c = 0; c < mean.length; c++) {
          meanSum[k][c] += weight * mean[c];
          secondMomentSum[k][c] += weight * (variance[c] + mean[c] * mean[c]);
        }
      }
      totalWeight += weight;
    }
    List<INDArray> means = new ArrayList<>();
    List<INDArray> variances = new ArrayList<>();
    for (int k = 0; k < layers; k++) {
      double[] mean = new double[meanSum[k].length];
      double[] variance = new double[mean.length];
      for (int c = 0; c < mean.length; c++) {
        mean[c] = meanSum[k][c] / totalWeight;
        variance[c] = Math.max(0, secondMomentSum[k][c] / totalWeight - mean[c] * mean[c]);
      }
      long[] shape = Graphs.channelShape(model.plan.weighted.get(k));
      means.add(Nd4j.create(mean, shape, 'c').castTo(DataType.FLOAT));
      variances.add(Nd4j.create(variance, shape, 'c').castTo(DataType.FLOAT));
    }
    return new BnStatistics(means, variances);
  }

  /** Predicted classes of every test image in inference mode. */
  static int[] predict(Model model, List<INDArray> weights, BnStatistics stats, LabeledImages data) {
    int[] predictions = new int[data.size()];
    for (int from = 0; from < data.size(); from += BATCH) {
      int to = Math.min(data.size(), from + BATCH);
      try (INDArray input = Batches.features(data, null, from, to, 0, null)) {
        System.arraycopy(model.backprop.predict(model, weights, stats, input), 0, predictions, from, to - from);
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
