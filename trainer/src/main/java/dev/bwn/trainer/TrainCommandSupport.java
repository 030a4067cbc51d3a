package dev.bwn.trainer;

import dev.bwn.model.Limits;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.data.Dataset;
import dev.bwn.model.data.LabeledImages;
import dev.bwn.model.data.MnistFetcher;
import dev.bwn.model.data.Split;
import dev.bwn.model.io.InputFileException;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.output.OutputException;
import dev.bwn.model.output.OutputKind;
import dev.bwn.model.output.RunFolder;
import dev.bwn.model.io.StrictText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The entry point for {@code bwn train}: loads the data, trains (or resumes), checkpoints every
 * epoch, and on the last epoch exports {@code model.bwn.json} with the integer model's own test
 * accuracy in its provenance.
 */
public final class TrainCommandSupport {
  public static final String MODEL_FILE = "model.bwn.json";
  public static final String OPTIONS_FILE = RunOptionsFile.NAME;

  static {
    NativeBackend.select();
  }

  private TrainCommandSupport() {}

  /** Trains as {@code options} say, printing one line per epoch and a summary to {@code out}. */
  public static TrainResult train(TrainOptions options, PrintStream out) throws IOException {
    return train(options, out, Integer.MAX_VALUE);
  }

  /**
   * Continues the run in {@code dir} with the options it was started with (read from
   * {@value #OPTIONS_FILE}) on the same data (checked by fingerprint); the result equals that of an
   * uninterrupted run. A run stopped before its first checkpoint starts over with those options.
   */
  public static TrainResult resume(Path dir, boolean progressBar, PrintStream out) throws IOException {
    return resume(dir, null, progressBar, out);
  }

  /**
   * As {@link #resume(Path, boolean, PrintStream)}; {@code architecture}, when not null, is the one the user named with
   * the resume, which must be the run's own (a different name or file is a {@link TrainingInputException}).
   */
  public static TrainResult resume(Path dir, String architecture, boolean progressBar, PrintStream out)
      throws IOException {
    TrainOptions options = readOptions(dir).outDir(dir).resume(true).progressBar(progressBar).build();
    if (architecture != null && !Architectures.canonical(architecture).equals(options.architecture())) {
      throw new TrainingInputException("--arch " + architecture + ": the run in " + dir + " was started with "
          + options.architecture() + "; --resume continues it with that (leave out --arch)");
    }
    return train(options, out);
  }

  /** The options a run in {@code dir} was started with; a {@link TrainingInputException} names what is wrong. */
  public static TrainOptions.Builder readOptions(Path dir) throws IOException {
    return RunOptionsFile.read(dir);
  }

  /** As {@link #train(TrainOptions, PrintStream)}, but returns after {@code stopAfterEpochs} epochs (for tests). */
  static TrainResult train(TrainOptions requested, PrintStream out, int stopAfterEpochs) throws IOException {
    // The run folder is locked for the whole run: a second run on it is refused instead of mixing two runs' files.
    RunFolder runFolder = requested.resume() ? RunFolder.reopen(requested.outDir(), OutputKind.TRAIN_RUN)
        : RunFolder.open(requested.outDir(), OutputKind.TRAIN_RUN);
    try {
      if (!requested.resume() && Checkpoint.existsIn(runFolder.path())) {
        throw new OutputException(requested.outDir() + " already holds a run (" + Checkpoint.FILE
            + "); resume it with --resume or choose another folder");
      }
      return trainInLockedFolder(requested, out, stopAfterEpochs);
    } finally {
      runFolder.close();
    }
  }

  private static TrainResult trainInLockedFolder(TrainOptions requested, PrintStream out, int stopAfterEpochs)
      throws IOException {
    long start = System.nanoTime();
    Path dir = requested.outDir();
    boolean hasCheckpoint = Checkpoint.existsIn(dir);
    // Checked before the data are read: a changed description would restore weights into another network, or fail
    // only on a shape, or not at all (a changed stride or padding keeps every weight's shape).
    String architectureSha256 = Architectures.resolve(requested.architecture()).sha256();
    if (requested.architectureSha256() != null) {
      String change = Architectures.changeSince(requested.architecture(), requested.architectureSha256());
      if (change != null) {
        throw new TrainingInputException(change + " (recorded in " + dir.resolve(OPTIONS_FILE)
            + "); resume needs the description the run started with");
      }
    }
    TrainingData data = TrainingData.load(requested);
    if (requested.datasetSha256() != null && !requested.datasetSha256().equals(data.sha256())) {
      throw new TrainingInputException(dir.resolve(OPTIONS_FILE) + ": the data in " + requested.dataset()
          + " are not those the run started on (SHA-256 " + data.sha256() + ", the run has "
          + requested.datasetSha256() + "); resume needs the same data");
    }
    TrainOptions options = requested.toBuilder().datasetSha256(data.sha256()).architectureSha256(architectureSha256)
        .build();
    LabeledImages train = data.train();
    LabeledImages test = data.test();
    NetworkPlan plan = plan(options.architecture(), train.channels(), train.height(), train.width(), train.classes());
    Model model = new Model(plan, options.method(), options.fullPrecisionEnds(), options.seed(), options.groupSize());
    Trainer trainer = new Trainer(options, model, train, test, out);
    Files.createDirectories(dir);
    RunFiles.deleteStaleTemporaries(dir);
    if (hasCheckpoint) {
      trainer.restore(Checkpoint.read(dir));
      // A crash after the checkpoint but before these were redrawn leaves them an epoch behind.
      trainer.writeProgress();
      out.printf(Locale.ROOT, "resuming %s after epoch %d of %d%n", dir, trainer.epochsCompleted(), options.epochs());
    } else {
      if (options.resume()) {
        out.printf(Locale.ROOT, "no checkpoint in %s yet: starting the run over with its options%n", dir);
      }
      RunOptionsFile.write(dir, options);
      out.printf(Locale.ROOT, "training %s on %s (%d train / %d test images), method %s, %d epochs, %d steps of %d per epoch%n",
          Architectures.label(options.architecture()), options.dataset(), train.size(), test.size(),
          options.method().spelling() + (options.groupSize() > 0 ? " (groups of " + options.groupSize() + ")" : ""),
          options.epochs(), trainer.stepsPerEpoch(), options.batchSize());
    }
    trainer.run(stopAfterEpochs);
    List<EpochMetrics> history = trainer.history();
    double wall = history.isEmpty() ? 0 : history.get(history.size() - 1).elapsedSeconds();
    if (trainer.epochsCompleted() < options.epochs()) {
      return new TrainResult(null, null, Double.NaN, Double.NaN, Double.NaN, history, wall);
    }
    TrainResult result = export(options, model, train, test, history, wall);
    out.printf(Locale.ROOT,
        "exported %s: integer test accuracy %.2f%% (float binary %.2f%%, same class on %.2f%% of images), %d binary weights in %d bytes, %s%n",
        result.modelFile(), 100 * result.integerAccuracy(), 100 * result.binaryFloatAccuracy(), 100 * result.agreement(),
        result.network().binaryWeights(), result.network().packedBytes(),
        RunFiles.duration((System.nanoTime() - start) / 1e9));
    return result;
  }

  /**
   * Prints the layer table of {@code architecture} on {@code dataset}'s shape ({@link TrainingData#shape}) without
   * training: output shapes, binary weights, multiply-accumulates and activation bytes per layer, and the totals.
   */
  public static String dryRun(String architecture, String dataset, int activationBits, Path cacheDir) {
    int[] shape = TrainingData.shape(dataset, cacheDir);
    NetworkPlan plan = plan(Architectures.canonical(architecture), shape[0], shape[1], shape[2], shape[3]);
    return new NetworkSummary(plan, activationBits).table(String.format(Locale.ROOT,
        "%s on %s: input %dx%dx%d, %d classes, %d-bit activations", Architectures.label(architecture), dataset,
        shape[0], shape[1], shape[2], shape[3], activationBits));
  }

  /**
   * The architecture resolved against the data's shape; an architecture that does not fit the data (a
   * kernel larger than the image, an add of two shapes) is the user's to fix, so it is a one-line error.
   */
  static NetworkPlan plan(String architecture, int channels, int height, int width, int classes) {
    try {
      return new NetworkPlan(architecture, channels, height, width, classes);
    } catch (IllegalArgumentException e) {
      throw new TrainingInputException(e.getMessage(), e);
    }
  }

  static TrainResult export(TrainOptions options, Model model, LabeledImages train, LabeledImages test,
                            List<EpochMetrics> history, double wallSeconds) throws IOException {
    List<INDArray> hard = model.hardWeights();
    BnStatistics stats = Evaluator.calibrate(model, hard, train, options.calibrationImages());
    List<INDArray> gammas = new ArrayList<>();
    List<INDArray> betas = new ArrayList<>();
    for (int k = 0; k < model.plan.weighted.size(); k++) {
      gammas.add(model.array(Graphs.gamma(k)));
      betas.add(model.array(Graphs.beta(k)));
    }
    String name = TrainingData.label(options.dataset()) + "-" + Architectures.label(options.architecture());
    Network network = IntegerExport.toNetwork(model.plan, hard, gammas, betas, stats, options.activationBits(), name,
        new Provenance(toolName(), options.dataset(), Architectures.label(options.architecture()), options.method().spelling(), null, null,
            null, Map.of()));
    List<String> labels = Dataset.classNames(options.dataset());
    if (labels.size() == network.classes()) {
      network = network.withLabels(labels);
    }
    int[] integerPredictions = integerPredictions(network, test);
    int[] floatPredictions = Evaluator.predict(model, hard, stats, test);
    double integerAccuracy = Evaluator.accuracy(integerPredictions, test);
    double floatAccuracy = Evaluator.accuracy(floatPredictions, test);
    int same = 0;
    for (int i = 0; i < test.size(); i++) {
      if (integerPredictions[i] == floatPredictions[i]) {
        same++;
      }
    }
    double agreement = (double) same / test.size();
    Map<String, String> extra = new LinkedHashMap<>();
    EpochMetrics last = history.get(history.size() - 1);
    extra.put("testAccuracyTrainingMode", String.format(Locale.ROOT, "%.4f", last.testAccuracyTrainingMode()));
    extra.put("testAccuracyFloatBinary", String.format(Locale.ROOT, "%.4f", floatAccuracy));
    extra.put("testImages", Integer.toString(test.size()));
    extra.put("trainImages", Integer.toString(train.size()));
    extra.put("trainingWallSeconds", String.format(Locale.ROOT, "%.0f", wallSeconds));
    extra.put("recipe", String.format(Locale.ROOT,
        "batch %d, sgd lr %.3g cosine, momentum %.2f%s, l2 %.1e, shift augmentation %d px, binary tail %.2f, activations u%d",
        options.batchSize(), options.learningRate(), options.momentum(), options.nesterov() ? " nesterov" : "",
        options.weightDecay(), options.augmentShift(), options.binaryTailFraction(), options.activationBits())
        + (options.groupSize() > 0 ? ", group size " + options.groupSize() : ""));
    List<String> fullPrecision = new ArrayList<>();
    for (int k = 0; k < model.plan.weighted.size(); k++) {
      if (model.methods[k] == Method.FP) {
        fullPrecision.add(model.plan.weighted.get(k).name());
      }
    }
    if (!fullPrecision.isEmpty()) {
      // The integer model has binary weights only, so these layers were binarized at export: the accuracy above is
      // that of the all-binary model, not of the full-precision one that was trained.
      extra.put("fullPrecisionLayers", String.join(",", fullPrecision));
      extra.put("warning", "layers " + String.join(", ", fullPrecision)
          + " were trained in full precision and binarized at export");
    }
    network = network.withProvenance(new Provenance(toolName(), options.dataset(), Architectures.label(options.architecture()),
        options.method().spelling(), options.seed(), options.epochs(), integerAccuracy, extra));
    Path file = options.outDir().resolve(MODEL_FILE);
    ModelIo.write(network, file);
    return new TrainResult(file, network, integerAccuracy, floatAccuracy, agreement, history, wallSeconds);
  }

  /** The integer reference's predicted class for every test image, on all cores. */
  static int[] integerPredictions(Network network, LabeledImages test) {
    return IntStream.range(0, test.size()).parallel()
        .map(i -> network.infer(test.images()[i]).predictedClass())
        .toArray();
  }

  static String toolName() {
    String version = TrainCommandSupport.class.getPackage().getImplementationVersion();
    return "bwn " + (version == null ? "dev" : version);
  }
}
