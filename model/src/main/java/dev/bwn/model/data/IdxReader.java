package dev.bwn.model.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST, plain or gzip-compressed (detected from the
 * first two bytes, not the file name). Only unsigned-byte data is accepted: images are rank 3
 * (count, rows, columns), labels rank 1.
 */
public final class IdxReader {
  /** IDX type code for unsigned bytes, the only element type MNIST-style files use. */
  private static final int UNSIGNED_BYTE = 0x08;
  /** Refuse headers that would make us allocate more than this many bytes. */
  private static final long MAX_ELEMENTS = 1L << 30;

  private IdxReader() {}

  /** Images as flat row-major arrays of 0..255 (one channel, so CHW = HW). */
  public static Images readImages(Path file) {
    try (DataInputStream in = open(file)) {
      int[] dims = readHeader(in, file, 3);
      int count = dims[0];
      int rows = dims[1];
      int columns = dims[2];
      int pixels = rows * columns;
      int[][] images = new int[count][pixels];
      byte[] buffer = new byte[pixels];
      for (int i = 0; i < count; i++) {
        in.readFully(buffer);
        int[] image = images[i];
        for (int p = 0; p < pixels; p++) {
          image[p] = buffer[p] & 0xFF;
        }
      }
      return new Images(rows, columns, images);
    } catch (EOFException e) {
      throw new DatasetException(file + ": truncated IDX file (fewer pixels than the header declares)");
    } catch (IOException e) {
      throw new DatasetException(file + ": cannot read IDX file: " + e.getMessage(), e);
    }
  }

  /** Labels as 0..255 values. */
  public static int[] readLabels(Path file) {
    try (DataInputStream in = open(file)) {
      int count = readHeader(in, file, 1)[0];
      byte[] buffer = new byte[count];
      in.readFully(buffer);
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = buffer[i] & 0xFF;
      }
      return labels;
    } catch (EOFException e) {
      throw new DatasetException(file + ": truncated IDX file (fewer labels than the header declares)");
    } catch (IOException e) {
      throw new DatasetException(file + ": cannot read IDX file: " + e.getMessage(), e);
    }
  }

  /** Rows, columns and pixels of an IDX image file. */
  public record Images(int rows, int columns, int[][] pixels) {}

  private static DataInputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new DatasetException(file + ": no such IDX file");
    }
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int first = raw.read();
    int second = raw.read();
    raw.reset();
    boolean gzip = first == 0x1f && second == 0x8b;
    InputStream in = gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    return new DataInputStream(in);
  }

  private static int[] readHeader(DataInputStream in, Path file, int expectedRank) throws IOException {
    int magic = in.readInt();
    int zeros = magic >>> 16;
    int type = (magic >>> 8) & 0xFF;
    int rank = magic & 0xFF;
    if (zeros != 0 || type != UNSIGNED_BYTE) {
      throw new DatasetException(String.format(
          "%s: not an unsigned-byte IDX file (magic 0x%08X, expected 0x000008%02X)", file, magic, expectedRank));
    }
    if (rank != expectedRank) {
      throw new DatasetException(
          file + ": IDX rank " + rank + ", expected " + expectedRank
              + (expectedRank == 3 ? " (images)" : " (labels)"));
    }
    int[] dims = new int[rank];
    long elements = 1;
    for (int d = 0; d < rank; d++) {
      dims[d] = in.readInt();
      if (dims[d] < 0) {
        throw new DatasetException(file + ": negative IDX dimension " + dims[d]);
      }
      elements *= Math.max(1, dims[d]);
      if (elements > MAX_ELEMENTS) {
        throw new DatasetException(file + ": IDX dimensions too large (over " + MAX_ELEMENTS + " elements)");
      }
    }
    return dims;
  }
}
