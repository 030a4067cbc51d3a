package dev.bwn.model.output;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * An output bwn may not or cannot write: a folder holding someone else's files, one in use by another run, an output
 * that would overwrite an input, a read-only folder or a full disk. The user fixes it by choosing another output, so it
 * is reported like bad input (one line, exit code 2).
 */
public final class OutputException extends RuntimeException {
    public OutputException(String message) {
        super(message);
    }

    public OutputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code shown}: cannot write (the operating system's reason, in one line). */
    public static OutputException cannotWrite(Object shown, IOException cause) {
        return new OutputException(shown + ": cannot write: " + reason(cause), cause);
    }

    static String reason(IOException e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied" + (a.getFile() == null ? "" : " (" + a.getFile() + ")");
        }
        if (e instanceof FileAlreadyExistsException f && f.getFile() != null) {
            return f.getFile() + (Files.isDirectory(Path.of(f.getFile())) ? " already exists" : " exists and is not a folder");
        }
        if (e instanceof NoSuchFileException f && f.getFile() != null) {
            return f.getFile() + ": no such file or folder";
        }
        if (e instanceof NotDirectoryException f && f.getFile() != null) {
            return f.getFile() + " is not a folder";
        }
        if (e instanceof FileSystemException f) {
            String why = f.getReason() == null ? f.getClass().getSimpleName().replace("Exception", "") : f.getReason();
            return f.getFile() == null ? why : why + " (" + f.getFile() + ")";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }
}
