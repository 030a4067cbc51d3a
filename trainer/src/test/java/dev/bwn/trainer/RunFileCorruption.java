package dev.bwn.trainer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bwn.model.io.InputFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Byte-level damage to a valid file: truncation, a flipped bit, an overwritten, inserted or deleted run of bytes, garbage. */
final class RunFileCorruption {
  private RunFileCorruption() {}

  static Arbitrary<byte[]> of(byte[] valid) {
    Arbitrary<Integer> position = Arbitraries.integers().between(0, valid.length - 1);
    Arbitrary<byte[]> someBytes = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16);
    Arbitrary<byte[]> truncated = position.map(n -> Arrays.copyOf(valid, n));
    Arbitrary<byte[]> flipped = Combinators.combine(position, Arbitraries.integers().between(0, 7)).as((at, bit) -> {
      byte[] copy = valid.clone();
      copy[at] ^= (byte) (1 << bit);
      return copy;
    });
    Arbitrary<byte[]> overwritten = Combinators.combine(position, someBytes).as((at, bytes) -> {
      byte[] copy = valid.clone();
      System.arraycopy(bytes, 0, copy, at, Math.min(bytes.length, copy.length - at));
      return copy;
    });
    Arbitrary<byte[]> inserted = Combinators.combine(position, someBytes).as((at, bytes) -> {
      byte[] copy = new byte[valid.length + bytes.length];
      System.arraycopy(valid, 0, copy, 0, at);
      System.arraycopy(bytes, 0, copy, at, bytes.length);
      System.arraycopy(valid, at, copy, at + bytes.length, valid.length - at);
      return copy;
    });
    Arbitrary<byte[]> deleted = Combinators.combine(position, Arbitraries.integers().between(1, 64)).as((at, length) -> {
      int end = Math.min(valid.length, at + length);
      byte[] copy = new byte[valid.length - (end - at)];
      System.arraycopy(valid, 0, copy, 0, at);
      System.arraycopy(valid, end, copy, at, valid.length - end);
      return copy;
    });
    Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMaxSize(4096);
    return Arbitraries.oneOf(truncated, flipped, overwritten, inserted, deleted, garbage);
  }

  /** Reads a run file; the reader under test. */
  interface Reader {
    void read() throws IOException;
  }

  /**
   * Writes {@code content} to {@code file} and reads it: true if it read as valid, false if it gave the documented
   * error (a {@link TrainingInputException}, or the strict text reader's {@link InputFileException}, whose one line
   * starts with the file's path); anything else fails.
   */
  static boolean readsOrReportsInOneLine(Path file, byte[] content, Reader reader) throws IOException {
    Files.write(file, content);
    try {
      reader.read();
      return true;
    } catch (TrainingInputException | InputFileException e) {
      String message = e.getMessage();
      assertTrue(message.startsWith(file + ": ") && message.lines().count() == 1 && !message.contains("\r"), message);
      return false;
    }
  }
}
