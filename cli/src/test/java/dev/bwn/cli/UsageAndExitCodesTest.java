package dev.bwn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwn.hwtests.Processes;
import dev.bwn.model.io.ModelIo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Through the CLI: every usage error is one line pointing at the command's {@code --help}, exit 2; I/O failures (an
 * unusable or read-only output path, a full disk) are exit 2, not 1; error lines and {@code inspect} output escape
 * control and bidi characters and stay short whatever the model file holds; nothing around the output is touched.
 */
class UsageAndExitCodesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    /** Usage errors of every command: MODEL is a valid model in the test folder, OUT a folder that does not exist. */
    static Stream<List<String>> usageErrors() {
        return Stream.of(
                List.of(),
                List.of("nosuch"),
                List.of("--nosuch"),
                List.of("help", "nosuch"),
                List.of("gen"),
                List.of("gen", "rust", "MODEL"),
                List.of("gen", "c"),
                List.of("gen", "c", "MODEL"),
                List.of("gen", "c", "MODEL", "-o"),
                List.of("gen", "c", "MODEL", "-o", "OUT", "--ram-budget", "lots"),
                List.of("gen", "c", "MODEL", "-o", "OUT", "--single-header=maybe"),
                List.of("gen", "c", "MODEL", "-o", "OUT", "extra"),
                List.of("gen", "verilog", "MODEL"),
                List.of("gen", "verilog", "MODEL", "-o", "OUT", "--fuse"),
                List.of("gen", "verilog", "-o", "OUT"),
                List.of("inspect"),
                List.of("inspect", "MODEL", "MODEL"),
                List.of("inspect", "MODEL", "--\u001b[2Jevil\u202e"),
                List.of("eval"),
                List.of("eval", "MODEL", "--limit", "ten"),
                List.of("eval", "MODEL", "--min-accuracy"),
                List.of("verify"),
                List.of("verify", "MODEL", "--vectors", "many"),
                List.of("verify", "MODEL", "--seed", "1.5"),
                List.of("train", "--epochs", "many"),
                List.of("train", "--lr"),
                List.of("train", "--bogus"),
                List.of("demo", "--epochs", "x"),
                List.of("demo", "extra"));
    }

    @ParameterizedTest(name = "bwn {0}")
    @MethodSource("usageErrors")
    void usageErrorIsOneLinePointingAtHelp(List<String> args, @TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.bwn.json");
        Files.writeString(model, HostileModelsTest.validJson());
        Map<String, String> before = FolderSnapshot.of(dir);
        String[] argv = args.stream().map(a -> a.equals("MODEL") ? model.toString()
                : a.equals("OUT") ? dir.resolve("out").toString() : a).toArray(String[]::new);
        Outcome r = run(argv);
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), "one line expected, got:\n" + r.err());
        assertTrue(r.err().matches("(?s)bwn[a-z ]*: .+\\. See 'bwn[a-z ]* --help'\\.\\R"), r.err());
        assertPrintable(r.err());
        assertEquals("", r.out());
        assertEquals(before, FolderSnapshot.of(dir), "the folder around the output changed");
    }

    @Test
    void aUsageErrorNamesTheCommandAndPointsAtItsHelp() {
        Outcome r = run("gen", "c", "model.bwn.json");
        assertEquals("bwn gen c: missing required option: '--output=DIR'. See 'bwn gen c --help'.", r.err().strip());
    }

    @Test
    void anOutputPathUnderAFileIsBadInput(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.bwn.json");
        Files.writeString(model, HostileModelsTest.validJson());
        Files.writeString(dir.resolve("file"), "not a folder");
        Map<String, String> before = FolderSnapshot.of(dir);
        for (String target : List.of("c", "verilog")) {
            Outcome r = run("gen", target, model.toString(), "-o", dir.resolve("file").resolve("out").toString());
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("bwn: "), r.err());
            assertEquals(before, FolderSnapshot.of(dir));
        }
    }

    @Test
    void aReadOnlyOutputPathIsBadInput(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.bwn.json");
        Files.writeString(model, HostileModelsTest.validJson());
        // sysfs refuses new entries even to root, where a folder without write permission would not
        Path readOnly = Path.of("/sys");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(readOnly), "no /sys on this machine");
        Outcome r = run("gen", "c", model.toString(), "-o", readOnly.resolve("bwn-test-output").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(Files.exists(readOnly.resolve("bwn-test-output")));
    }

    /** A design folder given to verify names the harness's modules and symbols: only names bwn generates pass. */
    @Test
    void aDesignFolderWithNamesBwnDoesNotGenerateIsBadInput(@TempDir Path dir) throws Exception {
        dev.bwn.hwtests.RequireTools.require("gcc", "verilator");
        Path model = dir.resolve("m.bwn.json");
        Files.writeString(model, HostileModelsTest.validJson());
        Path c = dir.resolve("c");
        Path v = dir.resolve("v");
        assertEquals(0, run("gen", "c", model.toString(), "-o", c.toString()).code());
        assertEquals(0, run("gen", "verilog", model.toString(), "-o", v.toString()).code());
        Files.move(c.resolve("tiny_example.c"), c.resolve("x); evil(_example.c"));
        Files.move(c.resolve("tiny.h"), c.resolve("x); evil(.h"));
        Path summary = v.resolve("design.txt");
        Files.writeString(summary, Files.readString(summary).replaceFirst("(?m)^top tiny$", "top virtual"));
        Map<String, String> before = FolderSnapshot.of(dir);
        for (List<String> args : List.of(List.of("--target", "c", "--design", c.toString()),
                List.of("--target", "verilog", "--design", v.toString()))) {
            List<String> argv = new java.util.ArrayList<>(List.of("verify", model.toString(), "--vectors", "2"));
            argv.addAll(args);
            Outcome r = run(argv.toArray(String[]::new));
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().lines().filter(l -> !l.startsWith("bwn: writing") && !l.startsWith("bwn: verifying")).count(), r.err());
            assertTrue(r.err().contains("is not") && r.err().contains("bwn generates"), r.err());
        }
        assertEquals(before, FolderSnapshot.of(dir));
    }

    @Test
    void everyIoFailureIsBadInputAndOnlyAFailedToolIsOne() {
        assertEquals(2, Main.exitCode(new FileSystemException("/mnt/out/m.h", null, "No space left on device")));
        assertEquals(2, Main.exitCode(new FileSystemException("/mnt/out", null, "Read-only file system")));
        assertEquals(2, Main.exitCode(new UncheckedIOException(new IOException("Input/output error"))));
        assertEquals(2, Main.exitCode(new java.nio.file.AccessDeniedException("/root/out")));
        assertEquals(1, Main.exitCode(new Processes.ToolFailure("gcc exited 1:\nerror: ...")));
        assertEquals(Main.EXIT_INTERNAL_ERROR, Main.exitCode(new IllegalStateException("a bug")));
        assertEquals("/mnt/out/m.h: No space left on device",
                Main.describe(new FileSystemException("/mnt/out/m.h", null, "No space left on device")));
        assertEquals("/root/out: permission denied", Main.describe(new java.nio.file.AccessDeniedException("/root/out")));
        assertEquals("gcc exited 1:", Main.describe(new Processes.ToolFailure("gcc exited 1:\nerror: ...")));
    }

    @Test
    void errorLinesEscapeControlsAndStayShort(@TempDir Path dir) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(HostileModelsTest.validJson());
        // a wiring error quotes the tensor name a layer reads, which no name rule has checked
        ObjectNode pool = (ObjectNode) root.get("layers").get(1);
        pool.putArray("inputs").add("conv\u001b]0;pwned\u0007\r\u202e" + "n".repeat(1_000_000));
        Path file = dir.resolve("hostile.bwn.json");
        Files.writeString(file, JSON.writeValueAsString(root));
        Outcome r = run("inspect", file.toString());
        assertEquals(2, r.code(), r.err().substring(0, Math.min(300, r.err().length())));
        assertEquals(1, r.err().lines().count());
        assertPrintable(r.err());
        assertTrue(r.err().length() < 1000, "error line of " + r.err().length() + " characters");
        assertTrue(r.err().contains("\\u001B]0;pwned\\u0007\\r\\u202E"), r.err());

        root = (ObjectNode) JSON.readTree(HostileModelsTest.validJson());
        root.putObject("\u001b[31munknown\nfield").put("x", 1);
        Files.writeString(file, JSON.writeValueAsString(root));
        r = run("inspect", file.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertPrintable(r.err());
    }

    @Test
    void inspectEscapesAndCapsProvenance(@TempDir Path dir) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(HostileModelsTest.validJson());
        ObjectNode extra = ((ObjectNode) root.get("provenance")).putObject("extra");
        extra.put("note\u001b[2J", "line one\nline two\r\u0085\u202e\u2066 evil");
        extra.put("huge", "x".repeat(2_000_000));
        Path file = dir.resolve("m.bwn.json");
        Files.writeString(file, JSON.writeValueAsString(root));
        Outcome r = run("inspect", file.toString());
        assertEquals(0, r.code(), r.err());
        assertPrintable(r.out());
        assertTrue(r.out().contains("note\\u001B[2J: line one\\nline two\\r\\u0085\\u202E\\u2066 evil"), r.out());
        assertTrue(r.out().lines().allMatch(l -> l.length() < 400), "a line of inspect output is too long");
        assertTrue(r.out().contains("[cut: 2000000 characters in all]"), "the cut is marked");
        assertTrue(ModelIo.read(file).provenance().extra().get("huge").length() == 2_000_000, "the model is unchanged");
    }

    /** No C0 or C1 control but the line ends, no bidi or other invisible formatting character. */
    private static void assertPrintable(String text) {
        text.codePoints().forEach(cp -> assertTrue(cp == '\n' || (cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0)
                        && Character.getType(cp) != Character.FORMAT),
                String.format("U+%04X in: %s", cp, text.length() > 300 ? text.substring(0, 300) : text)));
    }
}
