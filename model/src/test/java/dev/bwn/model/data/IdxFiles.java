package dev.bwn.model.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** IDX files for tests in any module: valid ones, and headers that declare whatever a test needs. */
public final class IdxFiles {
  private IdxFiles() {}

  /** A rank-3 image header declaring {@code count} images of rows x columns, followed by {@code body}. */
  public static byte[] images(int count, int rows, int columns, byte[] body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(0x00000803);
      out.writeInt(count);
      out.writeInt(rows);
      out.writeInt(columns);
      out.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A valid image file whose pixels are a pattern that depends on {@code seed}. */
  public static byte[] images(int count, int rows, int columns, int seed) {
    byte[] pixels = new byte[count * rows * columns];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 37 + seed);
    }
    return images(count, rows, columns, pixels);
  }

  public static byte[] labels(int... labels) {
    byte[] header = {0, 0, 8, 1, (byte) (labels.length >>> 24), (byte) (labels.length >>> 16), (byte) (labels.length >>> 8),
        (byte) labels.length};
    byte[] file = java.util.Arrays.copyOf(header, header.length + labels.length);
    for (int i = 0; i < labels.length; i++) {
      file[header.length + i] = (byte) labels[i];
    }
    return file;
  }

  public static void gzip(byte[] content, Path file) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(content);
    }
  }
}
