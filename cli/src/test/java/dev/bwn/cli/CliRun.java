package dev.bwn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One {@code bwn} command run in this JVM through {@link Main#run}, with its exit code and both streams. */
public record CliRun(int code, String out, String err) {
    public static CliRun bwn(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Asserts exit code 2 and exactly one line on stderr, without a stack trace, containing {@code expected}. */
    public CliRun assertRefused(String expected) {
        assertEquals(Main.EXIT_BAD_INPUT, code, "exit code; stderr:\n" + err + "stdout:\n" + out);
        assertEquals(1, err.lines().count(), "one line of stderr expected, got:\n" + err);
        assertTrue(err.contains(expected), "expected \"" + expected + "\" in: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
        return this;
    }

    public CliRun assertOk() {
        assertEquals(Main.EXIT_OK, code, "exit code; stderr:\n" + err + "stdout:\n" + out);
        return this;
    }
}
