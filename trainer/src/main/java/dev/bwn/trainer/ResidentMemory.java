package dev.bwn.trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Peak resident memory of this JVM as Linux reports it in /proc/self/status: Java heap and ND4J's
 * off-heap arrays together, which is what fills the machine (the Java heap alone says little).
 */
final class ResidentMemory {
  private static final Path STATUS = Path.of("/proc/self/status");

  private ResidentMemory() {}

  /** VmHWM, the high-water mark of resident memory in bytes, or -1 where /proc is not there. */
  static long peakBytes() {
    return field("VmHWM:");
  }

  /** {@link #peakBytes} in MiB, NaN where /proc is not there. */
  static double peakMiB() {
    long bytes = peakBytes();
    return bytes < 0 ? Double.NaN : bytes / (double) (1 << 20);
  }

  /** "1,974 MiB", or "unknown (no /proc)". */
  static String peakDescription() {
    long bytes = peakBytes();
    return bytes < 0 ? "unknown (no /proc)" : String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
  }

  private static long field(String name) {
    if (!Files.isReadable(STATUS)) {
      return -1;
    }
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return -1;
  }
}
