package dev.bwn.hwtests;

import java.io.File;
import java.util.Optional;

/**
 * Finds the external tools the hardware checks run. A test that needs a missing tool is skipped on a developer
 * machine but fails under CI ({@code CI=true}): a skipped hardware test must never pass as a green build.
 */
public final class Tools {
    private Tools() {
    }

    public static Optional<String> find(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, executable);
            if (f.isFile() && f.canExecute()) {
                return Optional.of(f.getAbsolutePath());
            }
        }
        return Optional.empty();
    }

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Whether the long, opt-in sweeps run ({@code mvn -Pexhaustive}). */
    public static boolean exhaustive() {
        return Boolean.getBoolean("bwn.tests.exhaustive");
    }
}
