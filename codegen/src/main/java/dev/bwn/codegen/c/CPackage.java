package dev.bwn.codegen.c;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A build-system layout {@code bwn gen c --package} adds to the generated folder. {@link #PLAIN} is the folder as
 * always written (NAME.h, NAME.c, NAME_vectors.h, the example and its Makefile, README.md, the Cortex-M project);
 * the others add their metadata beside it.
 */
public enum CPackage {
    /** Nothing more than the plain folder. */
    PLAIN,
    /** {@code CMakeLists.txt} exporting a library target NAME, with install and export rules. */
    CMAKE,
    /** A Zephyr module: {@code zephyr/module.yml}, {@code zephyr/CMakeLists.txt}, {@code zephyr/Kconfig}. */
    ZEPHYR,
    /** An Arduino library (1.5 format): {@code library.properties}, {@code src/}, {@code examples/NAME_classify/}. */
    ARDUINO,
    /** A PlatformIO library: {@code library.json} over the same {@code src/} and example as Arduino's. */
    PLATFORMIO;

    /** The name on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a command-line name; the message lists the names accepted. */
    public static CPackage parse(String text) {
        for (CPackage p : values()) {
            if (p.label().equals(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown package \"" + text + "\", expected one of "
                + Arrays.stream(values()).map(CPackage::label).collect(Collectors.joining(", ")));
    }

    /** Whether the package compiles NAME.c as a separate source (a single-header design has none). */
    public boolean needsSourceFile() {
        return this != PLAIN;
    }
}
