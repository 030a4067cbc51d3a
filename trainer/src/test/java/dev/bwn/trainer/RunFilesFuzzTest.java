package dev.bwn.trainer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bwn.model.fuzz.FuzzFolders;
import dev.bwn.model.fuzz.ReaderProperty;
import dev.bwn.model.io.InputFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Coverage-guided fuzzing of the files a resumed run reads: the run options and the checkpoint. The last byte of an
 * input picks the reader, the rest is the file; the corpus is in RunFilesFuzzTestInputs.
 */
class RunFilesFuzzTest {
  private static final List<String> FILES =
      List.of(TrainCommandSupport.OPTIONS_FILE, Checkpoint.FILE);
  private static final List<ReaderProperty> PROPERTIES =
      List.of(
          ReaderProperty.of(file -> TrainCommandSupport.readOptions(file.getParent()), InputFileException.class),
          ReaderProperty.of(file -> Checkpoint.read(file.getParent()), InputFileException.class));
  private static final Path dir = FuzzFolders.scratch("bwn-fuzz-run");

  @FuzzTest(maxDuration = FuzzFolders.DEFAULT_DURATION)
  void runFileReadersReturnAValueOrADocumentedError(FuzzedDataProvider data) throws IOException {
    int reader = data.consumeInt(0, FILES.size() - 1);
    Path file = dir.resolve(FILES.get(reader));
    PROPERTIES.get(reader).check(file, data.consumeRemainingAsBytes());
    Files.delete(file);
  }
}
