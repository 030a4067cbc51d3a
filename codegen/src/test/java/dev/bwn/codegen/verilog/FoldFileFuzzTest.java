package dev.bwn.codegen.verilog;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bwn.codegen.GenerationException;
import dev.bwn.model.fuzz.FuzzFolders;
import dev.bwn.model.fuzz.ReaderProperty;
import dev.bwn.model.io.InputFileException;

import java.nio.file.Path;

/** Coverage-guided fuzzing of the fold-file reader; the corpus is in FoldFileFuzzTestInputs. */
class FoldFileFuzzTest {
    private static final ReaderProperty PROPERTY = ReaderProperty.of(FoldFile::read, GenerationException.class, InputFileException.class);
    private static final Path dir = FuzzFolders.scratch("bwn-fuzz-fold");

    @FuzzTest(maxDuration = FuzzFolders.DEFAULT_DURATION)
    void foldFileReaderReturnsFoldsOrADocumentedError(byte[] content) {
        PROPERTY.check(dir.resolve("fuzzed.fold"), content);
    }
}
