package dev.bwn.trainer;

import dev.bwn.model.data.Dataset;
import dev.bwn.model.data.LabeledImages;
import dev.bwn.model.data.MnistFetcher;
import dev.bwn.model.data.Split;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The images a run trains and tests on, and the fingerprint that ties a run folder to them.
 *
 * @param train the training split, cut to {@code trainLimit}
 * @param test the test split, cut to {@code testLimit}
 * @param sha256 SHA-256 over both whole splits as decoded (shape, pixels, labels): the same for the same data
 *     whatever the file layout (IDX or .gz), different as soon as one pixel or label differs
 */
record TrainingData(LabeledImages train, LabeledImages test, String sha256) {

  /** Loads the splits of {@code options.dataset()} once and fingerprints them. */
  static TrainingData load(TrainOptions options) {
    Path cache = options.cacheDir() == null ? MnistFetcher.defaultCacheDir() : options.cacheDir();
    LabeledImages train = Dataset.load(options.dataset(), Split.TRAIN, cache);
    LabeledImages test = Dataset.load(options.dataset(), Split.TEST, cache);
    if (train.channels() != test.channels() || train.height() != test.height() || train.width() != test.width()) {
      throw new TrainingInputException("dataset " + options.dataset() + ": training images are " + train.channels() + "x"
          + train.height() + "x" + train.width() + " but test images " + test.channels() + "x" + test.height() + "x"
          + test.width());
    }
    // A split need not hold every class (a small test split may lack the last): the count is the larger one.
    int classes = Math.max(train.classes(), test.classes());
    if (classes < Dataset.MIN_CLASSES || classes > Dataset.MAX_CLASSES) {
      throw new TrainingInputException("dataset " + options.dataset() + ": labels make " + classes + " classes; bwn trains "
          + Dataset.MIN_CLASSES + ".." + Dataset.MAX_CLASSES);
    }
    train = train.withClasses(classes);
    test = test.withClasses(classes);
    String sha256 = sha256(train, test);
    if (options.trainLimit() > 0) {
      train = train.head(options.trainLimit());
    }
    if (options.testLimit() > 0) {
      test = test.head(options.testLimit());
    }
    for (LabeledImages split : new LabeledImages[] {train, test}) {
      if (split.size() == 0) {
        throw new TrainingInputException("dataset " + options.dataset() + ": the "
            + (split == train ? "training" : "test") + " split holds no images");
      }
    }
    return new TrainingData(train, test, sha256);
  }

  /**
   * Image shape and class count {channels, height, width, classes} of {@code dataset} for a dry run: fixed for
   * mnist and fashion-mnist (1x28x28, 10) and for the names cifar10 and cifar100 (3x32x32, 10 or 100 classes;
   * names of shapes only, not of data bwn can fetch), read from the training split of a folder.
   */
  static int[] shape(String dataset, Path cacheDir) {
    switch (dataset) {
      case Dataset.MNIST, Dataset.FASHION_MNIST:
        return new int[] {1, 28, 28, 10};
      case "cifar10":
        return new int[] {3, 32, 32, 10};
      case "cifar100":
        return new int[] {3, 32, 32, 100};
      default:
        LabeledImages train = Dataset.load(dataset, Split.TRAIN, cacheDir == null ? MnistFetcher.defaultCacheDir() : cacheDir);
        return new int[] {train.channels(), train.height(), train.width(), train.classes()};
    }
  }

  /** {@code mnist} and {@code fashion-mnist} name fixed data; anything else is a folder. */
  static boolean isNamed(String dataset) {
    return dataset.equals(Dataset.MNIST) || dataset.equals(Dataset.FASHION_MNIST);
  }

  /**
   * The dataset as a run stores it: a name stays a name, a folder becomes its absolute path, so that a run resumed
   * from another working directory reads the same folder.
   */
  static String canonical(String dataset) {
    if (isNamed(dataset)) {
      return dataset;
    }
    boolean coarse = dataset.endsWith(Dataset.COARSE_SUFFIX);
    String folder = coarse ? dataset.substring(0, dataset.length() - Dataset.COARSE_SUFFIX.length()) : dataset;
    return Path.of(folder).toAbsolutePath().normalize() + (coarse ? Dataset.COARSE_SUFFIX : "");
  }

  /** A short label for model names: the dataset's name, or its folder's name. */
  static String label(String dataset) {
    if (isNamed(dataset)) {
      return dataset;
    }
    Path name = Path.of(dataset.replace(Dataset.COARSE_SUFFIX, "")).getFileName();
    return name == null ? "dataset" : name.toString() + (dataset.endsWith(Dataset.COARSE_SUFFIX) ? "-coarse" : "");
  }

  static String sha256(LabeledImages... splits) {
    MessageDigest digest = Sha256.digest();
    for (LabeledImages split : splits) {
      digest.update(ByteBuffer.allocate(5 * Integer.BYTES).putInt(split.channels()).putInt(split.height())
          .putInt(split.width()).putInt(split.classes()).putInt(split.size()).array());
      byte[] pixels = new byte[split.pixelsPerImage()];
      for (int[] image : split.images()) {
        for (int i = 0; i < pixels.length; i++) {
          pixels[i] = (byte) image[i];
        }
        digest.update(pixels);
      }
      ByteBuffer labels = ByteBuffer.allocate(split.size() * Integer.BYTES);
      for (int label : split.labels()) {
        labels.putInt(label);
      }
      digest.update(labels.array());
    }
    return Sha256.hex(digest);
  }
}
