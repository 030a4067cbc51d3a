package dev.bwn.model.data;

import dev.bwn.model.Limits;
import dev.bwn.model.io.InputFiles;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST, plain or gzip-compressed (detected from the
 * first two bytes, not the file name). Only unsigned-byte data is accepted: images are rank 3
 * (count, rows, columns), labels rank 1. The counts a header declares are checked against
 * {@link Limits} and against what the file can hold before anything is allocated. Content problems
 * throw {@link DatasetException}, file problems {@link dev.bwn.model.io.InputFileException}.
 */
public final class IdxReader {
  /** IDX type code for unsigned bytes, the only element type MNIST-style files use. */
  private static final int UNSIGNED_BYTE = 0x08;

  private IdxReader() {}

  /** Images as flat row-major arrays of 0..255 (one channel, so CHW = HW). */
  public static Images readImages(Path file) {
    try (Source source = open(file)) {
      int[] dims = readHeader(source, file, 3);
      int count = dims[0];
      int rows = dims[1];
      int columns = dims[2];
      if (rows < 1 || columns < 1 || rows > Limits.DIMENSION || columns > Limits.DIMENSION) {
        throw new DatasetException(
            file + ": images of " + rows + "x" + columns + " pixels; each side must be 1.." + Limits.DIMENSION);
      }
      int pixels = rows * columns;
      long needed = Limits.imageBytes(count, pixels);
      if (needed > Limits.DATASET_BYTES) {
        throw new DatasetException(file + ": declares " + count + " images of " + rows + "x" + columns + ", which need "
            + Limits.bytes(needed) + " in memory, above the limit of " + Limits.bytes(Limits.DATASET_BYTES));
      }
      source.checkHolds(file, (long) count * pixels, "images");
      int[][] images = new int[count][];
      byte[] buffer = new byte[pixels];
      for (int i = 0; i < count; i++) {
        source.in.readFully(buffer);
        int[] image = new int[pixels];
        for (int p = 0; p < pixels; p++) {
          image[p] = buffer[p] & 0xFF;
        }
        images[i] = image;
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
    try (Source source = open(file)) {
      int count = readHeader(source, file, 1)[0];
      if (Limits.imageBytes(count, 0) > Limits.DATASET_BYTES) {
        throw new DatasetException(file + ": declares " + count + " labels, above the limit of "
            + Limits.DATASET_BYTES / Limits.IMAGE_OVERHEAD_BYTES);
      }
      source.checkHolds(file, count, "labels");
      byte[] buffer = new byte[count];
      source.in.readFully(buffer);
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

  /** The decoded stream of an IDX file and how many bytes of data it can hold at most. */
  private record Source(DataInputStream in, long fileBytes, boolean gzip) implements AutoCloseable {
    /** Refuses a header that declares more {@code what} than the file's real size can hold. */
    void checkHolds(Path file, long declaredBytes, String what) {
      long headerBytes = gzip ? 0 : 4 + 4L * (what.equals("images") ? 3 : 1);
      long capacity = gzip ? fileBytes * Limits.GZIP_MAX_RATIO : fileBytes - headerBytes;
      if (declaredBytes > capacity) {
        throw new DatasetException(file + ": the header declares " + declaredBytes + " bytes of " + what + " but the "
            + (gzip ? "gzip file of " + fileBytes + " bytes can hold at most " + capacity : "file holds only " + capacity));
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private static Source open(Path file) throws IOException {
    long size = InputFiles.checkedSize(file, Limits.DATASET_BYTES + 16);
    InputStream raw = new BufferedInputStream(InputFiles.open(file, Limits.DATASET_BYTES + 16), 1 << 16);
    raw.mark(2);
    int first = raw.read();
    int second = raw.read();
    raw.reset();
    boolean gzip = first == 0x1f && second == 0x8b;
    InputStream in = gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    return new Source(new DataInputStream(in), size, gzip);
  }

  private static int[] readHeader(Source source, Path file, int expectedRank) throws IOException {
    int magic = source.in.readInt();
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
    for (int d = 0; d < rank; d++) {
      dims[d] = source.in.readInt();
      if (dims[d] < 0) {
        throw new DatasetException(file + ": negative IDX dimension " + dims[d]);
      }
    }
    if (dims[0] == 0) {
      throw new DatasetException(file + ": the IDX header declares no " + (expectedRank == 3 ? "images" : "labels"));
    }
    return dims;
  }
}
