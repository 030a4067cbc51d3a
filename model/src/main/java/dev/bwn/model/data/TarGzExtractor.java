package dev.bwn.model.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Just enough of the ustar format to unpack a package tarball: regular files only, POSIX prefix
 * field honoured, pax/GNU extended headers skipped. Entries that would land outside the target
 * directory are refused, so a hostile archive cannot write elsewhere.
 */
final class TarGzExtractor {
  private static final int BLOCK = 512;

  private TarGzExtractor() {}

  /** Extracts every regular file whose path starts with {@code prefix}; returns the files written. */
  static List<Path> extract(Path archive, Path targetDir, String prefix) throws IOException {
    List<Path> written = new ArrayList<>();
    Path root = targetDir.toAbsolutePath().normalize();
    try (InputStream in =
        new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16), 1 << 16)) {
      byte[] header = new byte[BLOCK];
      while (true) {
        if (in.readNBytes(header, 0, BLOCK) < BLOCK) {
          throw new IOException(archive + ": truncated tar header");
        }
        if (isZeroBlock(header)) {
          return written;
        }
        String name = field(header, 0, 100);
        String ustarPrefix = field(header, 345, 155);
        if (!ustarPrefix.isEmpty()) {
          name = ustarPrefix + "/" + name;
        }
        long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
        char type = (char) header[156];
        long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
        boolean regular = type == '0' || type == '\0';
        if (regular && name.startsWith(prefix)) {
          Path target = root.resolve(name).normalize();
          if (!target.startsWith(root)) {
            throw new IOException(archive + ": entry " + name + " escapes the target directory");
          }
          Files.createDirectories(target.getParent());
          try (OutputStream out = Files.newOutputStream(target)) {
            copy(in, out, size);
          }
          skip(in, padded - size);
          written.add(target);
        } else {
          skip(in, padded);
        }
      }
    }
  }

  private static boolean isZeroBlock(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static void copy(InputStream in, OutputStream out, long size) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long remaining = size;
    while (remaining > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (n < 0) {
        throw new IOException("truncated tar entry");
      }
      out.write(buffer, 0, n);
      remaining -= n;
    }
  }

  private static void skip(InputStream in, long bytes) throws IOException {
    long remaining = bytes;
    while (remaining > 0) {
      long n = in.skip(remaining);
      if (n <= 0) {
        if (in.read() < 0) {
          throw new IOException("truncated tar entry");
        }
        n = 1;
      }
      remaining -= n;
    }
  }
}
