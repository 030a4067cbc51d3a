package dev.bwn.trainer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Training throughput (images/s) of one architecture per method, and peak memory. Not a test. Each
 * method trains two epochs over the first IMAGES training images and only the second epoch is timed
 * (the first, on the same graph, is the warm-up); graph construction, evaluation and recalibration
 * are outside the timing. Run it from the CLI jar:
 * {@code java -cp "cli/target/bwn.jar:cli/target/lib/*" dev.bwn.trainer.TrainingBenchmark lenet5-wide 6400 mnist group,fp}
 * (arguments: architecture, images, dataset, methods; defaults lenet5, 12800, mnist, fp,ste,group).
 * benchmarks/training/vs-pytorch.sh runs it beside the same network in PyTorch.
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
    List<Method> methods = new ArrayList<>();
    for (String spelling : (args.length > 3 ? args[3] : "fp,ste,group").split(",")) {
      methods.add(Method.parse(spelling));
    }
    System.out.printf(Locale.ROOT, "%s on %s, %d training images per epoch, batch 128, %d cores, %s%n",
        architecture, dataset, images, Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"));
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    for (Method method : methods) {
      Path dir = Files.createTempDirectory("bwn-bench-");
      TrainOptions options = TrainOptions.builder()
          .architecture(architecture).dataset(dataset).method(method).epochs(3).seed(1).outDir(dir)
          .trainLimit(images).testLimit(500).calibrationImages(500).progressBar(false).build();
      try {
        // Three epochs are scheduled and two run (no export): the schedules stay inside the annealing phase.
        TrainResult result = TrainCommandSupport.train(options, quiet, 2);
        EpochMetrics epoch = result.history().get(1);
        System.out.printf(Locale.ROOT, "bwn %s %.1f images/s (%.1f s for %d images; 60k-image epoch ~ %.0f s)%n",
            method.spelling(), epoch.imagesPerSecond(), epoch.trainSeconds(), images,
            60_000 / epoch.imagesPerSecond());
      } finally {
        // also when training fails: the folder is the benchmark's own, nobody else reads it
        deleteTree(dir);
      }
    }
    System.out.printf(Locale.ROOT, "peak resident memory of this JVM: %s%n", ResidentMemory.peakDescription());
  }

  /** The benchmark's own temporary run folder. */
  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
