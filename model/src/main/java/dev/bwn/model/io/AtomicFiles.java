package dev.bwn.model.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes files so that a reader, or a crash, never sees half of one: temp file in the same folder, then rename. The
 * temp file is named {@code .NAME.<digits>.tmp}; a crash between the two steps can leave one behind, and
 * {@link #deleteStaleTemporaries} removes exactly those. Each write passes the {@link CrashPoint}s
 * {@code NAME:written} (temp file complete, not yet renamed) and {@code NAME:renamed}.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    public static void writeString(Path target, String content) throws IOException {
        writeBytes(target, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeBytes(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = newTemporary(dir, target.getFileName().toString());
        try {
            Files.write(tmp, content, StandardOpenOption.WRITE);
            CrashPoint.reach(target.getFileName() + ":written");
            moveIntoPlace(tmp, target);
            CrashPoint.reach(target.getFileName() + ":renamed");
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * An empty new file {@code .NAME.<digits>.tmp}. Not {@link Files#createTempFile}: that makes the file private
     * (0600), and the renamed result would not get the permissions the user's umask gives every other file.
     */
    private static Path newTemporary(Path dir, String name) throws IOException {
        while (true) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                // Another writer drew the same number; draw again.
            }
        }
    }

    /**
     * Deletes the temp files that {@link #writeBytes} left beside {@code dir/name} when a crash interrupted it, and
     * nothing else.
     */
    public static void deleteStaleTemporaries(Path dir, String name) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Pattern temporary = Pattern.compile("\\." + Pattern.quote(name) + "\\.\\d+\\.tmp");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> temporary.matcher(f.getFileName().toString()).matches()).toList()) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(file);
                }
            }
        }
    }

    public static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
