package dev.bwn.trainer;

import java.util.Locale;

/**
 * One line of metrics.csv.
 *
 * @param testAccuracyTrainingMode float inference-mode accuracy with the weights training uses at
 *     the epoch's end (the transform at the current exponent; sign for STE; real for fp)
 * @param testAccuracyBinary float inference-mode accuracy with exactly binary weights and batch
 *     norm recalibrated for them: what the export starts from
 * @param peakResidentMiB the JVM's peak resident memory so far (Java heap and ND4J's off-heap arrays), NaN
 *     where /proc is not there
 */
public record EpochMetrics(
    int epoch,
    double learningRate,
    double alpha,
    double trainLoss,
    double trainAccuracy,
    double testAccuracyTrainingMode,
    double testAccuracyBinary,
    double trainSeconds,
    double evalSeconds,
    double imagesPerSecond,
    double elapsedSeconds,
    double peakResidentMiB) {

  static final String CSV_HEADER =
      "epoch,learning_rate,alpha,train_loss,train_accuracy,test_accuracy_training_mode,"
          + "test_accuracy_binary,train_seconds,eval_seconds,train_images_per_second,elapsed_seconds,peak_resident_mib";

  static final int FIELDS = 12;

  String csv() {
    return String.format(Locale.ROOT, "%d,%.6g,%.6g,%.6f,%.6f,%.6f,%.6f,%.2f,%.2f,%.1f,%.1f,%.0f",
        epoch, learningRate, alpha, trainLoss, trainAccuracy, testAccuracyTrainingMode,
        testAccuracyBinary, trainSeconds, evalSeconds, imagesPerSecond, elapsedSeconds, peakResidentMiB);
  }

  double[] toArray() {
    return new double[] {epoch, learningRate, alpha, trainLoss, trainAccuracy, testAccuracyTrainingMode,
        testAccuracyBinary, trainSeconds, evalSeconds, imagesPerSecond, elapsedSeconds, peakResidentMiB};
  }

  static EpochMetrics fromArray(double[] v) {
    return new EpochMetrics((int) v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]);
  }
}
