package dev.bwn.hwtests.c;

import dev.bwn.codegen.c.COptions;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.Network;
import dev.bwn.model.RepoRoot;
import dev.bwn.model.data.Dataset;
import dev.bwn.model.data.LabeledImages;
import dev.bwn.model.data.Split;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.vectors.TestVectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every shipped model ({@code examples/*.bwn.json}) on all 10,000 MNIST test images on the host: same class and same
 * logits as the Java reference for every image. No invocation until the trainer ships a model.
 */
class CShippedModelsTest {
    static Stream<Path> shippedModels() throws IOException {
        Path examples = RepoRoot.find().resolve("examples");
        if (!Files.isDirectory(examples)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.list(examples)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".bwn.json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(allowZeroInvocations = true)
    @MethodSource("shippedModels")
    void allMnistTestImagesMatchTheReference(Path model, @TempDir Path dir) throws Exception {
        RequireTools.require("gcc");
        Network net = ModelIo.read(model);
        LabeledImages test = Dataset.load(Dataset.MNIST, Split.TEST);
        List<int[]> images = Arrays.asList(test.images());
        Path vectors = dir.resolve("vectors");
        TestVectors.write(net, images, vectors, false);
        CDesign design = CDesign.generate(net, COptions.defaults(), dir.resolve("c"), vectors);
        List<CRunResult> results = CHostRunner.run(List.of(design), dir, CHostRunner.Options.defaults().withDebug(false));
        CFixtures.assertAllPassed(results);
        assertEquals(test.size(), results.get(0).results().size());
    }
}
