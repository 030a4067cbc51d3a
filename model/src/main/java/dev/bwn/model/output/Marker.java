package dev.bwn.model.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The file that makes a folder bwn's own. bwn replaces or deletes a folder only when it carries this marker (or is
 * empty); a folder without it holds the user's files and is refused.
 */
public final class Marker {
    public static final String FILE = ".bwn-output";
    private static final String PREFIX = "bwn-output: ";
    /** A marker is two short lines; anything longer is not one of ours and is not read into memory. */
    private static final int MAX_BYTES = 1024;

    private Marker() {
    }

    static void write(Path dir, OutputKind kind) throws IOException {
        Files.writeString(dir.resolve(FILE), PREFIX + kind.token() + "\n"
                + "# Written by bwn: this folder is bwn output and is replaced or deleted whole by the next bwn run that "
                + "writes here. Delete this file to keep bwn from touching the folder.\n", StandardCharsets.UTF_8);
    }

    /**
     * What the marker in {@code dir} says: empty when there is no marker; a marker of a kind this version does not
     * know (a newer bwn) counts as foreign.
     */
    static Optional<OutputKind> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(MAX_BYTES);
        }
        String first = new String(head, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        return first.startsWith(PREFIX) ? OutputKind.fromToken(first.substring(PREFIX.length()).strip()) : Optional.empty();
    }

    static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** True when {@code dir} exists and holds nothing but a marker and a lock file: a folder made and never filled. */
    static boolean holdsOnlyBwnFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).allMatch(n -> n.equals(FILE) || n.equals(FolderLock.FILE));
        }
    }

    /**
     * Refuses {@code dir} unless bwn may use it for {@code kind}: missing, empty, or marked with an acceptable kind
     * (any generated kind for a generated folder, the same kind for a run or work folder).
     */
    static void checkUsable(Path dir, Object shown, OutputKind kind) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new OutputException(shown + ": exists and is not a folder");
        }
        Optional<OutputKind> found = read(dir);
        if (found.isEmpty()) {
            if (isEmpty(dir)) {
                return;
            }
            throw new OutputException(shown + ": holds files bwn did not write (no " + FILE + " marker); "
                    + "choose a new or empty folder");
        }
        boolean acceptable = kind.generated() ? found.get().generated() : found.get() == kind;
        if (!acceptable) {
            throw new OutputException(shown + ": holds a " + found.get().description() + ", not a "
                    + kind.description() + "; choose another folder");
        }
    }
}
