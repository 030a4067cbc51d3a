package dev.bwn.cli;

import dev.bwn.model.io.ModelIo;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
