package dev.bwn.trainer;

import dev.bwn.model.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** metrics.csv and curves.png in the run folder, rewritten (atomically) after every epoch. */
final class RunFiles {
  static final String METRICS = "metrics.csv";
  static final String CURVES = "curves.png";

  private RunFiles() {}

  static void writeMetrics(Path dir, List<EpochMetrics> history) throws IOException {
    StringBuilder csv = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
    for (EpochMetrics m : history) {
      csv.append(m.csv()).append('\n');
    }
    AtomicFiles.writeString(dir.resolve(METRICS), csv.toString());
  }

  static void writeCurves(Path dir, List<EpochMetrics> history, TrainOptions options) throws IOException {
    System.setProperty("java.awt.headless", "true");
    double[] epochs = history.stream().mapToDouble(EpochMetrics::epoch).toArray();
    String title = Architectures.label(options.architecture()) + " on " + TrainingData.label(options.dataset()) + ", " + options.method().spelling();
    XYChart loss = new XYChartBuilder().width(640).height(420).title(title + ": training loss")
        .xAxisTitle("epoch").yAxisTitle("cross-entropy").build();
    loss.addSeries("train loss", epochs, history.stream().mapToDouble(EpochMetrics::trainLoss).toArray())
        .setMarker(SeriesMarkers.CIRCLE);
    XYChart accuracy = new XYChartBuilder().width(640).height(420).title(title + ": accuracy")
        .xAxisTitle("epoch").yAxisTitle("accuracy %").build();
    accuracy.addSeries("train", epochs, percent(history, EpochMetrics::trainAccuracy)).setMarker(SeriesMarkers.CIRCLE);
    accuracy.addSeries("test (training mode)", epochs, percent(history, EpochMetrics::testAccuracyTrainingMode))
        .setMarker(SeriesMarkers.DIAMOND);
    accuracy.addSeries("test (binary weights)", epochs, percent(history, EpochMetrics::testAccuracyBinary))
        .setMarker(SeriesMarkers.SQUARE);
    // With few epochs XChart's automatic tick labels print every digit of the data; fixed patterns stay readable.
    loss.getStyler().setYAxisDecimalPattern("0.000");
    accuracy.getStyler().setYAxisDecimalPattern("0.0");
    loss.getStyler().setXAxisDecimalPattern("0");
    accuracy.getStyler().setXAxisDecimalPattern("0");
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    BitmapEncoder.saveBitmap(List.of(loss, accuracy), 1, 2, png, BitmapEncoder.BitmapFormat.PNG);
    AtomicFiles.writeBytes(dir.resolve(CURVES), png.toByteArray());
  }

  private static double[] percent(List<EpochMetrics> history, java.util.function.ToDoubleFunction<EpochMetrics> f) {
    return history.stream().mapToDouble(m -> 100 * f.applyAsDouble(m)).toArray();
  }

  /**
   * Removes what an interrupted write of one of the run's files left behind ({@link AtomicFiles} temp files of
   * exactly these names), before a run starts or resumes.
   */
  static void deleteStaleTemporaries(Path dir) throws IOException {
    for (String name : List.of(RunOptionsFile.NAME, Checkpoint.FILE, METRICS, CURVES, TrainCommandSupport.MODEL_FILE)) {
      AtomicFiles.deleteStaleTemporaries(dir, name);
    }
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }
}
