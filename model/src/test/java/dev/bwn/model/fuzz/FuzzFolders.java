package dev.bwn.model.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch folders of fuzz and property tests, and the default fuzzing duration. */
public final class FuzzFolders {
    /**
     * Fuzzing time per reader in the default test run; the {@code fuzz} Maven profile passes a longer
     * {@code -max_total_time} (libFuzzer takes the last one given).
     */
    public static final String DEFAULT_DURATION = "6s";

    private FuzzFolders() {
    }

    /**
     * A fresh temporary folder for the files a fuzz or property test writes, deleted when the JVM exits (a fuzz test
     * runs in its own JVM, and JUnit's @TempDir is not available to jqwik properties).
     */
    public static Path scratch(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Best effort at exit: a leftover folder in the temporary directory is harmless.
        }
    }
}
