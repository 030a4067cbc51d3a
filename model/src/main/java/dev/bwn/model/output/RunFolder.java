package dev.bwn.model.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A folder one run writes into over time (a training run, a verify work folder), held under its lock for the whole
 * run. It is created, or an empty folder is taken and marked, or a folder marked with the same kind is reused; any other
 * folder is refused. bwn never deletes a run folder, except one this run created and left with nothing in it.
 */
public final class RunFolder implements AutoCloseable {
    private final Path path;
    private final FolderLock lock;
    private final boolean created;
    private final boolean deleteOnClose;

    private RunFolder(Path path, FolderLock lock, boolean created, boolean deleteOnClose) {
        this.path = path;
        this.lock = lock;
        this.created = created;
        this.deleteOnClose = deleteOnClose;
    }

    /** A new folder under the system's temporary folder, deleted on close unless {@code keep}. */
    public static RunFolder temporary(String prefix, OutputKind kind, boolean keep) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            RunFolder opened = open(dir, kind);
            return new RunFolder(opened.path, opened.lock, true, !keep);
        } catch (IOException e) {
            throw OutputException.cannotWrite("temporary folder", e);
        }
    }

    /**
     * Opens {@code dir} for a new run of {@code kind}.
     *
     * @throws OutputException when the folder holds someone else's files or another kind of output, is in use by another
     *                         run, or cannot be created
     */
    public static RunFolder open(Path dir, OutputKind kind) {
        Path real = OutputPaths.real(dir, dir);
        try {
            Marker.checkUsable(real, dir, kind);
            boolean created = !OutputPaths.exists(real);
            Files.createDirectories(real);
            FolderLock lock = FolderLock.acquire(real, dir);
            try {
                if (Marker.read(real).isEmpty()) {
                    Marker.write(real, kind);
                }
            } catch (IOException | RuntimeException e) {
                lock.close();
                throw e;
            }
            return new RunFolder(real, lock, created, false);
        } catch (IOException e) {
            throw OutputException.cannotWrite(dir, e);
        }
    }

    /**
     * Opens an existing run folder to continue it (a resumed training run). Folders from before markers existed have
     * none and are accepted; a folder marked as another kind is refused.
     */
    public static RunFolder reopen(Path dir, OutputKind kind) {
        Path real = OutputPaths.real(dir, dir);
        try {
            if (!Files.isDirectory(real)) {
                throw new OutputException(dir + ": no such folder");
            }
            if (Marker.read(real).filter(k -> k != kind).isPresent()) {
                Marker.checkUsable(real, dir, kind);
            }
            return new RunFolder(real, FolderLock.acquire(real, dir), false, false);
        } catch (IOException e) {
            throw OutputException.cannotWrite(dir, e);
        }
    }

    /** The folder's real path. */
    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        try {
            if (deleteOnClose || created && Marker.holdsOnlyBwnFiles(path)) {
                GeneratedFolder.deleteTree(path);
            }
        } finally {
            lock.close();
        }
    }
}
