package dev.bwn.trainer;

import java.nio.file.Path;

/**
 * Everything that determines a training run. Two runs with equal options (and the same machine
 * thread count) produce the same weights; {@code resume} continues the run stored in
 * {@code outDir} instead of starting over.
 *
 * @param architecture one of {@link Architectures#names()}
 * @param dataset {@code mnist}, {@code fashion-mnist} or a folder of IDX / CIFAR-10 files
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
    int groupSize) {

  public TrainOptions {
    Architectures.layers(architecture, 10);
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
    }
    if (activationBits < 2 || activationBits > 16) {
      throw new IllegalArgumentException("activation bits must be 2..16, got " + activationBits);
    }
    if (augmentShift < 0 || augmentShift > 8) {
      throw new IllegalArgumentException("augment shift must be 0..8 pixels, got " + augmentShift);
    }
    if (binaryTailFraction < 0 || binaryTailFraction >= 1) {
      throw new IllegalArgumentException("binary tail fraction must be in [0, 1), got " + binaryTailFraction);
    }
    if (groupSize < 0 || groupSize == 1) {
      // A group of one weight normalizes it to exactly +-1: w = sign(theta) from the first step
      // and a zero gradient, so nothing would train.
      throw new IllegalArgumentException("group size must be 0 (whole fan-in) or at least 2, got " + groupSize);
    }
    if (calibrationImages < 1) {
      throw new IllegalArgumentException("calibration images must be positive, got " + calibrationImages);
    }
  }

  /** The options as text properties, for {@code options.properties} in the run folder. */
  public java.util.Properties toProperties() {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("architecture", architecture);
    p.setProperty("dataset", dataset);
    p.setProperty("method", method.spelling());
    p.setProperty("epochs", Integer.toString(epochs));
    p.setProperty("seed", Long.toString(seed));
    p.setProperty("batchSize", Integer.toString(batchSize));
    p.setProperty("learningRate", Double.toString(learningRate));
    p.setProperty("momentum", Double.toString(momentum));
    p.setProperty("nesterov", Boolean.toString(nesterov));
    p.setProperty("weightDecay", Double.toString(weightDecay));
    p.setProperty("activationBits", Integer.toString(activationBits));
    p.setProperty("augmentShift", Integer.toString(augmentShift));
    p.setProperty("binaryTailFraction", Double.toString(binaryTailFraction));
    p.setProperty("fullPrecisionEnds", Boolean.toString(fullPrecisionEnds));
    p.setProperty("trainLimit", Integer.toString(trainLimit));
    p.setProperty("testLimit", Integer.toString(testLimit));
    p.setProperty("calibrationImages", Integer.toString(calibrationImages));
    p.setProperty("groupSize", Integer.toString(groupSize));
    return p;
  }

  /** Options read back from {@link #toProperties()}; output folder, resume flag and display come from the caller. */
  public static Builder fromProperties(java.util.Properties p) {
    try {
      return builder()
          .architecture(p.getProperty("architecture"))
          .dataset(p.getProperty("dataset"))
          .method(Method.parse(p.getProperty("method")))
          .epochs(Integer.parseInt(p.getProperty("epochs")))
          .seed(Long.parseLong(p.getProperty("seed")))
          .batchSize(Integer.parseInt(p.getProperty("batchSize")))
          .learningRate(Double.parseDouble(p.getProperty("learningRate")))
          .momentum(Double.parseDouble(p.getProperty("momentum")))
          .nesterov(Boolean.parseBoolean(p.getProperty("nesterov")))
          .weightDecay(Double.parseDouble(p.getProperty("weightDecay")))
          .activationBits(Integer.parseInt(p.getProperty("activationBits")))
          .augmentShift(Integer.parseInt(p.getProperty("augmentShift")))
          .binaryTailFraction(Double.parseDouble(p.getProperty("binaryTailFraction")))
          .fullPrecisionEnds(Boolean.parseBoolean(p.getProperty("fullPrecisionEnds")))
          .trainLimit(Integer.parseInt(p.getProperty("trainLimit")))
          .testLimit(Integer.parseInt(p.getProperty("testLimit")))
          .calibrationImages(Integer.parseInt(p.getProperty("calibrationImages")))
          // Absent in run folders written before the setting existed: those used the whole fan-in.
          .groupSize(Integer.parseInt(p.getProperty("groupSize", "0")));
    } catch (NullPointerException | NumberFormatException e) {
      throw new IllegalArgumentException("incomplete or malformed run options: " + e.getMessage(), e);
    }
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
    return b;
  }

  /** Defaults follow the recipe in docs/METHOD.md. */
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

    public TrainOptions build() {
      return new TrainOptions(architecture, dataset, method, epochs, seed, outDir, resume, batchSize,
          learningRate, momentum, nesterov, weightDecay, activationBits, augmentShift,
          binaryTailFraction, fullPrecisionEnds, trainLimit, testLimit, calibrationImages, cacheDir,
          progressBar, groupSize);
    }
  }
}
