package dev.bwn.codegen.c;

import dev.bwn.model.Network;
import dev.bwn.model.RepoRoot;
import dev.bwn.model.io.ModelIo;
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
 * The generated C of every shipped model ({@code examples/*.bwn.json}) is committed under
 * {@code examples/generated/c/PREFIX/}. This test regenerates it and fails on any difference, writing the new files so
 * that {@code git diff} shows the template drift to review (OpenAPI Generator's samples check). A folder there that
 * no shipped model produces is stale and fails the test too.
 */
class CExamplesGoldenTest {
    @Test
    void committedGeneratedCMatchesTheTemplates() throws IOException {
        Path root = RepoRoot.find();
        Path examples = root.resolve("examples");
        Path generated = examples.resolve("generated").resolve("c");
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
            CGenerator.Output out = CGenerator.generate(net, COptions.defaults());
            Path dir = generated.resolve(out.model().prefix());
            expectedFolders.add(out.model().prefix());
            for (Map.Entry<String, String> file : out.files().entrySet()) {
                Path committed = dir.resolve(file.getKey());
                String old = Files.isRegularFile(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : null;
                if (!file.getValue().equals(old)) {
                    Files.createDirectories(committed.getParent());
                    Files.writeString(committed, file.getValue(), StandardCharsets.UTF_8);
                    problems.add(root.relativize(committed) + (old == null ? " was missing" : " differed") + "; regenerated, review and commit it");
                }
            }
        }
        if (Files.isDirectory(generated)) {
            try (Stream<Path> dirs = Files.list(generated)) {
                dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !expectedFolders.contains(n))
                        .forEach(n -> problems.add("examples/generated/c/" + n + " has no shipped model; delete it"));
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
