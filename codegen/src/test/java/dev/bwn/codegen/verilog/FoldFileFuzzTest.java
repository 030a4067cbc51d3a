package dev.bwn.codegen.verilog;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bwn.codegen.GenerationException;
import dev.bwn.model.fuzz.FuzzFolders;
import dev.bwn.model.fuzz.ReaderProperty;
import dev.bwn.model.io.InputFileException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Coverage-guided fuzzing of the fold-file reader; the corpus is in FoldFileFuzzTestInputs. */
class FoldFileFuzzTest {
    private static final ReaderProperty PROPERTY = ReaderProperty.of(FoldFile::read, GenerationException.class, InputFileException.class);
    private static Path dir;

    @BeforeAll
    static void createFolder() throws IOException {
        dir = Files.createTempDirectory("bwn-fuzz-fold");
    }

    @AfterAll
    static void deleteFolder() throws IOException {
        FuzzFolders.delete(dir);
    }

    @FuzzTest(maxDuration = FuzzFolders.DEFAULT_DURATION)
    void foldFileReaderReturnsFoldsOrADocumentedError(byte[] content) {
        PROPERTY.check(dir.resolve("fuzzed.fold"), content);
    }
}
