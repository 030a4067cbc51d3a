package dev.bwn.model.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** NumPy .npy files written byte by byte, for tests of the readers and of training on a NumPy folder. */
public final class NpyFiles {
  private NpyFiles() {}

  /** A .npy file's bytes: version 1 header for {@code descr} and {@code shape}, then {@code data}. */
  public static byte[] npy(String descr, boolean fortran, String shape, byte[] data) {
    String header = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': ("
        + shape + "), }";
    int padded = (10 + header.length() + 1 + 63) / 64 * 64 - 10;
    StringBuilder text = new StringBuilder(header);
    while (text.length() < padded - 1) {
      text.append(' ');
    }
    text.append('\n');
    ByteBuffer buffer = ByteBuffer.allocate(10 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    buffer.putShort((short) padded);
    buffer.put(text.toString().getBytes(StandardCharsets.ISO_8859_1));
    buffer.put(data);
    return buffer.array();
  }

  /** {@code count} CxHxW uint8 images, pixel (i + p) mod 256. */
  public static byte[] pixels(int count, int perImage) {
    byte[] data = new byte[count * perImage];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i / perImage + i % perImage);
    }
    return data;
  }

  public static byte[] int64(long... values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      buffer.putLong(v);
    }
    return buffer.array();
  }

}
