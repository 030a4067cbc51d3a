package dev.bwn.trainer;

import dev.bwn.model.data.LabeledImages;
import dev.bwn.model.data.Shuffle;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The training loop: momentum SGD with a cosine learning rate and L2 on the weight parameters,
 * written out by hand (rather than SameDiff's fit) so that the STE update, the sharpening exponent
 * and the optimizer state are explicit and can be checkpointed exactly.
 */
final class Trainer {
  private final TrainOptions options;
  private final Model model;
  private final LabeledImages train;
  private final LabeledImages test;
  private final PrintStream log;
  private final Map<String, INDArray> velocity = new LinkedHashMap<>();
  private final List<EpochMetrics> history = new ArrayList<>();
  private int epochsCompleted;
  private double elapsedBefore;

  Trainer(TrainOptions options, Model model, LabeledImages train, LabeledImages test, PrintStream log) {
    this.options = options;
    this.model = model;
    this.train = train;
    this.test = test;
    this.log = log;
    for (String name : model.trainableNames()) {
      velocity.put(name, Nd4j.zerosLike(model.array(name)));
    }
  }

  int stepsPerEpoch() {
    return (train.size() + options.batchSize() - 1) / options.batchSize();
  }

  List<EpochMetrics> history() {
    return history;
  }

  int epochsCompleted() {
    return epochsCompleted;
  }

  /** Runs epochs until {@code options.epochs()} are done or {@code stopAfter} epochs ran in this call. */
  void run(int stopAfter) throws IOException {
    int ran = 0;
    while (epochsCompleted < options.epochs() && ran < stopAfter) {
      EpochMetrics metrics = runEpoch(epochsCompleted);
      history.add(metrics);
      epochsCompleted++;
      ran++;
      log.println(describe(metrics));
      // The checkpoint is the record of progress; metrics.csv and curves.png are drawn from it,
      // and a resume redraws them (writeProgress) if a crash came in between.
      checkpoint().write(options.outDir());
      writeProgress();
    }
  }

  /** metrics.csv and curves.png for the epochs done. */
  void writeProgress() throws IOException {
    if (!history.isEmpty()) {
      RunFiles.writeMetrics(options.outDir(), history);
      RunFiles.writeCurves(options.outDir(), history, options);
    }
  }

  private String describe(EpochMetrics m) {
    return String.format(Locale.ROOT,
        "epoch %3d/%d  loss %.4f  train %.2f%%  test %.2f%% (binary %.2f%%)  lr %.4f  alpha %.3f  %.0f img/s  %s  peak RSS %.0f MiB",
        m.epoch(), options.epochs(), m.trainLoss(), 100 * m.trainAccuracy(), 100 * m.testAccuracyTrainingMode(),
        100 * m.testAccuracyBinary(), m.learningRate(), m.alpha(), m.imagesPerSecond(),
        RunFiles.duration(m.elapsedSeconds()), m.peakResidentMiB());
  }

  private EpochMetrics runEpoch(int epoch) {
    long start = System.nanoTime();
    int steps = stepsPerEpoch();
    long totalSteps = (long) steps * options.epochs();
    int[] order = Shuffle.epochPermutation(train.size(), options.seed(), epoch);
    SplittableRandom augmentation = new SplittableRandom(options.seed() * 1_000_003L + epoch);
    double lossSum = 0;
    long correct = 0;
    double lr = 0;
    double alpha = 1;
    ProgressBar bar = options.progressBar() && System.console() != null
        ? new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, options.epochs()))
            .setInitialMax(steps).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
            .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build()
        : null;
    try {
      for (int s = 0; s < steps; s++) {
        long iteration = (long) epoch * steps + s;
        double progress = (double) iteration / totalSteps;
        lr = Schedules.cosineLearningRate(options.learningRate(), progress);
        alpha = Schedules.sharpeningExponent(progress, options.binaryTailFraction());
        int from = s * options.batchSize();
        int to = Math.min(train.size(), from + options.batchSize());
        StepResult result = step(order, from, to, lr, alpha, augmentation);
        lossSum += result.loss * (to - from);
        correct += result.correct;
        if (bar != null) {
          bar.step();
          bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", lossSum / to));
        } else if (options.progressBar() && (s + 1) % Math.max(1, steps / 4) == 0 && s + 1 < steps) {
          // No terminal (e.g. a run logging to a file): a line per quarter epoch instead of a bar.
          log.printf(Locale.ROOT, "  epoch %d: %d/%d steps, loss %.4f, %.0f img/s%n", epoch + 1, s + 1, steps,
              lossSum / to, to / ((System.nanoTime() - start) / 1e9));
        }
      }
    } finally {
      if (bar != null) {
        bar.close();
      }
    }
    double trainSeconds = (System.nanoTime() - start) / 1e9;
    long evalStart = System.nanoTime();
    double[] accuracies = evaluate(alpha);
    double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
    double elapsed = elapsedBefore + (System.nanoTime() - start) / 1e9;
    elapsedBefore = elapsed;
    return new EpochMetrics(epoch + 1, lr, hasGroup() ? alpha : Double.NaN,
        lossSum / train.size(), (double) correct / train.size(), accuracies[0], accuracies[1],
        trainSeconds, evalSeconds, train.size() / trainSeconds, elapsed, ResidentMemory.peakMiB());
  }

  private boolean hasGroup() {
    for (Method m : model.methods) {
      if (m == Method.GROUP) {
        return true;
      }
    }
    return false;
  }

  /** Test accuracy in training mode and with exactly binary weights, each with recalibrated batch norm. */
  double[] evaluate(double alpha) {
    List<INDArray> hard = model.hardWeights();
    BnStatistics hardStats = Evaluator.calibrate(model, hard, train, options.calibrationImages());
    double binary = Evaluator.accuracy(Evaluator.predict(model, hard, hardStats, test), test);
    boolean trainingModeIsBinary = !hasGroup() && !java.util.Arrays.asList(model.methods).contains(Method.FP);
    if (trainingModeIsBinary) {
      return new double[] {binary, binary};
    }
    List<INDArray> soft = model.trainingModeWeights(alpha);
    BnStatistics softStats = Evaluator.calibrate(model, soft, train, options.calibrationImages());
    double trainingMode = Evaluator.accuracy(Evaluator.predict(model, soft, softStats, test), test);
    return new double[] {trainingMode, binary};
  }

  private record StepResult(double loss, int correct) {}

  private StepResult step(int[] order, int from, int to, double lr, double alpha, SplittableRandom augmentation) {
    int[] labels = new int[to - from];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = train.labels()[order[from + i]];
    }
    try (INDArray features = Batches.features(train, order, from, to, options.augmentShift(), augmentation);
        ExplicitBackprop.Pass pass = model.backprop.run(model, features, labels, alpha)) {
      Map<String, INDArray> gradients = pass.gradients();
      for (int k = 0; k < model.plan.weighted.size(); k++) {
        String thetaName = Graphs.theta(k);
        INDArray gradient = gradients.get(thetaName);
        if (model.methods[k] == Method.STE) {
          // BinaryConnect: the gradient w.r.t. sign(theta) is applied to theta where |theta| <= 1.
          INDArray latent = model.steLatent[k];
          try (INDArray magnitude = Transforms.abs(latent, true); INDArray inside = magnitude.lte(1.0);
              INDArray mask = inside.castTo(DataType.FLOAT)) {
            gradient.muli(mask);
          }
          axpy(options.weightDecay(), latent, gradient);
          applyMomentum(thetaName, latent, gradient, lr);
          Transforms.min(Transforms.max(latent, -1.0, false), 1.0, false);
          try (INDArray signs = Model.hardSign(latent)) {
            model.array(thetaName).assign(signs);
          }
        } else {
          INDArray theta = model.array(thetaName);
          axpy(options.weightDecay(), theta, gradient);
          applyMomentum(thetaName, theta, gradient, lr);
        }
        applyMomentum(Graphs.gamma(k), model.array(Graphs.gamma(k)), gradients.get(Graphs.gamma(k)), lr);
        applyMomentum(Graphs.beta(k), model.array(Graphs.beta(k)), gradients.get(Graphs.beta(k)), lr);
      }
      int correct = 0;
      for (int i = 0; i < labels.length; i++) {
        if (pass.predicted()[i] == labels[i]) {
          correct++;
        }
      }
      return new StepResult(pass.loss(), correct);
    }
  }

  /**
   * v = mu v + g; p -= lr (g + mu v) with Nesterov, p -= lr v without. In place ({@code gradient} is
   * overwritten): no array is allocated per step.
   */
  private void applyMomentum(String name, INDArray parameter, INDArray gradient, double lr) {
    INDArray v = velocity.get(name);
    v.muli(options.momentum()).addi(gradient);
    if (options.nesterov()) {
      axpy(options.momentum(), v, gradient);
      axpy(-lr, gradient, parameter);
    } else {
      axpy(-lr, v, parameter);
    }
  }

  /** y += a x in place. */
  private static void axpy(double a, INDArray x, INDArray y) {
    Nd4j.getBlasWrapper().level1().axpy(x.length(), a, x, y);
  }

  Checkpoint checkpoint() {
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    for (String name : model.trainableNames()) {
      arrays.put("param/" + name, model.array(name));
      arrays.put("velocity/" + name, velocity.get(name));
    }
    for (int k = 0; k < model.steLatent.length; k++) {
      if (model.steLatent[k] != null) {
        arrays.put("latent/" + k, model.steLatent[k]);
      }
    }
    List<EpochMetrics> rows = List.copyOf(history);
    return new Checkpoint(RunOptionsFile.fingerprint(options), epochsCompleted, arrays, rows);
  }

  /**
   * Continues from {@code checkpoint}, which must come from a run with these options and this model: anything else is
   * a {@link TrainingInputException} naming the checkpoint file.
   */
  void restore(Checkpoint checkpoint) {
    Path file = options.outDir().resolve(Checkpoint.FILE);
    String expected = RunOptionsFile.fingerprint(options);
    if (!checkpoint.optionsFingerprint().equals(expected)) {
      throw new TrainingInputException(file + " was made with other options than "
          + options.outDir().resolve(RunOptionsFile.NAME) + " gives (" + firstDifference(checkpoint.optionsFingerprint(), expected)
          + "); resume needs the options the run started with");
    }
    Map<String, INDArray> current = checkpoint().arrays();
    if (!current.keySet().equals(checkpoint.arrays().keySet())) {
      throw new TrainingInputException(file + " holds arrays " + checkpoint.arrays().keySet()
          + " but this model has " + current.keySet());
    }
    for (Map.Entry<String, INDArray> entry : current.entrySet()) {
      INDArray stored = checkpoint.arrays().get(entry.getKey());
      if (!Arrays.equals(stored.shape(), entry.getValue().shape())) {
        throw new TrainingInputException(file + ": " + entry.getKey() + " has shape " + Arrays.toString(stored.shape())
            + ", the model needs " + Arrays.toString(entry.getValue().shape()));
      }
    }
    if (checkpoint.epochsCompleted() > options.epochs()) {
      throw new TrainingInputException(file + ": " + checkpoint.epochsCompleted() + " epochs done of "
          + options.epochs());
    }
    for (Map.Entry<String, INDArray> entry : checkpoint.arrays().entrySet()) {
      String[] parts = entry.getKey().split("/", 2);
      switch (parts[0]) {
        case "param" -> model.array(parts[1]).assign(entry.getValue());
        case "velocity" -> velocity.get(parts[1]).assign(entry.getValue());
        case "latent" -> model.steLatent[Integer.parseInt(parts[1])].assign(entry.getValue());
        default -> throw new IllegalStateException("unknown checkpoint entry " + entry.getKey());
      }
    }
    epochsCompleted = checkpoint.epochsCompleted();
    history.clear();
    history.addAll(checkpoint.history());
    elapsedBefore = history.isEmpty() ? 0 : history.get(history.size() - 1).elapsedSeconds();
  }

  /** "learningRate=0.1 in the checkpoint, learningRate=0.05 now": the first line that differs. */
  private static String firstDifference(String stored, String now) {
    List<String> a = stored.lines().toList();
    List<String> b = now.lines().toList();
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      String x = i < a.size() ? a.get(i) : "nothing";
      String y = i < b.size() ? b.get(i) : "nothing";
      if (!x.equals(y)) {
        return RunOptionsFile.oneLine(x) + " in the checkpoint, " + RunOptionsFile.oneLine(y) + " now";
      }
    }
    return "no line differs";
  }

  Model model() {
    return model;
  }
}
