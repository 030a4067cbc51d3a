package dev.bwn.trainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** metrics.csv and curves.png in the run folder, rewritten after every epoch. */
final class RunFiles {
  static final String METRICS = "metrics.csv";
  static final String CURVES = "curves.png";

  private RunFiles() {}

  static void writeMetrics(Path dir, List<EpochMetrics> history) throws IOException {
    StringBuilder csv = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
    for (EpochMetrics m : history) {
      csv.append(m.csv()).append('\n');
    }
    writeAtomically(dir.resolve(METRICS), csv.toString().getBytes(StandardCharsets.UTF_8));
  }

  static void writeCurves(Path dir, List<EpochMetrics> history, TrainOptions options) throws IOException {
    System.setProperty("java.awt.headless", "true");
    double[] epochs = history.stream().mapToDouble(EpochMetrics::epoch).toArray();
    String title = options.architecture() + " on " + options.dataset() + ", " + options.method().spelling();
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
    Path temporary = dir.resolve("curves.tmp.png");
    BitmapEncoder.saveBitmap(List.of(loss, accuracy), 1, 2, temporary.toString(), BitmapEncoder.BitmapFormat.PNG);
    move(temporary, dir.resolve(CURVES));
  }

  private static double[] percent(List<EpochMetrics> history, java.util.function.ToDoubleFunction<EpochMetrics> f) {
    return history.stream().mapToDouble(m -> 100 * f.applyAsDouble(m)).toArray();
  }

  static void writeAtomically(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temporary, content);
    move(temporary, file);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }
}
