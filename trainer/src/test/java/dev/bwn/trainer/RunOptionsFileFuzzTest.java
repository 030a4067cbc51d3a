package dev.bwn.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bwn.model.fuzz.FuzzFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any byte-level corruption or truncation of options.properties is either still a complete, valid set of options or
 * a {@link TrainingInputException} whose one line names the file; never another exception.
 */
class RunOptionsFileFuzzTest {
  private static final Path DIR;
  private static final byte[] VALID;

  static {
    try {
      // Deleted with its content when the JVM exits, pass or fail (File.deleteOnExit cannot delete a non-empty folder).
      DIR = FuzzFolders.scratch("bwn-options-fuzz");
      TrainOptions options = TrainOptions.builder().architecture("tiny").dataset("/data/some folder/ü").seed(-3)
          .learningRate(0.05).groupSize(9).trainLimit(100).datasetSha256("ab".repeat(32))
          .architectureSha256("cd".repeat(32)).build();
      RunOptionsFile.write(DIR, options);
      VALID = Files.readAllBytes(DIR.resolve(RunOptionsFile.NAME));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Provide
  Arbitrary<byte[]> corrupted() {
    return RunFileCorruption.of(VALID);
  }

  @Property(tries = 600)
  void corruptionIsReadOrReportedInOneLineNamingTheFile(@ForAll("corrupted") byte[] content) throws IOException {
    TrainOptions[] read = new TrainOptions[1];
    if (RunFileCorruption.readsOrReportsInOneLine(DIR.resolve(RunOptionsFile.NAME), content,
        () -> read[0] = RunOptionsFile.read(DIR).outDir(DIR).build())) {
      assertTrue(read[0].datasetSha256() != null && read[0].epochs() >= 1, "read back: " + read[0]);
    }
  }

  @Example
  void theValidFileReadsBackTheSameOptions() throws IOException {
    Files.write(DIR.resolve(RunOptionsFile.NAME), VALID);
    TrainOptions read = RunOptionsFile.read(DIR).build();
    assertEquals("/data/some folder/ü", read.dataset());
    assertEquals(RunOptionsFile.fingerprint(TrainOptions.builder().architecture("tiny").dataset("/data/some folder/ü")
        .seed(-3).learningRate(0.05).groupSize(9).trainLimit(100).datasetSha256("ab".repeat(32))
        .architectureSha256("cd".repeat(32)).build()),
        RunOptionsFile.fingerprint(read));
  }

  @Example
  void anOversizedFileIsRefusedBeforeItIsRead() throws IOException {
    Path file = DIR.resolve(RunOptionsFile.NAME);
    assertFalse(RunFileCorruption.readsOrReportsInOneLine(file, new byte[(int) dev.bwn.model.Limits.RUN_OPTIONS_BYTES + 1],
        () -> RunOptionsFile.read(DIR)));
  }
}
