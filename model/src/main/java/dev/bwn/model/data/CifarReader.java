package dev.bwn.model.data;

import dev.bwn.model.Limits;
import dev.bwn.model.io.InputFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CIFAR-10 and CIFAR-100 "binary versions". A CIFAR-10 record is one label byte followed by 3072 pixel
 * bytes, 1024 red, then 1024 green, then 1024 blue, each plane row-major: already CHW, our layout. Training files
 * are {@code data_batch_1.bin} .. {@code data_batch_5.bin}, the test file is {@code test_batch.bin}. A CIFAR-100
 * record has two label bytes, the coarse label (20 superclasses) then the fine one (100 classes), before the same
 * pixels; its files are {@code train.bin} and {@code test.bin}.
 */
public final class CifarReader {
  public static final int CHANNELS = 3;
  public static final int SIDE = 32;
  public static final int CLASSES = 10;
  private static final int PIXELS = CHANNELS * SIDE * SIDE;

  /** One of the binary formats: its files, label bytes per record, which label byte is used, and the class count. */
  public enum Format {
    CIFAR10("cifar10", List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
        "data_batch_5.bin"), "test_batch.bin", 1, 0, 10),
    CIFAR100_FINE("cifar100", List.of("train.bin"), "test.bin", 2, 1, 100),
    CIFAR100_COARSE("cifar100-coarse", List.of("train.bin"), "test.bin", 2, 0, 20);

    final String label;
    final List<String> trainFiles;
    final String testFile;
    final int labelBytes;
    final int labelIndex;
    final int classes;

    Format(String label, List<String> trainFiles, String testFile, int labelBytes, int labelIndex, int classes) {
      this.label = label;
      this.trainFiles = trainFiles;
      this.testFile = testFile;
      this.labelBytes = labelBytes;
      this.labelIndex = labelIndex;
      this.classes = classes;
    }

    int recordBytes() {
      return labelBytes + PIXELS;
    }
  }

  private CifarReader() {}

  /** True when {@code dir} holds CIFAR-10 binary batches for the split. */
  public static boolean looksLikeCifar10(Path dir) {
    return Files.isRegularFile(dir.resolve("test_batch.bin"))
        || Files.isRegularFile(dir.resolve("data_batch_1.bin"));
  }

  /** True when {@code dir} holds the CIFAR-100 binary files. */
  public static boolean looksLikeCifar100(Path dir) {
    return Files.isRegularFile(dir.resolve("train.bin")) || Files.isRegularFile(dir.resolve("test.bin"));
  }

  public static LabeledImages load(Path dir, Split split) {
    return load(dir, split, Format.CIFAR10);
  }

  public static LabeledImages load(Path dir, Split split, Format format) {
    List<Path> files = new ArrayList<>();
    for (String name : split == Split.TEST ? List.of(format.testFile) : format.trainFiles) {
      files.add(dir.resolve(name));
    }
    // Every batch's size is checked, and the whole split against the memory limit, before any image is read.
    long records = 0;
    for (Path file : files) {
      records += records(file, format);
    }
    long needed = Limits.imageBytes(records, PIXELS);
    if (needed > Limits.DATASET_BYTES) {
      throw new DatasetException(dir + ": the " + format.label + " " + split.name().toLowerCase(java.util.Locale.ROOT)
          + " files hold " + records + " images, which need " + Limits.bytes(needed) + " in memory, above the limit of "
          + Limits.bytes(Limits.DATASET_BYTES));
    }
    List<int[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (Path file : files) {
      readBatch(file, format, images, labels);
    }
    int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
    return new LabeledImages(
        format.label, CHANNELS, SIDE, SIDE, format.classes, images.toArray(new int[0][]), labelArray);
  }

  /** Records in a batch file, from its size: a positive multiple of the record size within the dataset limit. */
  private static long records(Path file, Format format) {
    if (!Files.exists(file)) {
      throw new DatasetException(file + ": no such " + format.label + " file");
    }
    long size = InputFiles.checkedSize(file, Limits.DATASET_BYTES);
    if (size == 0 || size % format.recordBytes() != 0) {
      throw new DatasetException(
          file + ": size " + size + " is not a positive multiple of the " + format.recordBytes()
              + "-byte " + format.label + " record");
    }
    return size / format.recordBytes();
  }

  static void readBatch(Path file, Format format, List<int[]> images, List<Integer> labels) {
    long records = records(file, format);
    int recordBytes = format.recordBytes();
    byte[] record = new byte[recordBytes];
    try (InputStream in = new BufferedInputStream(InputFiles.open(file, Limits.DATASET_BYTES), 1 << 16)) {
      for (long r = 0; r < records; r++) {
        if (in.readNBytes(record, 0, recordBytes) < recordBytes) {
          throw new DatasetException(file + ": record " + r + " is truncated (the file shrank while it was read)");
        }
        int label = record[format.labelIndex] & 0xFF;
        if (label >= format.classes) {
          throw new DatasetException(file + ": record " + r + " has label " + label + ", expected 0.."
              + (format.classes - 1));
        }
        int[] image = new int[PIXELS];
        for (int p = 0; p < PIXELS; p++) {
          image[p] = record[format.labelBytes + p] & 0xFF;
        }
        images.add(image);
        labels.add(label);
      }
    } catch (IOException e) {
      throw new DatasetException(file + ": cannot read " + format.label + " file: " + e.getMessage(), e);
    }
  }
}
