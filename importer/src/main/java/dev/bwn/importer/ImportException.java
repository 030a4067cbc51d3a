package dev.bwn.importer;

import dev.bwn.model.OneLine;

/**
 * An ONNX file that cannot be imported: malformed, too large, a graph that is not well formed, or a node bwn cannot
 * map (an unsupported operator or attribute, weights that are not binary). One line naming the file and, where there
 * is one, the node; the CLI prints it and exits with code 2.
 */
public final class ImportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ImportException(String message) {
        super(OneLine.of(message));
    }

    public ImportException(String message, Throwable cause) {
        super(OneLine.of(message), cause);
    }
}
