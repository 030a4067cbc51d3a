package dev.bwn.cli;

import dev.bwn.model.io.ModelIo;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenCCommandTest {
    private static int run(StringWriter out, StringWriter err, String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void writesTheDesignAndReportsMemory(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.bwn.json");
        Files.writeString(model, ModelIo.toJson(RandomNetworks.generate(3)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(out, err, "gen", "c", model.toString(), "-o", dir.resolve("c").toString(), "--name", "my-net"), err.toString());
        for (String f : new String[]{"my_net.h", "my_net.c", "my_net_example.c", "Makefile"}) {
            assertTrue(Files.isRegularFile(dir.resolve("c").resolve(f)), f);
        }
        assertTrue(out.toString().contains("bytes scratch RAM"), out.toString());
        try (var left = Files.list(dir)) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().contains(".tmp")), "staging folder left behind");
        }
        assertEquals(0, run(new StringWriter(), err, "gen", "c", model.toString(), "-o", dir.resolve("s").toString(), "--single-header"));
        assertTrue(Files.readString(dir.resolve("s").resolve(ModelIo.read(model).name() + ".h")).contains("_IMPLEMENTATION"));
    }

    @Test
    void badOptionsExitTwoWithOneLineAndNoOutput(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.bwn.json");
        Files.writeString(model, ModelIo.toJson(RandomNetworks.generate(3)));
        StringWriter err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "gen", "c", model.toString(), "-o", dir.resolve("c").toString(), "--kernel", "fast"));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertFalse(Files.exists(dir.resolve("c")));
        StringWriter err2 = new StringWriter();
        assertEquals(2, run(new StringWriter(), err2, "gen", "c", dir.resolve("missing.bwn.json").toString(), "-o", dir.resolve("c").toString()));
        assertFalse(Files.exists(dir.resolve("c")));
    }

    /**
     * A residual graph generates through the CLI; a RAM budget below what the graph needs with the smallest kernels
     * still generates (the budget caps lookup tables) and says why it cannot hold: the buffers live at the peak.
     */
    @Test
    void graphGeneratesAndAnUnreachableRamBudgetSaysWhy(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("g.bwn.json");
        Files.writeString(model, ModelIo.toJson(RandomNetworks.generateGraph(4)));
        var before = FolderSnapshot.of(dir);
        CliRun fits = CliRun.bwn("gen", "c", model.toString(), "-o", dir.resolve("c").toString()).assertOk();
        assertEquals("", fits.err());
        assertFalse(fits.out().contains("note:"), fits.out());
        assertEquals(before, FolderSnapshot.outside(dir, dir.resolve("c")));
        CliRun tight = CliRun.bwn("gen", "c", model.toString(), "-o", dir.resolve("tight").toString(), "--ram-budget", "16")
                .assertOk();
        assertEquals("", tight.err());
        List<String> notes = tight.out().lines().filter(l -> l.startsWith("note: ")).toList();
        assertEquals(1, notes.size(), tight.out());
        assertTrue(notes.get(0).matches("note: the scratch arena needs \\d+ bytes, more than the RAM budget of 16: at layer .*"
                + "bytes are live at once \\(.* output \\d+ B.*\\)"), notes.get(0));
        assertTrue(Files.isRegularFile(dir.resolve("tight").resolve(ModelIo.read(model).name() + ".c")));
    }
}
