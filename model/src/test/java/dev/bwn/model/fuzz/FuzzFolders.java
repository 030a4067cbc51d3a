package dev.bwn.model.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch folders of fuzz tests, and their default duration. */
public final class FuzzFolders {
    /**
     * Fuzzing time per reader in the default test run; the {@code fuzz} Maven profile passes a longer
     * {@code -max_total_time} (libFuzzer takes the last one given).
     */
    public static final String DEFAULT_DURATION = "6s";

    private FuzzFolders() {
    }

    public static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
