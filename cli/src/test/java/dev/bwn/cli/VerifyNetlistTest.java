package dev.bwn.cli;

import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.RepoRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bwn verify --target netlist}, through the CLI: mnist-tiny synthesized by yosys ({@code synth_ice40 -dsp}),
 * its gate-level netlist run with yosys' iCE40 cell models in Verilator, flip-flops starting random, is bit-exact with
 * the reference on a few vectors (with random gaps and back-pressure); the run touches nothing outside its work folder.
 */
class VerifyNetlistTest {
    private static final Path TINY = RepoRoot.find().resolve("examples/mnist-tiny.bwn.json");

    @Test
    void mnistTinyNetlistIsBitExact(@TempDir Path dir) throws Exception {
        RequireTools.require("yosys", "verilator");
        Path model = dir.resolve("mnist-tiny.bwn.json");
        Files.copy(TINY, model);
        Path work = dir.resolve("work");
        SortedMap<String, String> before = FolderSnapshot.outside(dir, work);
        CliRun run = CliRun.bwn("verify", model.toString(), "--target", "netlist", "--vectors", "3", "--work", work.toString(),
                "--no-progress");
        run.assertOk();
        assertTrue(run.out().contains("netlist") && run.out().contains("3"), run.out());
        assertEquals(before, FolderSnapshot.outside(dir, work));
        String netlist = Files.readString(work.resolve("netlist/netlist/mnist_tiny_netlist.v"));
        assertTrue(netlist.contains("SB_RAM40_4K") && netlist.contains("SB_LUT4"), "not an iCE40 netlist");
    }
}
