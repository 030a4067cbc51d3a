package dev.bwn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Every entry under a folder with its kind and SHA-256 (links by their target, never followed; pipes and devices
 * listed, never opened; files above 64 MiB, the sparse ones, by size and modification time), so a test can show that
 * a command touched nothing outside its output.
 */
public final class FolderSnapshot {
    private static final long HASHED_BYTES = 64L << 20;

    private FolderSnapshot() {
    }

    /** Relative path to "dir", "link -> TARGET" or "SHA-256 of the content", for everything under {@code root}. */
    public static SortedMap<String, String> of(Path root) {
        return of(root, p -> true);
    }

    /** As {@link #of(Path)}, leaving out entries (and the subtrees of folders) that {@code keep} rejects. */
    public static SortedMap<String, String> of(Path root, Predicate<Path> keep) {
        SortedMap<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> !p.equals(root)).toList()) {
                if (!isKept(root, p, keep)) {
                    continue;
                }
                String name = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    entries.put(name, "link -> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    entries.put(name, "dir");
                } else if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    entries.put(name, "special");
                } else if (Files.size(p) > HASHED_BYTES) {
                    entries.put(name, Files.size(p) + " bytes @ " + Files.getLastModifiedTime(p));
                } else {
                    entries.put(name, sha256(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** Everything under {@code root} except {@code output} and what is inside it. */
    public static SortedMap<String, String> outside(Path root, Path output) {
        return of(root, p -> !p.startsWith(output));
    }

    /** The content of a generated folder, without its lock file (which holds the PID of the last run). */
    public static Map<String, String> design(Path dir) {
        return of(dir, p -> !p.getFileName().toString().equals(".bwn-lock"));
    }

    /** Everything under {@code root} but empty {@code .bwn-lock} files in folders with a {@code .bwn-output} marker. */
    public static SortedMap<String, String> withoutEmptyLocks(Path root) {
        return of(root, p -> {
            try {
                return !(p.getFileName().toString().equals(".bwn-lock") && Files.size(p) == 0
                        && Files.isRegularFile(p.resolveSibling(".bwn-output")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static boolean isKept(Path root, Path p, Predicate<Path> keep) {
        for (Path q = p; q != null && !q.equals(root); q = q.getParent()) {
            if (!keep.test(q)) {
                return false;
            }
        }
        return true;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
