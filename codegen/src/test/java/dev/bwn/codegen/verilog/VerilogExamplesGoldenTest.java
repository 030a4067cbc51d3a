package dev.bwn.codegen.verilog;

import dev.bwn.model.Network;
import dev.bwn.model.RepoRoot;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.output.GeneratedFolder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated Verilog of every shipped model ({@code examples/*.bwn.json}, folded for the up5k) is committed under
 * {@code examples/generated/verilog/TOP/}. This test regenerates it and fails on any difference, writing the new files
 * so that {@code git diff} shows the template drift to review; a committed file or folder that generation no longer
 * produces fails the test too.
 */
class VerilogExamplesGoldenTest {
    /** The shipped examples whose pipeline does not fit the up5k, so that {@link EngineChoice} takes the engine. */
    private static final java.util.Set<String> TAKE_THE_SEQUENTIAL_ENGINE = java.util.Set.of("mnist-resnet8");

    /** Stamped into the committed files instead of the build's version, so a release does not churn them. */
    static final String TOOL = "bwn";

    @Test
    void committedGeneratedVerilogMatchesTheTemplates() throws IOException {
        Path root = RepoRoot.find();
        Path examples = root.resolve("examples");
        Path generated = examples.resolve("generated").resolve("verilog");
        List<String> problems = new ArrayList<>();
        Set<String> expectedFolders = new TreeSet<>();
        List<Path> models = new ArrayList<>();
        if (Files.isDirectory(examples)) {
            try (Stream<Path> files = Files.list(examples)) {
                files.filter(p -> p.getFileName().toString().endsWith(".bwn.json")).sorted().forEach(models::add);
            }
        }
        for (Path model : models) {
            Network net = ModelIo.read(model);
            VerilogDesign design = VerilogLowering.lower(net, VerilogLowering.Options.auto(Device.UP5K, TOOL));
            // what `gen verilog --engine auto` builds on the up5k: this pipeline when it fits, else the sequential engine
            if (AutoFolder.fits(design) != !TAKE_THE_SEQUENTIAL_ENGINE.contains(net.name())) {
                problems.add(net.name() + (AutoFolder.fits(design) ? " now fits as a pipeline" : " no longer fits as a pipeline: "
                        + AutoFolder.shortfall(design)) + "; --engine auto changes its design");
            }
            Map<String, String> files = VerilogGenerator.files(design);
            Path dir = generated.resolve(design.topModule());
            expectedFolders.add(design.topModule());
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path committed = dir.resolve(file.getKey());
                // the flash image of weights in SPRAM holds bytes, one char each
                java.nio.charset.Charset charset = file.getKey().endsWith(GeneratedFolder.BINARY_SUFFIX)
                        ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
                String old = Files.isRegularFile(committed) ? Files.readString(committed, charset) : null;
                if (!file.getValue().equals(old)) {
                    Files.createDirectories(committed.getParent());
                    Files.writeString(committed, file.getValue(), charset);
                    problems.add(root.relativize(committed) + (old == null ? " was missing" : " differed") + "; regenerated, review and commit it");
                }
            }
            if (Files.isDirectory(dir)) {
                // every file, also in a subfolder (sim/), by its generated name: "sub/name"
                try (Stream<Path> present = Files.walk(dir)) {
                    present.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                            .filter(n -> !files.containsKey(n)).sorted()
                            .forEach(n -> problems.add(root.relativize(dir.resolve(n)) + " is no longer generated; delete it"));
                }
            }
        }
        if (Files.isDirectory(generated)) {
            try (Stream<Path> dirs = Files.list(generated)) {
                dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !expectedFolders.contains(n))
                        .forEach(n -> problems.add("examples/generated/verilog/" + n + " has no shipped model; delete it"));
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
