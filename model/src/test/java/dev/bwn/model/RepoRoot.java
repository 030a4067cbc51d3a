package dev.bwn.model;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root folder, for tests in any module that read the shipped examples or write golden files. */
public final class RepoRoot {
    private RepoRoot() {
    }

    /** The nearest folder at or above the working directory that holds docs/SEMANTICS.md. */
    public static Path find() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("docs/SEMANTICS.md"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root");
        }
        return p;
    }
}
