package dev.bwn.hwtests.verilog;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.model.fuzz.FuzzFolders;
import dev.bwn.model.fuzz.ReaderProperty;
import dev.bwn.model.io.InputFileException;

import java.nio.file.Path;

/** Coverage-guided fuzzing of design.txt, which {@code bwn verify --design DIR} reads; corpus in DesignSummaryFuzzTestInputs. */
class DesignSummaryFuzzTest {
    private static final ReaderProperty PROPERTY = ReaderProperty.of(file -> DesignSummary.read(file.getParent()),
            InputFileException.class);
    private static final Path dir = FuzzFolders.scratch("bwn-fuzz-design");

    @FuzzTest(maxDuration = FuzzFolders.DEFAULT_DURATION)
    void designSummaryReaderReturnsASummaryOrADocumentedError(byte[] content) {
        PROPERTY.check(dir.resolve(VerilogGenerator.DESIGN_SUMMARY), content);
    }
}
