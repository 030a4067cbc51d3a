package dev.bwn.model.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Writes a generated folder (C design, Verilog design, demo report) so that its readers only ever see the whole old
 * folder or the whole new one. The new content is written into a marked, locked staging folder beside the target; then
 * the target is renamed away, the staging folder renamed in, and the old one deleted. A target that is a symbolic link
 * is followed: its target folder gets the new content and the link stays a link.
 *
 * <p>Linux cannot exchange two folders in one call, so a crash between the two renames leaves no folder at the target,
 * the whole old folder as {@code .NAME.bwn-previous-*} and the whole new one as {@code .NAME.bwn-staging-*}, both
 * marked. The next run that writes the target puts the old folder back before anything else and deletes the staging
 * folder; leftovers of a crash at any other point are deleted by that run too, once it holds the target's lock.
 */
public final class GeneratedFolder {
    private static final String STAGING = ".bwn-staging-";
    private static final String PREVIOUS = ".bwn-previous-";
    private static final int ATTEMPTS = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Test hook, called with the name of each write or rename point; crash tests make it throw, or halt the JVM, at
     * each point in turn.
     */
    static volatile Consumer<String> crashPoint = step -> { };

    /** Writes the content of a generated folder into the (empty) staging folder it is given. */
    @FunctionalInterface
    public interface Filler {
        void fill(Path staging) throws IOException;
    }

    private GeneratedFolder() {
    }

    /** A file whose name ends so holds bytes, one char (0 to 255) each, written in ISO-8859-1. */
    public static final String BINARY_SUFFIX = ".bin";

    /**
     * Replaces {@code dir} whole with {@code files} (path to UTF-8 text, or bytes for a {@link #BINARY_SUFFIX} file);
     * a path may name a subfolder ({@code cortex-m/main.c}), which is created, but never leave the folder.
     */
    public static void write(Path dir, OutputKind kind, Map<String, String> files) {
        replace(dir, kind, false, staging -> {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path file = staging.resolve(f.getKey()).normalize();
                if (!file.startsWith(staging) || file.equals(staging)) {
                    throw new IllegalArgumentException("generated file path leaves the folder: " + f.getKey());
                }
                Files.createDirectories(file.getParent());
                Files.writeString(file, f.getValue(),
                        f.getKey().endsWith(BINARY_SUFFIX) ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
                step("wrote " + f.getKey());
            }
        });
    }

    /**
     * Refuses {@code dir} now, before a long run, if {@link #replace} would: not a folder, someone else's files, a
     * folder of another kind, or in use by another run.
     */
    public static void checkReplaceable(Path dir, OutputKind kind) {
        Path target = OutputPaths.real(dir, dir);
        try {
            Marker.checkUsable(target, dir, kind);
            String holder = OutputPaths.exists(target) ? FolderLock.holder(target) : null;
            if (holder != null) {
                throw FolderLock.inUse(dir, holder);
            }
        } catch (IOException e) {
            throw OutputException.cannotWrite(dir, e);
        }
    }

    /**
     * Replaces {@code dir} whole with what {@code filler} writes, holding the target's lock throughout.
     *
     * @param keepFailedStaging leave the staging folder for diagnosis when {@code filler} fails (it is marked; the next
     *                          run deletes it)
     * @throws OutputException when the target may not be replaced or cannot be written; nothing is changed then
     */
    public static void replace(Path dir, OutputKind kind, boolean keepFailedStaging, Filler filler) {
        Path target = OutputPaths.real(dir, dir);
        if (target.getParent() == null) {
            throw new OutputException(dir + ": is the root folder; name an output inside it");
        }
        try {
            Files.createDirectories(target.getParent());
            boolean[] created = new boolean[1];
            FolderLock lock = lockTarget(target, dir, kind, created);
            boolean done = false;
            try {
                step("locked");
                swapIn(target, dir, kind, keepFailedStaging, filler);
                done = true;
            } finally {
                try {
                    // a folder this run made and never filled goes again (before the lock is let go)
                    if (!done && created[0] && Marker.holdsOnlyBwnFiles(target)) {
                        deleteTree(target);
                    }
                } finally {
                    lock.close();
                }
            }
        } catch (IOException e) {
            throw OutputException.cannotWrite(dir, e);
        }
    }

    private static void swapIn(Path target, Path shown, OutputKind kind, boolean keepFailedStaging, Filler filler)
            throws IOException {
        Path parent = target.getParent();
        String name = target.getFileName().toString();
        Path staging = createStaging(parent, name);
        step("staging created");
        String unique = staging.getFileName().toString().substring(("." + name + STAGING).length());
        Path previous = parent.resolve("." + name + PREVIOUS + unique);
        boolean swapped = false;
        boolean filled = false;
        try {
            Marker.write(staging, kind);
            step("marker written");
            // Locked too, so that once renamed in it keeps the target locked until this run ends.
            FolderLock stagingLock = FolderLock.acquire(staging, shown);
            try {
                filler.fill(staging);
                filled = true;
                step("staged");
                move(target, previous);
                step("old moved away");
                move(staging, target);
                swapped = true;
                step("new moved in");
                try {
                    deleteTree(previous);
                } catch (IOException e) {
                    // the new folder is in place; the marked leftover is deleted by the next run
                }
                step("old deleted");
            } finally {
                stagingLock.close();
            }
        } finally {
            if (!swapped) {
                if (!OutputPaths.exists(target) && OutputPaths.exists(previous)) {
                    move(previous, target);
                }
                if (filled || !keepFailedStaging) {
                    deleteTree(staging);
                }
            }
        }
    }

    /**
     * Locks the target folder, creating it when missing (or putting back the old folder a crashed run left between its
     * renames), and deletes the leftovers of dead runs. {@code created[0]} says whether this call made the folder.
     */
    private static FolderLock lockTarget(Path target, Path shown, OutputKind kind, boolean[] created) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            created[0] = false;
            if (!OutputPaths.exists(target)) {
                // No folder: a first run, or a run that died (or is right now) between its two renames.
                List<Path> leftovers = leftovers(target);
                for (Path leftover : leftovers) {
                    String holder = FolderLock.holder(leftover);
                    if (holder != null) {
                        throw FolderLock.inUse(shown, holder);
                    }
                }
                Path previous = leftovers.stream().filter(p -> p.getFileName().toString().contains(PREVIOUS))
                        .filter(GeneratedFolder::isMarked).findFirst().orElse(null);
                try {
                    if (previous != null) {
                        move(previous, target);
                        step("old put back");
                    } else {
                        Files.createDirectory(target);
                        created[0] = true;
                    }
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException | NoSuchFileException e) {
                    continue; // another run got there first; look again
                }
            }
            Marker.checkUsable(target, shown, kind);
            FolderLock lock = FolderLock.acquire(target, shown);
            boolean ok = false;
            try {
                if (Marker.read(target).isEmpty()) {
                    Marker.write(target, kind);
                }
                // a leftover's run is dead when its lock is free; a staging folder without a marker died right after
                // it was made, before anything was written into it
                for (Path leftover : leftovers(target)) {
                    if (FolderLock.holder(leftover) == null && (isMarked(leftover) || Marker.holdsOnlyBwnFiles(leftover))) {
                        deleteTree(leftover);
                    }
                }
                ok = true;
                return lock;
            } finally {
                if (!ok) {
                    lock.close();
                }
            }
        }
        throw new OutputException(shown + ": changed under this run too often; try again");
    }

    /**
     * A new, uniquely named staging folder. Not {@link Files#createTempDirectory}: its owner-only permissions would
     * become the generated folder's; this one gets the usual permissions of the user's umask.
     */
    private static Path createStaging(Path parent, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path staging = parent.resolve("." + name + STAGING + Long.toUnsignedString(RANDOM.nextLong(), 36));
            try {
                return Files.createDirectory(staging);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static List<Path> leftovers(Path target) throws IOException {
        String prefix = "." + target.getFileName();
        List<Path> found = new ArrayList<>();
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            siblings.filter(p -> {
                String n = p.getFileName().toString();
                return (n.startsWith(prefix + STAGING) || n.startsWith(prefix + PREVIOUS))
                        && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
            }).sorted().forEach(found::add);
        }
        return found;
    }

    private static boolean isMarked(Path dir) {
        try {
            return Marker.read(dir).isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Deletes a folder bwn made, without following symbolic links out of it. */
    static void deleteTree(Path dir) throws IOException {
        if (!OutputPaths.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static void step(String name) {
        crashPoint.accept(name);
    }
}
