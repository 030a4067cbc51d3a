package dev.bwn.model.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One run's hold on a folder: an operating-system lock ({@link FileChannel#tryLock}) on the folder's {@value #FILE},
 * which holds the owner's PID and start time for the message a second run prints. The operating system drops the lock
 * when its process dies, so a lock file left by a killed run is simply taken over. Closing releases the lock and
 * empties the file; the file itself stays (deleting it would let two runs lock two different files of one name).
 */
public final class FolderLock implements AutoCloseable {
    public static final String FILE = ".bwn-lock";
    private static final int MAX_HOLDER_BYTES = 256;

    /**
     * Locks this JVM holds, by file identity. The operating-system lock belongs to the process, so a second thread would
     * not be refused by it, and opening the file a second time and closing it would drop the first thread's lock.
     */
    private static final Map<Object, String> HELD_HERE = new HashMap<>();

    private final Object fileKey;
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(Object fileKey, FileChannel channel, FileLock lock) {
        this.fileKey = fileKey;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} (which must exist), creating its lock file if needed.
     *
     * @param shown how the folder is named in the message if another run holds it
     * @throws OutputException "{@code shown} is in use by PID n (since ...)" when another run holds it
     */
    public static FolderLock acquire(Path dir, Object shown) throws IOException {
        Path file = dir.resolve(FILE);
        // The lock file can move while we open it (a generated folder swapped in by its owner); retry until the file we
        // locked is still the one at the path.
        for (int attempt = 0; attempt < 10; attempt++) {
            FolderLock got = tryAcquire(file, shown);
            if (got != null) {
                return got;
            }
        }
        throw new OutputException(shown + " is in use by another bwn run (its lock file keeps changing)");
    }

    private static FolderLock tryAcquire(Path file, Object shown) throws IOException {
        synchronized (HELD_HERE) {
            Object keyBefore = fileKey(file);
            String holder = keyBefore == null ? null : HELD_HERE.get(keyBefore);
            if (holder != null) {
                throw inUse(shown, holder);
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            boolean keep = false;
            try {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    throw inUse(shown, readHolder(channel));
                }
                // Only a file that was at the path before we opened it and is still there now is the one we locked.
                Object keyAfter = fileKey(file);
                if (keyBefore == null || !keyBefore.equals(keyAfter)) {
                    return null;
                }
                String me = "PID " + ProcessHandle.current().pid() + " (since "
                        + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ")";
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                HELD_HERE.put(keyAfter, me);
                keep = true;
                return new FolderLock(keyAfter, channel, lock);
            } finally {
                if (!keep) {
                    channel.close();
                }
            }
        }
    }

    /**
     * Who holds the lock in {@code dir} ("PID n (since ...)"), or null when no live run does. Used on leftovers of a
     * folder swap.
     */
    static String holder(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        synchronized (HELD_HERE) {
            Object key = fileKey(file);
            if (key == null) {
                return null;
            }
            if (HELD_HERE.containsKey(key)) {
                return HELD_HERE.get(key);
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    return readHolder(channel);
                }
                lock.release();
                return null;
            } catch (NoSuchFileException e) {
                return null;
            }
        }
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_HOLDER_BYTES);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        return text.startsWith("PID ") && text.indexOf('\n') < 0 ? text : "another bwn run";
    }

    static OutputException inUse(Object shown, String holder) {
        return new OutputException(shown + " is in use by " + holder);
    }

    private static Object fileKey(Path file) throws IOException {
        try {
            return Objects.requireNonNull(Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey(),
                    "file identity");
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Empties the lock file, so that a finished run leaves no PID behind, and releases the lock. */
    @Override
    public void close() throws IOException {
        synchronized (HELD_HERE) {
            try {
                if (channel.isOpen()) {
                    channel.truncate(0);
                }
            } finally {
                HELD_HERE.remove(fileKey);
                lock.release();
                channel.close();
            }
        }
    }
}
