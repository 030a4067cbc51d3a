package dev.bwn.trainer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint whose checksum is right but whose counts lie (written by a buggy or hostile tool) is refused from the
 * counts and the file's size before anything is allocated: one line naming the file.
 */
class CheckpointLimitsTest {
  @TempDir
  Path dir;

  /** Header of a current checkpoint with {@code arrays} declared and, for the first array, {@code rank} and dims. */
  private Path checkpoint(int arrays, int rank, long dimension) throws IOException, NoSuchAlgorithmException {
    return checkpoint("bwn-checkpoint-3", arrays, rank, dimension);
  }

  private Path checkpoint(String magic, int arrays, int rank, long dimension)
      throws IOException, NoSuchAlgorithmException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeUTF(magic);
    out.writeUTF("fingerprint");
    out.writeInt(1);
    out.writeInt(arrays);
    out.writeUTF("param/theta0");
    out.writeInt(rank);
    for (int d = 0; d < Math.min(rank, 4); d++) {
      out.writeLong(dimension);
    }
    out.flush();
    byte[] body = bytes.toByteArray();
    Path file = dir.resolve(Checkpoint.FILE);
    Files.write(file, body);
    Files.write(file, MessageDigest.getInstance("SHA-256").digest(body), java.nio.file.StandardOpenOption.APPEND);
    return file;
  }

  private void assertRefused(String expected) {
    TrainingInputException e = assertThrows(TrainingInputException.class, () -> Checkpoint.read(dir));
    assertTrue(e.getMessage().startsWith(dir.resolve(Checkpoint.FILE).toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
  }

  @Test
  void anArrayCountAboveTheLimitIsRefused() throws Exception {
    checkpoint(Integer.MAX_VALUE, 2, 3);
    assertRefused("2147483647 arrays");
  }

  @Test
  void aRankAboveTheLimitIsRefused() throws Exception {
    checkpoint(1, 1000, 3);
    assertRefused("rank 1000");
  }

  @Test
  void dimensionsDeclaringMoreValuesThanTheFileHoldsAreRefused() throws Exception {
    checkpoint(1, 4, 1L << 20);
    assertRefused("param/theta0");
  }

  /** The previous format (11 metrics per epoch) has a valid checksum, so only its magic can tell it apart. */
  @Test
  void aCheckpointOfThePreviousFormatIsRefusedAsOlder() throws Exception {
    checkpoint("bwn-checkpoint-2", 1, 2, 3);
    assertRefused("written by an older bwn (bwn-checkpoint-2");
  }
}
