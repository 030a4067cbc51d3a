package dev.bwn.model.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bwn.model.ModelException;
import dev.bwn.model.data.CifarReader;
import dev.bwn.model.data.DatasetException;
import dev.bwn.model.data.IdxReader;
import dev.bwn.model.data.Split;
import dev.bwn.model.io.InputFileException;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.vectors.TestVectors;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Coverage-guided fuzzing of every reader in the model module: the model file, IDX images and labels, CIFAR-10
 * batches and test-vector value files. The last byte of an input picks the reader (Jazzer fuzzes one test per JVM,
 * so one target per module keeps the default run short); the rest is the file. The corpus, valid and hostile files
 * of each kind followed by their reader's byte, is in ModelReadersFuzzTestInputs.
 */
class ModelReadersFuzzTest {
    /** One reader: the file name it reads, and the property it must keep. */
    record Target(String fileName, ReaderProperty property) {
    }

    static final List<Target> TARGETS = List.of(
            new Target("fuzzed.bwn.json", ReaderProperty.of(ModelIo::read, ModelException.class, InputFileException.class)),
            new Target("fuzzed-images-idx3-ubyte",
                    ReaderProperty.of(IdxReader::readImages, DatasetException.class, InputFileException.class)),
            new Target("fuzzed-labels-idx1-ubyte",
                    ReaderProperty.of(IdxReader::readLabels, DatasetException.class, InputFileException.class)),
            new Target("test_batch.bin", ReaderProperty.of(file -> CifarReader.load(file.getParent(), Split.TEST),
                    DatasetException.class, InputFileException.class)),
            new Target("logits.hex", ReaderProperty.of(file -> TestVectors.readValues(file, 3), InputFileException.class)));

    private static final Path dir = FuzzFolders.scratch("bwn-fuzz-model");

    /** The corpus reaches the success path of every reader: its valid seeds (selector byte removed) are read. */
    @Test
    void theValidSeedsAreRead() throws Exception {
        Path inputs = Path.of(ModelReadersFuzzTest.class.getResource("ModelReadersFuzzTestInputs/everyReaderReturnsAValueOrADocumentedError").toURI());
        java.util.Map<String, Integer> valid = java.util.Map.of("model-random-1.bwn.json", 0, "model-graph-1.bwn.json", 0, "idx-images-valid", 1, "idx-images-gzip", 1,
                "idx-labels-valid", 2, "cifar-one-record", 3, "vectors-valid", 4);
        for (var seed : valid.entrySet()) {
            byte[] bytes = Files.readAllBytes(inputs.resolve(seed.getKey()));
            assertEquals(seed.getValue().intValue(), (int) bytes[bytes.length - 1], seed.getKey());
            Target target = TARGETS.get(seed.getValue());
            Path file = dir.resolve(target.fileName());
            Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 1));
            assertNotNull(target.property().reader().read(file), seed.getKey());
            Files.delete(file);
        }
    }

    @FuzzTest(maxDuration = FuzzFolders.DEFAULT_DURATION)
    void everyReaderReturnsAValueOrADocumentedError(FuzzedDataProvider data) throws IOException {
        Target target = TARGETS.get(data.consumeInt(0, TARGETS.size() - 1));
        Path file = dir.resolve(target.fileName());
        target.property().check(file, data.consumeRemainingAsBytes());
        Files.delete(file);
    }
}
