package dev.bwn.model.data;

import static dev.bwn.model.data.NpyFiles.int64;
import static dev.bwn.model.data.NpyFiles.npy;
import static dev.bwn.model.data.NpyFiles.pixels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Datasets of any class count, on files written by the test: IDX labels of any range, CIFAR-100 fine and coarse
 * labels, NumPy folders (.npy pairs and .npz archives, stored and deflated), and hostile files of each: wrong sizes,
 * truncation, labels out of range, headers claiming billions of images, a wrong dtype, shape or order.
 */
class ClassCountLoadersTest {
  @TempDir Path dir;

  private void writeNpyPair(String split, byte[] images, byte[] labels) throws IOException {
    Files.write(dir.resolve(split + "_images.npy"), images);
    Files.write(dir.resolve(split + "_labels.npy"), labels);
  }

  @Test
  void numpyPairsGiveTheClassCountOfTheLabels() throws IOException {
    writeNpyPair("train", npy("|u1", false, "4, 3, 2, 2", pixels(4, 12)), npy("<i8", false, "4,", int64(0, 41, 7, 3)));
    LabeledImages train = Dataset.load(dir.toString(), Split.TRAIN);
    assertEquals(42, train.classes());
    assertEquals(3, train.channels());
    assertEquals(2, train.height());
    assertArrayEquals(new int[] {0, 41, 7, 3}, train.labels());
    assertEquals(1 + 5, train.images()[1][5], "image 1, pixel 5: CHW as stored");
  }

  @Test
  void numpyArchivesStoredOrDeflatedAndOneChannelShapes() throws IOException {
    for (int method : new int[] {ZipEntry.STORED, ZipEntry.DEFLATED}) {
      writeNpz(dir.resolve("test.npz"), method, npy("|u1", false, "3, 5, 5", pixels(3, 25)),
          npy("<u2", false, "3,", new byte[] {1, 0, 0, 0, (byte) 0xE7, 3}));
      LabeledImages test = Dataset.load(dir.toString(), Split.TEST);
      assertEquals(1, test.channels());
      assertEquals(1000, test.classes(), "labels 1, 0, 999");
      assertArrayEquals(new int[] {1, 0, 999}, test.labels());
    }
  }

  private static void writeNpz(Path file, int method, byte[] images, byte[] labels) throws IOException {
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String name : new String[] {"images.npy", "labels.npy"}) {
        byte[] content = name.startsWith("images") ? images : labels;
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(method);
        if (method == ZipEntry.STORED) {
          java.util.zip.CRC32 crc = new java.util.zip.CRC32();
          crc.update(content);
          entry.setSize(content.length);
          entry.setCompressedSize(content.length);
          entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
      }
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // images: a float dtype, Fortran order, a 2-D shape, a truncated file, a header claiming billions, int16 pixels
      "'<f4' | false | '2, 4'       | 8  | is not an integer type",
      "'|u1' | true  | '2, 1, 2, 2' | 8  | Fortran-order array",
      "'|u1' | false | '2, 4'       | 8  | expected (N, C, H, W) or (N, H, W)",
      "'|u1' | false | '2, 1, 2, 2' | 5  | needs 8 bytes of data, the file holds 5 (truncated)",
      "'|u1' | false | '3000000000, 3, 32, 32' | 8 | needs 9216000000000 bytes of data, the file holds 8",
      "'<i2' | false | '2, 1, 2, 2' | 16 | images must be uint8, not int16",
      "'|u1' | false | '999999999999, 999999999999, 99' | 8 | overflows 64 bits"})
  void hostileImageArraysAreRefused(String descr, boolean fortran, String shape, int bytes, String expected)
      throws IOException {
    writeNpyPair("train", npy(descr, fortran, shape, new byte[bytes]), npy("<i8", false, "2,", int64(0, 1)));
    DatasetException e = assertThrows(DatasetException.class, () -> Dataset.load(dir.toString(), Split.TRAIN));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains("train_images.npy"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "'<i8' | '2,'   | 0,1000 | label 1000 at index 1 is not 0..999",
      "'<i8' | '2,'   | -1,1   | label -1 at index 0 is not 0..999",
      "'<i8' | '3,'   | 0,1,2  | labels of shape (3,); expected (2,), one per image",
      "'<i8' | '2, 1' | 0,1    | labels of shape (2, 1); expected (2,)",
      "'<f8' | '2,'   | 0,1    | is not an integer type"})
  void hostileLabelArraysAreRefused(String descr, String shape, String values, String expected) throws IOException {
    long[] labels = java.util.Arrays.stream(values.split(",")).mapToLong(Long::parseLong).toArray();
    writeNpyPair("train", npy("|u1", false, "2, 1, 2, 2", new byte[8]), npy(descr, false, shape, int64(labels)));
    DatasetException e = assertThrows(DatasetException.class, () -> Dataset.load(dir.toString(), Split.TRAIN));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains("train_labels.npy"), e.getMessage());
  }

  @Test
  void hostileArchivesAndHeadersAreRefused() throws IOException {
    Files.write(dir.resolve("test.npz"), "not a zip".getBytes(StandardCharsets.US_ASCII));
    assertMessage(Split.TEST, "not a readable .npz (zip) archive");
    writeNpz(dir.resolve("test.npz"), ZipEntry.DEFLATED, npy("|u1", false, "1, 1, 1", new byte[1]), new byte[0]);
    assertMessage(Split.TEST, "test.npz!labels.npy: not a .npy file");
    Files.delete(dir.resolve("test.npz"));
    writeNpyPair("test", "\u0093NUMPY\u0009\u0000\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1), new byte[0]);
    assertMessage(Split.TEST, ".npy format version 9");
    byte[] garbled = npy("|u1", false, "1, 1, 1", new byte[1]);
    garbled[12] = 'X';
    writeNpyPair("test", garbled, new byte[0]);
    assertMessage(Split.TEST, ".npy header is not {'descr'");
  }

  private void assertMessage(Split split, String expected) {
    DatasetException e = assertThrows(DatasetException.class, () -> Dataset.load(dir.toString(), split));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  /** CIFAR-100 records: coarse label, fine label, 3072 pixels. */
  private void writeCifar100(String file, int... coarseFine) throws IOException {
    int records = coarseFine.length / 2;
    byte[] bytes = new byte[records * 3074];
    for (int r = 0; r < records; r++) {
      bytes[r * 3074] = (byte) coarseFine[2 * r];
      bytes[r * 3074 + 1] = (byte) coarseFine[2 * r + 1];
      bytes[r * 3074 + 2 + 1023] = (byte) (r + 1);
    }
    Files.write(dir.resolve(file), bytes);
  }

  @Test
  void cifar100HasFineAndCoarseLabels() throws IOException {
    writeCifar100("test.bin", 19, 99, 4, 30);
    LabeledImages fine = Dataset.load(dir.toString(), Split.TEST);
    assertEquals(100, fine.classes());
    assertArrayEquals(new int[] {99, 30}, fine.labels());
    assertEquals(2, fine.images()[1][1023], "pixels start after the two label bytes");
    LabeledImages coarse = Dataset.load(dir + Dataset.COARSE_SUFFIX, Split.TEST);
    assertEquals(20, coarse.classes());
    assertArrayEquals(new int[] {19, 4}, coarse.labels());
  }

  @Test
  void hostileCifar100FilesAreRefused() throws IOException {
    writeCifar100("test.bin", 20, 5);
    DatasetException coarse = assertThrows(DatasetException.class,
        () -> Dataset.load(dir + Dataset.COARSE_SUFFIX, Split.TEST));
    assertTrue(coarse.getMessage().contains("record 0 has label 20, expected 0..19"), coarse.getMessage());
    writeCifar100("test.bin", 1, 100);
    assertMessage(Split.TEST, "record 0 has label 100, expected 0..99");
    Files.write(dir.resolve("test.bin"), new byte[3073]);
    assertMessage(Split.TEST, "size 3073 is not a positive multiple of the 3074-byte cifar100 record");
    Path idx = Files.createDirectories(dir.resolve("idx"));
    DatasetException notCifar = assertThrows(DatasetException.class,
        () -> Dataset.load(idx + Dataset.COARSE_SUFFIX, Split.TEST));
    assertTrue(notCifar.getMessage().contains("holds no CIFAR-100"), notCifar.getMessage());
  }

  private static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(data);
    return bytes.toByteArray();
  }

  @Test
  void idxLabelsOfAnyRangeSetTheClassCount() throws IOException {
    Files.write(dir.resolve("train-images-idx3-ubyte"), idx(0x803, new int[] {3, 2, 2}, new byte[12]));
    Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(0x801, new int[] {3}, new byte[] {0, (byte) 255, 17}));
    assertEquals(256, Dataset.load(dir.toString(), Split.TRAIN).classes());
    Files.write(dir.resolve("train-images-idx3-ubyte"), idx(0x803, new int[] {2_000_000_000, 28, 28}, new byte[12]));
    assertMessage(Split.TRAIN, "declares 2000000000 images of 28x28");
    Files.write(dir.resolve("train-images-idx3-ubyte"), idx(0x803, new int[] {4, 2, 2}, new byte[12]));
    assertMessage(Split.TRAIN, "holds only 12");
  }
}
