package dev.bwn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@code bwn} run in this JVM through {@link Main#run}, and the checks every bad-input test makes. */
record CliRun(int exitCode, String out, String err) {

    static CliRun bwn(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Exit code 2 and exactly one line on stderr, without a stack trace, that contains every one of {@code expected}. */
    void assertBadInput(String... expected) {
        assertEquals(Main.EXIT_BAD_INPUT, exitCode, "exit code; stderr: " + err);
        assertOneLineError(err, expected);
    }

    static void assertOneLineError(String err, String... expected) {
        assertEquals(1, err.lines().count(), "stderr must be one line: " + err);
        assertFalse(err.contains("\tat ") || err.contains("Exception:"), "stack trace or exception name: " + err);
        for (String text : expected) {
            assertFalse(!err.contains(text), "stderr lacks \"" + text + "\": " + err);
        }
    }

    /** Every file under {@code dir} (relative path) with its SHA-256: equal before and after means nothing was touched. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted().toList()) {
                String name = dir.relativize(p).toString() + (Files.isDirectory(p) ? "/" : "");
                files.put(name, Files.isDirectory(p) ? "" : sha256(Files.readAllBytes(p)));
            }
        }
        return files;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
