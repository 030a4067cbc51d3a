package dev.bwn.trainer;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bwn.model.fuzz.FuzzFolders;
import dev.bwn.model.fuzz.ReaderProperty;
import dev.bwn.model.io.InputFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the files a resumed run reads: the run options and the checkpoint. The last byte of an
 * input picks the reader, the rest is the file; the corpus is in RunFilesFuzzTestInputs.
 */
class RunFilesFuzzTest {
  private static final List<String> FILES =
      List.of(TrainCommandSupport.OPTIONS_FILE, Checkpoint.FILE);
  private static final List<ReaderProperty> PROPERTIES =
      List.of(
          ReaderProperty.of(file -> TrainCommandSupport.readOptions(file.getParent()), InputFileException.class,
              TrainingInputException.class),
          ReaderProperty.of(file -> Checkpoint.read(file.getParent()), InputFileException.class,
              TrainingInputException.class));
  private static final Path dir = FuzzFolders.scratch("bwn-fuzz-run");

  /** The corpus reaches the success path: the valid options and checkpoint seeds are read. */
  @Test
  void theValidSeedsAreRead() throws Exception {
    Path inputs = Path.of(RunFilesFuzzTest.class.getResource(
        "RunFilesFuzzTestInputs/runFileReadersReturnAValueOrADocumentedError").toURI());
    List<String> valid = List.of("options-valid", "checkpoint-valid");
    for (int reader = 0; reader < valid.size(); reader++) {
      byte[] bytes = Files.readAllBytes(inputs.resolve(valid.get(reader)));
      Path file = dir.resolve(FILES.get(reader));
      Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 1));
      assertNotNull(PROPERTIES.get(reader).reader().read(file), valid.get(reader));
      Files.delete(file);
    }
  }

  @FuzzTest(maxDuration = FuzzFolders.DEFAULT_DURATION)
  void runFileReadersReturnAValueOrADocumentedError(FuzzedDataProvider data) throws IOException {
    int reader = data.consumeInt(0, FILES.size() - 1);
    Path file = dir.resolve(FILES.get(reader));
    PROPERTIES.get(reader).check(file, data.consumeRemainingAsBytes());
    Files.delete(file);
  }
}
