package dev.bwn.model.io;

import dev.bwn.model.OneLine;

import java.nio.file.Path;

/**
 * An input file that cannot be used as it is: not a regular file, larger than its limit, not valid UTF-8, unreadable,
 * or (for formats without a richer exception of their own) malformed. The message is one line that starts with the
 * file; the CLI prints it and exits with code 2.
 */
public final class InputFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public InputFileException(Path file, String problem) {
        super(OneLine.of(file + ": " + problem));
        this.file = file;
    }

    public InputFileException(Path file, String problem, Throwable cause) {
        super(OneLine.of(file + ": " + problem), cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
