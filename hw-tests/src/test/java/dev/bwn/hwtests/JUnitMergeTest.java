package dev.bwn.hwtests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Merging shard reports: the totals of one run, and refusals that name the file and the problem. */
class JUnitMergeTest {
    @TempDir
    Path dir;

    private Path report(String name, String suite, Shard shard, int vectors, TargetResult... results) throws IOException {
        Path file = dir.resolve(name);
        JUnitReport.write(file, suite, List.of(results), shard, vectors);
        return file;
    }

    private static TargetResult pass(String target, int vectors) {
        return new TargetResult(target, vectors, 0, null, 0, 1.5);
    }

    @Test
    void mergedShardsReadLikeOneRun() throws IOException {
        Path whole = report("whole.xml", "m", Shard.WHOLE, 10, pass("c", 10),
                new TargetResult("verilog", 5, 1, "MISMATCH design=m vector=4 field=class (steady pass)", 0, 2, 0));
        Path one = report("1.xml", "m", new Shard(1, 2), 3, pass("c", 3), pass("verilog", 3));
        Path two = report("2.xml", "m", new Shard(2, 2), 7, pass("c", 7),
                new TargetResult("verilog", 2, 1, "MISMATCH design=m vector=4 field=class (steady pass)", 0, 2, 0));
        Path merged = dir.resolve("merged.xml");
        List<TargetResult> results = JUnitMerge.merge(merged, List.of(two, one));
        assertTrue(results.get(0).passed());
        assertFalse(results.get(1).passed());
        String strip = "time=\"[0-9.]+\"";
        assertEquals(Files.readString(whole).replaceAll(strip, ""), Files.readString(merged).replaceAll(strip, ""));
        assertTrue(Files.readString(merged).contains("tests=\"2\" failures=\"1\""));
    }

    @Test
    void reportsThatAreNotTheShardsOfOneRunAreRefused() throws IOException {
        Path one = report("1.xml", "m", new Shard(1, 2), 3, pass("c", 3));
        Path two = report("2.xml", "m", new Shard(2, 2), 3, pass("c", 3));
        Path twoAgain = report("2b.xml", "m", new Shard(2, 2), 3, pass("c", 3));
        Path otherModel = report("o.xml", "other", new Shard(2, 2), 3, pass("c", 3));
        Path otherTargets = report("t.xml", "m", new Shard(2, 2), 3, pass("verilog", 3));
        Path ofThree = report("3.xml", "m", new Shard(2, 3), 3, pass("c", 3));
        Path out = dir.resolve("out.xml");
        assertRefused("is also", out, one, two, twoAgain);
        assertRefused("suite \"other\"", out, one, otherModel);
        assertRefused("targets [verilog]", out, one, otherTargets);
        assertRefused("not one of 2 shards", out, one, ofThree);
        assertRefused("shard 2/2 is missing", out, one);
        Path broken = dir.resolve("broken.xml");
        Files.writeString(broken, Files.readString(one).replace("</testsuite>", ""));
        assertRefused("not well-formed XML", out, broken);
        Path tampered = dir.resolve("tampered.xml");
        Files.writeString(tampered, Files.readString(one).replace("name=\"bwn.c.vectors\" value=\"3\"", "name=\"bwn.c.vectors\" value=\"-3\""));
        assertRefused("not a count", out, tampered, two);
        assertFalse(Files.exists(out));
    }

    private static void assertRefused(String expected, Path out, Path... inputs) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JUnitMerge.merge(out, List.of(inputs)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
