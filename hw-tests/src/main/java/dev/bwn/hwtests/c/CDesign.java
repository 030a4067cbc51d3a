package dev.bwn.hwtests.c;

import dev.bwn.codegen.GenerationException;
import dev.bwn.codegen.Identifiers;
import dev.bwn.codegen.c.CGenerator;
import dev.bwn.codegen.c.COptions;
import dev.bwn.model.Network;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A generated C design to check: the network it came from (the reference), the folder with the generated files,
 * their C prefix, and the folder of test vectors (docs/SEMANTICS.md section 7) to run it on.
 */
public record CDesign(Network network, Path designDir, String prefix, boolean singleHeader, Path vectorsDir) {

    /** Generates the C of {@code network} into {@code designDir}; the vectors are expected in {@code vectorsDir}. */
    public static CDesign generate(Network network, COptions options, Path designDir, Path vectorsDir) throws IOException {
        CGenerator.Output out = CGenerator.generate(network, options);
        GeneratedFolder.write(designDir, OutputKind.C_DESIGN, out.files());
        return new CDesign(network, designDir, out.model().prefix(), out.model().singleHeader(), vectorsDir);
    }

    /**
     * A design generated earlier (e.g. by {@code bwn gen c}): the prefix is read from the one {@code *_example.c} in the
     * folder; it is a single-header design when there is no {@code PREFIX.c}.
     */
    public static CDesign existing(Network network, Path designDir, Path vectorsDir) throws IOException {
        List<String> examples = new ArrayList<>();
        try (Stream<Path> files = Files.list(designDir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("_example.c")).forEach(examples::add);
        }
        if (examples.size() != 1) {
            throw new GenerationException(designDir + ": expected one generated *_example.c, found " + examples.size());
        }
        String prefix = examples.get(0).substring(0, examples.get(0).length() - "_example.c".length());
        if (!Identifiers.cPrefix(prefix).equals(prefix)) {
            // the prefix becomes C identifiers and macros of the batch driver: only a name bwn generates will do
            throw new GenerationException(designDir + ": " + prefix + "_example.c is not named by bwn (prefix \""
                    + prefix + "\" is not one bwn generates)");
        }
        if (!Files.isRegularFile(designDir.resolve(prefix + ".h"))) {
            throw new GenerationException(designDir + ": " + prefix + ".h is missing");
        }
        boolean single = !Files.isRegularFile(designDir.resolve(prefix + ".c"));
        return new CDesign(network, designDir, prefix, single, vectorsDir);
    }

    /** The C files to compile: the example and, unless single-header, the model source. */
    public List<Path> sources() {
        List<Path> sources = new ArrayList<>();
        sources.add(designDir.resolve(prefix + "_example.c"));
        if (!singleHeader) {
            sources.add(designDir.resolve(prefix + ".c"));
        }
        return sources;
    }

    /** The prefix of the design's macros ({@code PREFIX_DEBUG}, {@code PREFIX_EXAMPLE_NO_MAIN}). */
    public String macroPrefix() {
        return prefix.toUpperCase(java.util.Locale.ROOT);
    }
}
