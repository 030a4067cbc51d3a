package dev.bwn.model.vectors;

import dev.bwn.model.LayerInfo;
import dev.bwn.model.Network;
import dev.bwn.model.Outputs;
import dev.bwn.model.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Test vectors for testbenches that have no JSON parser (docs/SEMANTICS.md, "Test vectors"): a folder with
 * {@code manifest.txt} and text files of one value per line, written as 8 lowercase hex digits of the value's
 * 32-bit two's complement ({@code $readmemh} and {@code fscanf("%x")} both read them).
 * Vectors are stored one after another: value {@code j} of vector {@code v} is line {@code v*size + j}.
 */
public final class TestVectors {
    public static final int FORMAT_VERSION = 1;
    public static final String MANIFEST = "manifest.txt";
    public static final String INPUTS = "inputs.hex";
    public static final String LOGITS = "logits.hex";
    public static final String CLASSES = "classes.hex";

    private TestVectors() {
    }

    public static String layerFile(int layerIndex) {
        return String.format(Locale.ROOT, "layer%02d.hex", layerIndex);
    }

    /** Runs the reference on every input and writes inputs, expected logits and classes, and optionally every layer's output. */
    public static List<Outputs> write(Network net, List<int[]> inputs, Path dir, boolean perLayer) throws IOException {
        Files.createDirectories(dir);
        List<Outputs> outputs = new ArrayList<>(inputs.size());
        for (int[] input : inputs) {
            outputs.add(net.infer(input, perLayer));
        }
        StringBuilder manifest = new StringBuilder();
        manifest.append("# bwn test vectors; see docs/SEMANTICS.md, \"Test vectors\"\n");
        manifest.append("format ").append(FORMAT_VERSION).append('\n');
        manifest.append("model ").append(net.name().replaceAll("\\s", "_")).append('\n');
        manifest.append("vectors ").append(inputs.size()).append('\n');
        manifest.append("input_size ").append(net.inputSize()).append('\n');
        manifest.append("classes ").append(net.classes()).append('\n');
        manifest.append("layers ").append(perLayer ? net.plan().size() : 0).append('\n');
        if (perLayer) {
            for (LayerInfo info : net.plan()) {
                manifest.append("layer ").append(info.index()).append(' ').append(layerFile(info.index())).append(' ')
                        .append(info.outputShape().size()).append(' ').append(info.layer().kind()).append('\n');
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

    /** Reads a value file back, {@code size} values per vector. */
    public static List<int[]> readValues(Path file, int size) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<String> values = new ArrayList<>();
        for (String line : lines) {
            String t = line.trim();
            if (!t.isEmpty() && !t.startsWith("//")) {
                values.add(t);
            }
        }
        if (size < 1 || values.size() % size != 0) {
            throw new IOException(file + ": " + values.size() + " values is not a multiple of the vector size " + size);
        }
        List<int[]> out = new ArrayList<>();
        for (int v = 0; v < values.size() / size; v++) {
            int[] vec = new int[size];
            for (int j = 0; j < size; j++) {
                String s = values.get(v * size + j);
                try {
                    vec[j] = (int) Long.parseLong(s, 16);
                } catch (NumberFormatException e) {
                    throw new IOException(file + ": line " + (v * size + j + 1) + " is not a hex word: \"" + s + "\"");
                }
            }
            out.add(vec);
        }
        return out;
    }
}
