package dev.bwn.model.io;

import dev.bwn.model.ModelException;
import dev.bwn.model.Network;
import dev.bwn.model.data.DatasetException;
import dev.bwn.model.data.IdxFiles;
import dev.bwn.model.data.IdxReader;
import dev.bwn.model.fuzz.FuzzFolders;
import dev.bwn.model.fuzz.ReaderProperty;
import dev.bwn.model.random.RandomNetworks;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties of the readers over generated inputs (jqwik): writing and reading a random valid model is the identity,
 * every truncation of a valid model or IDX file is refused with the documented exception, and random corruption of
 * valid files keeps the reader property (a value or a one-line documented error naming the file).
 */
class ModelFilePropertiesTest {
    private static final Path dir = FuzzFolders.scratch("bwn-properties");

    @Property(tries = 200)
    void writingAndReadingARandomModelIsTheIdentity(@ForAll long seed) throws IOException {
        Network net = RandomNetworks.generate(seed);
        Path file = dir.resolve("round-trip-" + Long.toHexString(seed) + ".bwn.json");
        ModelIo.write(net, file);
        Network back = ModelIo.read(file);
        Files.delete(file);
        assertEquals(ModelIo.toJson(net), ModelIo.toJson(back));
        int[] input = RandomNetworks.randomInputs(net, 3, seed).get(2);
        assertEquals(Arrays.toString(net.infer(input).logits()), Arrays.toString(back.infer(input).logits()));
    }

    @Property(tries = 300)
    void everyTruncationOfAValidModelIsRefused(@ForAll long seed, @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double keep)
            throws IOException {
        byte[] whole = ModelIo.toJson(RandomNetworks.generate(seed)).getBytes(StandardCharsets.UTF_8);
        // Trailing whitespace is not content: cut inside the JSON, never only its final newline.
        int length = (int) (keep * (whole.length - 1));
        Path file = dir.resolve("truncated.bwn.json");
        Files.write(file, Arrays.copyOf(whole, length));
        ModelException e = assertThrows(ModelException.class, () -> ModelIo.read(file));
        assertTrue(e.getMessage().startsWith("truncated.bwn.json: "), e.getMessage());
    }

    @Property(tries = 300)
    void everyTruncationOfAValidIdxFileIsRefused(@ForAll @IntRange(min = 1, max = 5) int count,
                                                 @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double keep)
            throws IOException {
        byte[] whole = IdxFiles.images(count, 4, 3, 0);
        Path file = dir.resolve("truncated-images-idx3-ubyte");
        Files.write(file, Arrays.copyOf(whole, (int) (keep * whole.length)));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains("truncated-images-idx3-ubyte"), e.getMessage());
    }

    @Property(tries = 500)
    void corruptingBytesOfAValidModelKeepsTheReaderProperty(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int flips,
                                                            @ForAll long positions) {
        byte[] content = ModelIo.toJson(RandomNetworks.generate(seed)).getBytes(StandardCharsets.UTF_8);
        java.util.SplittableRandom random = new java.util.SplittableRandom(positions);
        for (int i = 0; i < flips; i++) {
            content[random.nextInt(content.length)] = (byte) random.nextInt(256);
        }
        ReaderProperty.of(ModelIo::read, ModelException.class, InputFileException.class)
                .check(dir.resolve("corrupted.bwn.json"), content);
    }

    @Example
    void theReaderPropertyFailsOnUndocumentedExceptionsMultiLineMessagesAndUnnamedFiles() {
        Path file = dir.resolve("any.bin");
        byte[] content = {1, 2, 3};
        assertThrows(AssertionError.class, () -> ReaderProperty.of(f -> {
            throw new NullPointerException();
        }, ModelException.class).check(file, content));
        assertThrows(AssertionError.class, () -> ReaderProperty.of(f -> {
            throw new ModelException("any.bin", "two\nlines") {
                @Override
                public String getMessage() {
                    return "any.bin: two\nlines";
                }
            };
        }, ModelException.class).check(file, content));
        assertThrows(AssertionError.class, () -> ReaderProperty.of(f -> {
            throw new ModelException("somewhere", "does not name the file");
        }, ModelException.class).check(file, content));
        assertThrows(AssertionError.class, () -> ReaderProperty.of(f -> null, ModelException.class).check(file, content));
        ReaderProperty.of(f -> {
            throw new ModelException("any.bin", "named, one line");
        }, ModelException.class).check(file, content);
    }
}
