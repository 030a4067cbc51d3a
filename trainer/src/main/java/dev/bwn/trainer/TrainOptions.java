package dev.bwn.trainer;

import java.nio.file.Path;

/**
 * Everything that determines a training run. Two runs with equal options (and the same machine
 * thread count) produce the same weights; {@code resume} continues the run stored in
 * {@code outDir} instead of starting over.
 *
 * @param architecture a built-in name ({@link Architectures#names()}) or a description file (stored as its
 *     absolute path, see {@link Architectures#canonical})
 * @param dataset {@code mnist}, {@code fashion-mnist} or a folder of IDX / CIFAR-10 files (stored as its
 *     absolute path, see {@link TrainingData#canonical})
 * @param method how weights are binarized during training
 * @param epochs passes over the training set
 * @param seed seeds initialization, shuffling and augmentation
 * @param outDir where checkpoints, metrics.csv, curves.png and model.bwn.json go
 * @param resume continue from the checkpoint in {@code outDir}
 * @param batchSize images per step
 * @param learningRate peak learning rate of the cosine schedule
 * @param momentum SGD momentum
 * @param nesterov Nesterov momentum instead of heavy ball
 * @param weightDecay L2 coefficient on the weight parameters (not on batch-norm parameters)
 * @param activationBits width of the unsigned hidden activations of the exported model
 * @param augmentShift random translation of training images by up to this many pixels (0 = none)
 * @param binaryTailFraction last fraction of training run with exactly binary weights (group
 *     method: the sharpening exponent reaches 0 there)
 * @param fullPrecisionEnds keep the first and last weighted layers in full precision (comparison
 *     only: such a model cannot be exported without binarizing them)
 * @param trainLimit use only the first N training images (0 = all), for tests and smoke runs
 * @param testLimit use only the first N test images (0 = all)
 * @param calibrationImages training images used to estimate batch-norm population statistics
 * @param cacheDir dataset cache, or null for the default
 * @param progressBar draw a progress bar on the terminal
 * @param groupSize weights per group of the group transform: 0 = each output channel's whole
 *     fan-in (the default); G > 0 = consecutive runs of G weights within each output channel's
 *     fan-in, in the (inChannel, ky, kx) order of SEMANTICS.md, the last run shorter when G does
 *     not divide the fan-in (docs/METHOD.md); 1 is rejected (every weight would be its own
 *     sign, with zero gradient)
 * @param datasetSha256 fingerprint of the data ({@link TrainingData#sha256}), or null until the run has loaded
 *     them; a resumed run must find the same
 * @param architectureSha256 SHA-256 of the architecture's description file ({@link Architectures.Architecture#sha256}),
 *     or null until the run has resolved it; a resumed run must find the same
 */
public record TrainOptions(
    String architecture,
    String dataset,
    Method method,
    int epochs,
    long seed,
    Path outDir,
    boolean resume,
    int batchSize,
    double learningRate,
    double momentum,
    boolean nesterov,
    double weightDecay,
    int activationBits,
    int augmentShift,
    double binaryTailFraction,
    boolean fullPrecisionEnds,
    int trainLimit,
    int testLimit,
    int calibrationImages,
    Path cacheDir,
    boolean progressBar,
    int groupSize,
    String datasetSha256,
    String architectureSha256) {

  public TrainOptions {
    if (architecture == null || architecture.isBlank()) {
      throw new IllegalArgumentException("architecture: missing");
    }
    architecture = Architectures.canonical(architecture);
    // Resolved now, with a placeholder class count, so that a wrong name or a broken file is refused before any data
    // load, as an IllegalArgumentException like every other option (the message names the file and JSON path).
    try {
      Architectures.layers(architecture, 10);
    } catch (dev.bwn.model.ModelException | dev.bwn.model.io.InputFileException e) {
      throw new IllegalArgumentException("architecture: " + e.getMessage(), e);
    }
    if (method == null) {
      throw new IllegalArgumentException("method: missing");
    }
    if (dataset == null || dataset.isBlank()) {
      throw new IllegalArgumentException("dataset: missing");
    }
    dataset = TrainingData.canonical(dataset);
    if (datasetSha256 != null && !datasetSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("datasetSha256: expected 64 lowercase hex digits, got \"" + datasetSha256 + "\"");
    }
    if (architectureSha256 != null && !architectureSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("architectureSha256: expected 64 lowercase hex digits, got \""
          + architectureSha256 + "\"");
    }
    TrainingSetting.EPOCHS.check(epochs);
    TrainingSetting.BATCH_SIZE.check(batchSize);
    TrainingSetting.LEARNING_RATE.check(learningRate);
    TrainingSetting.MOMENTUM.check(momentum);
    TrainingSetting.WEIGHT_DECAY.check(weightDecay);
    TrainingSetting.ACTIVATION_BITS.check(activationBits);
    TrainingSetting.AUGMENT_SHIFT.check(augmentShift);
    TrainingSetting.BINARY_TAIL.check(binaryTailFraction);
    TrainingSetting.GROUP_SIZE.check(groupSize);
    TrainingSetting.CALIBRATION_IMAGES.check(calibrationImages);
    TrainingSetting.TRAIN_LIMIT.check(trainLimit);
    TrainingSetting.TEST_LIMIT.check(testLimit);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.architecture = architecture;
    b.dataset = dataset;
    b.method = method;
    b.epochs = epochs;
    b.seed = seed;
    b.outDir = outDir;
    b.resume = resume;
    b.batchSize = batchSize;
    b.learningRate = learningRate;
    b.momentum = momentum;
    b.nesterov = nesterov;
    b.weightDecay = weightDecay;
    b.activationBits = activationBits;
    b.augmentShift = augmentShift;
    b.binaryTailFraction = binaryTailFraction;
    b.fullPrecisionEnds = fullPrecisionEnds;
    b.trainLimit = trainLimit;
    b.testLimit = testLimit;
    b.calibrationImages = calibrationImages;
    b.cacheDir = cacheDir;
    b.progressBar = progressBar;
    b.groupSize = groupSize;
    b.datasetSha256 = datasetSha256;
    b.architectureSha256 = architectureSha256;
    return b;
  }

  /** Defaults follow the recipe in docs/METHOD.md; ranges are in {@link TrainingSetting}. */
  public static final class Builder {
    private String architecture = "lenet5";
    private String dataset = "mnist";
    private Method method = Method.GROUP;
    private int epochs = 20;
    private long seed = 1;
    private Path outDir = Path.of("runs", "latest");
    private boolean resume;
    private int batchSize = 128;
    private double learningRate = 0.1;
    private double momentum = 0.9;
    private boolean nesterov = true;
    private double weightDecay = 5e-4;
    private int activationBits = 8;
    private int augmentShift;
    private double binaryTailFraction = 0.1;
    private boolean fullPrecisionEnds;
    private int trainLimit;
    private int testLimit;
    private int calibrationImages = 5000;
    private Path cacheDir;
    private boolean progressBar = true;
    private int groupSize;
    private String datasetSha256;
    private String architectureSha256;

    public Builder architecture(String v) { architecture = v; return this; }
    public Builder dataset(String v) { dataset = v; return this; }
    public Builder method(Method v) { method = v; return this; }
    public Builder epochs(int v) { epochs = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder outDir(Path v) { outDir = v; return this; }
    public Builder resume(boolean v) { resume = v; return this; }
    public Builder batchSize(int v) { batchSize = v; return this; }
    public Builder learningRate(double v) { learningRate = v; return this; }
    public Builder momentum(double v) { momentum = v; return this; }
    public Builder nesterov(boolean v) { nesterov = v; return this; }
    public Builder weightDecay(double v) { weightDecay = v; return this; }
    public Builder activationBits(int v) { activationBits = v; return this; }
    public Builder augmentShift(int v) { augmentShift = v; return this; }
    public Builder binaryTailFraction(double v) { binaryTailFraction = v; return this; }
    public Builder fullPrecisionEnds(boolean v) { fullPrecisionEnds = v; return this; }
    public Builder trainLimit(int v) { trainLimit = v; return this; }
    public Builder testLimit(int v) { testLimit = v; return this; }
    public Builder calibrationImages(int v) { calibrationImages = v; return this; }
    public Builder cacheDir(Path v) { cacheDir = v; return this; }
    public Builder progressBar(boolean v) { progressBar = v; return this; }
    public Builder groupSize(int v) { groupSize = v; return this; }
    public Builder datasetSha256(String v) { datasetSha256 = v; return this; }
    public Builder architectureSha256(String v) { architectureSha256 = v; return this; }

    public TrainOptions build() {
      return new TrainOptions(architecture, dataset, method, epochs, seed, outDir, resume, batchSize,
          learningRate, momentum, nesterov, weightDecay, activationBits, augmentShift,
          binaryTailFraction, fullPrecisionEnds, trainLimit, testLimit, calibrationImages, cacheDir,
          progressBar, groupSize, datasetSha256, architectureSha256);
    }
  }
}
