package dev.bwn.cli;

import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.RepoRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user with an iCEBreaker does, as written in the design's README: {@code bwn gen verilog
 * examples/mnist-tiny.bwn.json -o D --board icebreaker && make -C D} gives {@code D/mnist_tiny.bin}, and
 * {@code make -C D report} prints the utilisation and the Fmax from nextpnr's report (about 1-3 minutes).
 */
class BoardBitstreamTest {
    @Test
    void theDesignsOwnMakefileBuildsABitstreamAndReportsIt(@TempDir Path dir) throws Exception {
        RequireTools.require("make", "yosys", "nextpnr-ice40", "icepack", "python3");
        Path design = dir.resolve("D");
        CliRun.bwn("gen", "verilog", RepoRoot.find().resolve("examples/mnist-tiny.bwn.json").toString(), "-o",
                design.toString(), "--board", "icebreaker").assertOk();
        Processes.Result make = Processes.run(List.of("make", "-C", design.toString()), dir, Duration.ofMinutes(20));
        assertEquals(0, make.exitCode(), Processes.tail(make.output(), 4000));
        Path bitstream = design.resolve("mnist_tiny.bin");
        assertTrue(Files.isRegularFile(bitstream) && Files.size(bitstream) > 100_000, "no bitstream: " + bitstream);
        // the flash offset of SPRAM weight images is checked against this size (BoardDesign.flashPlacementProblem)
        assertTrue(Files.size(bitstream) <= dev.bwn.codegen.verilog.board.BoardDesign.MAX_BITSTREAM_BYTES,
                Files.size(bitstream) + " bytes");
        Processes.Result report = Processes.run(List.of("make", "-s", "-C", design.toString(), "report"), dir, Duration.ofMinutes(1));
        assertEquals(0, report.exitCode(), report.output());
        for (String label : List.of("LCs", "EBRs", "SPRAMs", "DSPs", "IOs")) {
            assertTrue(report.output().lines().anyMatch(l -> l.startsWith(label + " ") && l.matches(label + "\\s+\\d+ / \\d+")),
                    label + " missing in:\n" + report.output());
        }
        // the design must meet the 24 MHz it was generated for
        assertTrue(report.output().lines().anyMatch(l -> l.startsWith("Fmax ") && l.contains("constraint 24.00 MHz: met")),
                report.output());
    }
}
