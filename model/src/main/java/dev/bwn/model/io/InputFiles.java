package dev.bwn.model.io;

import dev.bwn.model.Limits;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one way every reader opens an input file. The file must be a regular file (a FIFO or device would be read
 * forever, a folder not at all) no larger than the reader's limit, checked from its attributes before it is opened;
 * reading stops one byte past the limit too, for files whose size the file system does not know (/proc).
 */
public final class InputFiles {
    private InputFiles() {
    }

    /** The size of {@code file}, after checking that it is a regular file of at most {@code limit} bytes. */
    public static long checkedSize(Path file, long limit) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new InputFileException(file, "no such file");
        } catch (IOException e) {
            throw new InputFileException(file, "cannot read: " + e.getMessage(), e);
        }
        if (attributes.isDirectory()) {
            throw new InputFileException(file, "is a folder, expected a file");
        }
        if (!attributes.isRegularFile()) {
            throw new InputFileException(file, "is not a regular file (a pipe, device or socket); refusing to read it");
        }
        if (attributes.size() > limit) {
            throw new InputFileException(file, "is " + Limits.bytes(attributes.size()) + ", above the limit of "
                    + Limits.bytes(limit));
        }
        return attributes.size();
    }

    /** The whole content of {@code file}, at most {@code limit} bytes. */
    public static byte[] readBytes(Path file, long limit) {
        checkedSize(file, limit);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] content = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            if (content.length > limit) {
                throw new InputFileException(file, "is larger than the limit of " + Limits.bytes(limit));
            }
            return content;
        } catch (IOException e) {
            throw new InputFileException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Opens {@code file} for reading after {@link #checkedSize}; wraps the failure to open. */
    public static InputStream open(Path file, long limit) {
        checkedSize(file, limit);
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new InputFileException(file, "cannot read: " + e.getMessage(), e);
        }
    }
}
