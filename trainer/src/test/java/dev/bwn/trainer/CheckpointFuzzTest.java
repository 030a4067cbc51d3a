package dev.bwn.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bwn.model.fuzz.FuzzFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Any byte-level corruption or truncation of checkpoint.bin is a {@link TrainingInputException} whose one line names
 * the file (its SHA-256 trailer catches every change), never another exception and never a silently different state.
 */
class CheckpointFuzzTest {
  private static final Path DIR;
  private static final byte[] VALID;

  static {
    NativeBackend.select();
    try {
      // Deleted with its content when the JVM exits, pass or fail (File.deleteOnExit cannot delete a non-empty folder).
      DIR = FuzzFolders.scratch("bwn-checkpoint-fuzz");
      Map<String, INDArray> arrays = new LinkedHashMap<>();
      arrays.put("param/theta0", Nd4j.linspace(-1, 1, 12, DataType.FLOAT).reshape(3, 4));
      arrays.put("velocity/theta0", Nd4j.linspace(0, 0.5, 12, DataType.FLOAT).reshape(3, 4));
      List<EpochMetrics> history = List.of(new EpochMetrics(1, 0.1, 0.5, 2.0, 0.3, 0.4, 0.35, 1, 1, 100, 2),
          new EpochMetrics(2, 0.05, 0.1, 1.0, 0.6, 0.7, 0.65, 1, 1, 100, 4));
      new Checkpoint("architecture=tiny\n", 2, arrays, history).write(DIR);
      VALID = Files.readAllBytes(DIR.resolve(Checkpoint.FILE));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Provide
  Arbitrary<byte[]> corrupted() {
    return RunFileCorruption.of(VALID);
  }

  @Property(tries = 600)
  void corruptionIsReportedInOneLineNamingTheFile(@ForAll("corrupted") byte[] content) throws IOException {
    if (RunFileCorruption.readsOrReportsInOneLine(DIR.resolve(Checkpoint.FILE), content, () -> Checkpoint.read(DIR))) {
      assertTrue(Arrays.equals(content, VALID), "a changed checkpoint was read as valid");
    }
  }

  @Example
  void theValidFileReadsBackBitForBit() throws IOException {
    Files.write(DIR.resolve(Checkpoint.FILE), VALID);
    Checkpoint read = Checkpoint.read(DIR);
    assertEquals(2, read.epochsCompleted());
    assertEquals("architecture=tiny\n", read.optionsFingerprint());
    assertArrayEquals(Nd4j.linspace(-1, 1, 12, DataType.FLOAT).data().asFloat(),
        read.arrays().get("param/theta0").data().asFloat());
    assertArrayEquals(new long[] {3, 4}, read.arrays().get("velocity/theta0").shape());
    assertEquals(1.0, read.history().get(1).trainLoss());
  }
}
