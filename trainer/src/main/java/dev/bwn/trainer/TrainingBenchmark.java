package dev.bwn.trainer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Training throughput (images/s) of one architecture with each method, so the group transform's
 * overhead over plain binary (STE) and full-precision training shows, plus peak memory. Not a test:
 * run it with {@code mvn -pl trainer exec:java -Dexec.mainClass=dev.bwn.trainer.TrainingBenchmark
 * -Dexec.args="lenet5 12800"}.
 */
public final class TrainingBenchmark {
  static {
    NativeBackend.select();
  }

  private TrainingBenchmark() {}

  /** VmHWM from /proc (Linux): the high-water mark of resident memory, Java heap and natives together. */
  static String peakResidentMemory() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return "unknown (no /proc)";
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
        return String.format(Locale.ROOT, "%.0f MiB", kib / 1024.0);
      }
    }
    return "unknown";
  }

  public static void main(String[] args) throws IOException {
    String architecture = args.length > 0 ? args[0] : "lenet5";
    int images = args.length > 1 ? Integer.parseInt(args[1]) : 12_800;
    String dataset = args.length > 2 ? args[2] : "mnist";
    System.out.printf(Locale.ROOT, "%s on %s, %d training images per method, batch 128, %d cores, %s%n",
        architecture, dataset, images, Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"));
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    // Warm-up: loads the natives and lets the JIT compile the data path, so that the first method
    // measured does not pay for it.
    TrainCommandSupport.train(TrainOptions.builder().architecture(architecture).dataset(dataset)
        .method(Method.GROUP).epochs(2).outDir(Files.createTempDirectory("bwn-bench-")).trainLimit(1280)
        .testLimit(100).calibrationImages(100).progressBar(false).build(), quiet, 1);
    for (Method method : new Method[] {Method.FP, Method.STE, Method.GROUP}) {
      Path dir = Files.createTempDirectory("bwn-bench-");
      TrainOptions options = TrainOptions.builder()
          .architecture(architecture).dataset(dataset).method(method).epochs(2).seed(1).outDir(dir)
          .trainLimit(images).testLimit(500).calibrationImages(500).progressBar(false).build();
      // Two epochs are scheduled and one is run (no export). Graph setup is outside the timing.
      TrainResult result = TrainCommandSupport.train(options, quiet, 1);
      EpochMetrics epoch = result.history().get(0);
      System.out.printf(Locale.ROOT, "%-6s %8.1f images/s  (%.1f s for %d images; 60k-image epoch ~ %.0f s)%n",
          method.spelling(), epoch.imagesPerSecond(), epoch.trainSeconds(), images, 60_000 / epoch.imagesPerSecond());
    }
    System.out.printf(Locale.ROOT, "peak resident memory of this JVM: %s%n", peakResidentMemory());
  }
}
