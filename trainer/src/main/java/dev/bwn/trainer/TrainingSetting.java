package dev.bwn.trainer;

/**
 * Every numeric training option with its range, declared once: {@link TrainOptions} checks its values with these,
 * the run options file reports them under {@link #key()}, and the command line (picocli converters) under
 * {@link #option()}. The seed takes any 64-bit integer and is not listed.
 */
public enum TrainingSetting {
  EPOCHS("--epochs", "epochs", ValueRange.integers(1, 100_000)),
  BATCH_SIZE("--batch", "batchSize", ValueRange.integers(1, 65_536)),
  LEARNING_RATE("--lr", "learningRate", ValueRange.reals(0, false, 10, true)),
  MOMENTUM("--momentum", "momentum", ValueRange.reals(0, true, 1, false)),
  WEIGHT_DECAY("--weight-decay", "weightDecay", ValueRange.reals(0, true, 1, false)),
  ACTIVATION_BITS("--activation-bits", "activationBits", ValueRange.integers(2, 16)),
  AUGMENT_SHIFT("--augment-shift", "augmentShift", ValueRange.integers(0, 8)),
  BINARY_TAIL("--binary-tail", "binaryTailFraction", ValueRange.reals(0, true, 1, false)),
  GROUP_SIZE("--group-size", "groupSize", ValueRange.integers(0, 1 << 20)),
  CALIBRATION_IMAGES("--calibration-images", "calibrationImages", ValueRange.integers(1, Integer.MAX_VALUE)),
  TRAIN_LIMIT("--train-limit", "trainLimit", ValueRange.integers(0, Integer.MAX_VALUE)),
  TEST_LIMIT("--test-limit", "testLimit", ValueRange.integers(0, Integer.MAX_VALUE));

  private final String option;
  private final String key;
  private final ValueRange range;

  TrainingSetting(String option, String key, ValueRange range) {
    this.option = option;
    this.key = key;
    this.range = range;
  }

  /** The command-line option, e.g. {@code --lr}. */
  public String option() {
    return option;
  }

  /** The name in {@code options.properties} and in {@link TrainOptions}, e.g. {@code learningRate}. */
  public String key() {
    return key;
  }

  public ValueRange range() {
    return range;
  }

  /** The allowed values as --help states them: "1..100000", "(0, 10]", "0 or 2..1048576". */
  public String bounds() {
    return this == GROUP_SIZE ? "0 or 2.." + (long) range.max() : range.bounds();
  }

  /** Null when {@code value} is allowed, else why not (without the option's name). */
  public String problem(double value) {
    if (this == GROUP_SIZE && value == 1) {
      // A group of one weight normalizes it to exactly +-1: w = sign(theta) from the first step
      // and a zero gradient, so nothing would train.
      return "must be 0 (each output channel's whole fan-in) or at least 2, got 1";
    }
    return range.problem(value);
  }

  /** Throws {@link IllegalArgumentException} "key: problem" when {@code value} is not allowed. */
  void check(double value) {
    String problem = problem(value);
    if (problem != null) {
      throw new IllegalArgumentException(key + ": " + problem);
    }
  }
}
