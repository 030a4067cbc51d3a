package dev.bwn.hwtests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs external tools (compilers, simulators, synthesis) with a time limit, capturing what they print. */
public final class Processes {
    /** What a finished process left: its exit code and everything it printed (stderr merged into {@code output}). */
    public record Result(List<String> command, int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** Throws with the command and its output when it did not exit 0. */
        public Result orThrow() {
            if (exitCode != 0) {
                throw new ToolFailure(String.join(" ", command) + " exited " + exitCode + ":\n" + tail(output, 4000));
            }
            return this;
        }
    }

    /** An external tool failed; the message carries its command line and output. */
    public static final class ToolFailure extends RuntimeException {
        public ToolFailure(String message) {
            super(message);
        }
    }

    private Processes() {
    }

    public static Result run(List<String> command, Path workDir, Duration timeout) {
        try {
            Path log = Files.createTempFile("bwn-proc", ".log");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor();
                    return new Result(command, 124, Files.readString(log, StandardCharsets.UTF_8)
                            + "\n[bwn] timed out after " + timeout.toSeconds() + " s");
                }
                return new Result(command, p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            return new Result(command, 127, "cannot start " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(command, 130, "interrupted");
        }
    }

    public static String tail(String s, int maxChars) {
        return s.length() <= maxChars ? s : "..." + s.substring(s.length() - maxChars);
    }
}
