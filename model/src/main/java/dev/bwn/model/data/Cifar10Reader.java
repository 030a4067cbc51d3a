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
 * Reads the CIFAR-10 "binary version": each record is one label byte followed by 3072 pixel bytes,
 * 1024 red, then 1024 green, then 1024 blue, each plane row-major. That is already CHW, our layout.
 * Training files are {@code data_batch_1.bin} .. {@code data_batch_5.bin}, the test file is
 * {@code test_batch.bin}.
 */
public final class Cifar10Reader {
  public static final int CHANNELS = 3;
  public static final int SIDE = 32;
  public static final int CLASSES = 10;
  private static final int PIXELS = CHANNELS * SIDE * SIDE;
  private static final int RECORD_BYTES = 1 + PIXELS;

  private Cifar10Reader() {}

  /** True when {@code dir} holds CIFAR-10 binary batches for the split. */
  public static boolean looksLikeCifar10(Path dir) {
    return Files.isRegularFile(dir.resolve("test_batch.bin"))
        || Files.isRegularFile(dir.resolve("data_batch_1.bin"));
  }

  public static LabeledImages load(Path dir, Split split) {
    List<Path> files = new ArrayList<>();
    if (split == Split.TEST) {
      files.add(dir.resolve("test_batch.bin"));
    } else {
      for (int i = 1; i <= 5; i++) {
        files.add(dir.resolve("data_batch_" + i + ".bin"));
      }
    }
    // Every batch's size is checked, and the whole split against the memory limit, before any image is read.
    long records = 0;
    for (Path file : files) {
      records += records(file);
    }
    long needed = Limits.imageBytes(records, PIXELS);
    if (needed > Limits.DATASET_BYTES) {
      throw new DatasetException(dir + ": the CIFAR-10 " + split.name().toLowerCase(java.util.Locale.ROOT) + " batches hold "
          + records + " images, which need " + Limits.bytes(needed) + " in memory, above the limit of "
          + Limits.bytes(Limits.DATASET_BYTES));
    }
    List<int[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (Path file : files) {
      readBatch(file, images, labels);
    }
    int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
    return new LabeledImages(
        "cifar10", CHANNELS, SIDE, SIDE, CLASSES, images.toArray(new int[0][]), labelArray);
  }

  /** Records in a batch file, from its size: a positive multiple of the record size within the dataset limit. */
  private static long records(Path file) {
    if (!Files.exists(file)) {
      throw new DatasetException(file + ": no such CIFAR-10 batch file");
    }
    long size = InputFiles.checkedSize(file, Limits.DATASET_BYTES);
    if (size == 0 || size % RECORD_BYTES != 0) {
      throw new DatasetException(
          file + ": size " + size + " is not a positive multiple of the " + RECORD_BYTES
              + "-byte CIFAR-10 record");
    }
    return size / RECORD_BYTES;
  }

  static void readBatch(Path file, List<int[]> images, List<Integer> labels) {
    long records = records(file);
    byte[] record = new byte[RECORD_BYTES];
    try (InputStream in = new BufferedInputStream(InputFiles.open(file, Limits.DATASET_BYTES), 1 << 16)) {
      for (long r = 0; r < records; r++) {
        if (in.readNBytes(record, 0, RECORD_BYTES) < RECORD_BYTES) {
          throw new DatasetException(file + ": record " + r + " is truncated (the file shrank while it was read)");
        }
        int label = record[0] & 0xFF;
        if (label >= CLASSES) {
          throw new DatasetException(file + ": record " + r + " has label " + label + ", expected 0..9");
        }
        int[] image = new int[PIXELS];
        for (int p = 0; p < PIXELS; p++) {
          image[p] = record[1 + p] & 0xFF;
        }
        images.add(image);
        labels.add(label);
      }
    } catch (IOException e) {
      throw new DatasetException(file + ": cannot read CIFAR-10 batch: " + e.getMessage(), e);
    }
  }
}
