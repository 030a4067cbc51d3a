package dev.bwn.model.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Checks an output path against the inputs of the same command before anything is written. Paths are compared as real
 * paths (symbolic links followed; for a path that does not exist yet, through its nearest existing ancestor), so a link
 * or a {@code ..} cannot hide that an output folder holds the model it is generated from.
 */
public final class OutputPaths {
    private static final int MAX_LINKS = 40;

    private OutputPaths() {
    }

    /**
     * Checks the output given as {@code option output}: not empty, not the root folder, and neither equal to nor
     * containing any of {@code inputs} (null entries are skipped).
     *
     * @return the real path to write to (a symbolic link's target, so the link stays a link)
     */
    public static Path checkOutput(String option, Path output, Path... inputs) {
        if (output == null || output.toString().isEmpty()) {
            throw new OutputException(option + ": empty path; name the output");
        }
        String shown = option + " " + output;
        Path real = real(output, shown);
        if (real.getParent() == null) {
            throw new OutputException(shown + ": is the root folder; name an output inside it");
        }
        for (Path input : inputs) {
            if (input == null || input.toString().isEmpty()) {
                continue;
            }
            Path realInput = real(input, input.toString());
            if (realInput.startsWith(real)) {
                throw new OutputException(shown + (realInput.equals(real) ? ": is the input " : ": contains the input ")
                        + input + "; choose another output");
            }
        }
        return real;
    }

    /** The real location {@code path} names; for a path that does not exist yet, that of its nearest existing ancestor. */
    public static Path real(Path path, Object shown) {
        try {
            return real(path.toAbsolutePath(), 0);
        } catch (IOException e) {
            throw new OutputException(shown + ": " + OutputException.reason(e), e);
        }
    }

    private static Path real(Path absolute, int links) throws IOException {
        if (links > MAX_LINKS) {
            throw new OutputException(absolute + ": too many levels of symbolic links");
        }
        if (Files.exists(absolute)) {
            return absolute.toRealPath();
        }
        Path parent = absolute.getParent();
        if (parent == null) {
            return absolute;
        }
        if (Files.isSymbolicLink(absolute)) {
            // a link to a path that does not exist yet: writing through it creates its target
            return real(parent.resolve(Files.readSymbolicLink(absolute)), links + 1);
        }
        // the parent's real path has no links left in it, so ".." and "." can be resolved by name
        return real(parent, links).resolve(absolute.getFileName()).normalize();
    }

    /** Whether {@code p} itself exists (a dangling link does; nothing is followed). */
    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
