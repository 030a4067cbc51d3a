package dev.bwn.model.vectors;

import dev.bwn.model.LayerInfo;
import dev.bwn.model.Network;
import dev.bwn.model.Outputs;
import dev.bwn.model.io.AtomicFiles;

import dev.bwn.model.Limits;
import dev.bwn.model.io.InputFileException;
import dev.bwn.model.io.StrictText;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Test vectors for testbenches that have no JSON parser (docs/SEMANTICS.md, "Test vectors"): a folder with
 * {@code manifest.txt} and text files of one value per line, written as 8 lowercase hex digits of the value's
 * 32-bit two's complement ({@code $readmemh} and {@code fscanf("%x")} both read them).
 * Vectors are stored one after another: value {@code j} of vector {@code v} is line {@code v*size + j}.
 */
public final class TestVectors {
    /** 2: names are percent-encoded and layer lines end with the tensor's name. */
    public static final int FORMAT_VERSION = 2;
    public static final String MANIFEST = "manifest.txt";
    public static final String INPUTS = "inputs.hex";
    public static final String LOGITS = "logits.hex";
    public static final String CLASSES = "classes.hex";
    private static final Pattern HEX_WORD = Pattern.compile("[0-9a-fA-F]{1,8}");

    private TestVectors() {
    }

    public static String layerFile(int layerIndex) {
        return String.format(Locale.ROOT, "layer%02d.hex", layerIndex);
    }

    /** Runs the reference on every input and writes inputs, expected logits and classes, and optionally every layer's output. */
    public static List<Outputs> write(Network net, List<int[]> inputs, Path dir, boolean perLayer) throws IOException {
        Optional<String> tooMany = overLimit(net, inputs.size(), perLayer);
        if (tooMany.isPresent()) {
            throw new IllegalArgumentException(tooMany.get());
        }
        Files.createDirectories(dir);
        List<Outputs> outputs = new ArrayList<>(inputs.size());
        for (int[] input : inputs) {
            outputs.add(net.infer(input, perLayer));
        }
        StringBuilder manifest = new StringBuilder();
        manifest.append("# bwn test vectors; see docs/SEMANTICS.md, \"Test vectors\"\n");
        manifest.append("format ").append(FORMAT_VERSION).append('\n');
        manifest.append("model ").append(manifestName(net.name())).append('\n');
        manifest.append("input_name ").append(manifestName(net.inputName())).append('\n');
        manifest.append("vectors ").append(inputs.size()).append('\n');
        manifest.append("input_size ").append(net.inputSize()).append('\n');
        manifest.append("classes ").append(net.classes()).append('\n');
        manifest.append("layers ").append(perLayer ? net.plan().size() : 0).append('\n');
        if (perLayer) {
            for (LayerInfo info : net.plan()) {
                manifest.append("layer ").append(info.index()).append(' ').append(layerFile(info.index())).append(' ')
                        .append(info.outputShape().size()).append(' ').append(info.layer().kind()).append(' ')
                        .append(manifestName(info.layer().name())).append('\n');
            }
        }
        writeValues(dir.resolve(INPUTS), inputs);
        List<int[]> logits = new ArrayList<>();
        List<int[]> classes = new ArrayList<>();
        for (Outputs o : outputs) {
            logits.add(o.logits());
            classes.add(new int[]{o.predictedClass()});
        }
        writeValues(dir.resolve(LOGITS), logits);
        writeValues(dir.resolve(CLASSES), classes);
        if (perLayer) {
            for (LayerInfo info : net.plan()) {
                List<int[]> perVector = new ArrayList<>();
                for (Outputs o : outputs) {
                    perVector.add(o.layerOutputs().get(info.index()));
                }
                writeValues(dir.resolve(layerFile(info.index())), perVector);
            }
        }
        AtomicFiles.writeString(dir.resolve(MANIFEST), manifest.toString());
        return outputs;
    }

    /**
     * A name as one manifest field: names are printable ASCII (NameRules), and space, {@code #} (which starts a
     * comment) and {@code %} are written as {@code %20}, {@code %23} and {@code %25}, so "my model #1" is
     * {@code my%20model%20%231} and decodes back exactly.
     */
    public static String manifestName(String name) {
        return name.replace("%", "%25").replace(" ", "%20").replace("#", "%23");
    }

    public static void writeValues(Path file, List<int[]> vectors) throws IOException {
        int total = vectors.stream().mapToInt(v -> v.length).sum();
        StringBuilder sb = new StringBuilder(total * 9);
        for (int[] v : vectors) {
            for (int x : v) {
                sb.append(hex(x)).append('\n');
            }
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    public static String hex(int value) {
        String h = Integer.toHexString(value);
        return "00000000".substring(h.length()) + h;
    }

    /**
     * Bytes that {@link #write} holds for {@code count} vectors: each vector's input, logits and class, and with
     * {@code perLayer} every layer's output, as 4-byte ints (saturating, never overflowing).
     */
    public static long memoryBytes(Network net, long count, boolean perLayer) {
        long perVector = perLayer ? net.activationBytes() + Integer.BYTES
                : (long) (net.inputSize() + net.classes() + 1) * Integer.BYTES;
        return count > Long.MAX_VALUE / perVector ? Long.MAX_VALUE : count * perVector;
    }

    /** Why {@code count} vectors of {@code net} cannot be held, or empty when they fit {@link Limits}. */
    public static Optional<String> overLimit(Network net, long count, boolean perLayer) {
        if (count > Limits.VECTORS) {
            return Optional.of(count + " vectors are more than the limit of " + Limits.VECTORS);
        }
        long bytes = memoryBytes(net, count, perLayer);
        if (bytes > Limits.VECTOR_BYTES) {
            return Optional.of(count + " vectors of model " + net.name() + " need " + Limits.bytes(bytes)
                    + (perLayer ? " with every layer's output" : "") + ", above the limit of " + Limits.bytes(Limits.VECTOR_BYTES));
        }
        return Optional.empty();
    }

    /**
     * Reads a value file back, {@code size} values per vector: one word of 1 to 8 hex digits per line; blank lines and
     * {@code //} comments are skipped. A malformed file throws {@link InputFileException} naming the line.
     */
    public static List<int[]> readValues(Path file, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("vector size must be positive, got " + size);
        }
        // Lines are streamed, not collected: a list of millions of short strings would take ten times the file.
        java.util.Iterator<String> lines = StrictText.read(file, Limits.VECTOR_FILE_BYTES).lines().iterator();
        List<int[]> out = new ArrayList<>();
        int[] vector = new int[size];
        int filled = 0;
        for (int n = 0; lines.hasNext(); n++) {
            String t = lines.next().strip();
            if (t.isEmpty() || t.startsWith("//")) {
                continue;
            }
            if (!HEX_WORD.matcher(t).matches()) {
                throw new InputFileException(file, "line " + (n + 1) + " is not a hex word of 1 to 8 digits: \""
                        + (t.length() > 20 ? t.substring(0, 20) + "..." : t) + "\"");
            }
            vector[filled++] = Integer.parseUnsignedInt(t, 16);
            if (filled == size) {
                out.add(vector);
                vector = new int[size];
                filled = 0;
            }
        }
        if (filled != 0) {
            throw new InputFileException(file, (out.size() * (long) size + filled) + " values is not a multiple of the vector size " + size);
        }
        return out;
    }
}
