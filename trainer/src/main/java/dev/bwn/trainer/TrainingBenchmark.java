package dev.bwn.trainer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;

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

  public static void main(String[] args) throws IOException {
    String architecture = args.length > 0 ? args[0] : "lenet5";
    int images = args.length > 1 ? Integer.parseInt(args[1]) : 12_800;
    String dataset = args.length > 2 ? args[2] : "mnist";
    System.out.printf(Locale.ROOT, "%s on %s, %d training images per method, batch 128, %d cores, %s%n",
        architecture, dataset, images, Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"));
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    for (Method method : new Method[] {Method.FP, Method.STE, Method.GROUP}) {
      Path dir = Files.createTempDirectory("bwn-bench-");
      TrainOptions options = TrainOptions.builder()
          .architecture(architecture).dataset(dataset).method(method).epochs(2).seed(1).outDir(dir)
          .trainLimit(images).testLimit(500).calibrationImages(500).progressBar(false).build();
      // Two epochs are scheduled and one is run: the first 128 images also pay for graph setup,
      // so the figure slightly understates steady-state speed.
      TrainResult result = TrainCommandSupport.train(options, quiet, 1);
      EpochMetrics epoch = result.history().get(0);
      System.out.printf(Locale.ROOT, "%-6s %8.1f images/s  (%.1f s for %d images; 60k-image epoch ~ %.0f s)%n",
          method.spelling(), epoch.imagesPerSecond(), epoch.trainSeconds(), images, 60_000 / epoch.imagesPerSecond());
    }
    Runtime rt = Runtime.getRuntime();
    System.out.printf(Locale.ROOT, "peak resident memory %.0f MiB (JVM heap in use %.0f MiB, ND4J off-heap %.0f MiB)%n",
        Pointer.maxPhysicalBytes() > 0 ? Pointer.physicalBytes() / 1048576.0 : Pointer.physicalBytes() / 1048576.0,
        (rt.totalMemory() - rt.freeMemory()) / 1048576.0, Pointer.totalBytes() / 1048576.0);
  }
}
