package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.Identifiers;
import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.model.Limits;
import dev.bwn.model.io.InputFileException;
import dev.bwn.model.io.StrictText;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a harness needs to know about a generated design folder, read from its {@code design.txt}. {@code taps} is empty
 * for a design generated before taps were described.
 */
public record DesignSummary(Path dir, String top, int inputSize, int inputChannels, boolean inputVector, int inputElementBits,
                            int inputBits,
                            int classes, int classBits, int logitBits,
                            long initiationInterval, long latency, List<Tap> taps) {

    /**
     * A layer's output stream inside the top module: wires {@code wire_valid/_ready/_data}, model layer {@code layer},
     * {@code pixels} beats of {@code channels} values of {@code bits} bits each (channel c at bits
     * {@code [bits*c +: bits]}), pixels in row-major order; value c of beat b is element {@code c*pixels + b} of the
     * layer's CHW output, or {@code b*channels + c} when {@code vector}.
     */
    public record Tap(String wire, int layer, int channels, int pixels, int bits, boolean vector, String name) {
        public int elements() {
            return channels * pixels;
        }
    }

    public static DesignSummary read(Path dir) {
        Path file = summaryFile(dir);
        List<Tap> taps = new ArrayList<>();
        for (String line : StrictText.lines(file, Limits.DESIGN_SUMMARY_BYTES)) {
            String t = line.strip();
            if (t.startsWith("tap ")) {
                taps.add(tap(t, file));
            }
        }
        Map<String, String> kv = keyValues(dir);
        try {
            return new DesignSummary(dir, topModule(required(kv, "top", file), file), Integer.parseInt(required(kv, "input_size", file)),
                    Integer.parseInt(required(kv, "input_channels", file)), order(required(kv, "input_order", file), file),
                    Integer.parseInt(required(kv, "input_element_bits", file)),
                    Integer.parseInt(required(kv, "input_bits", file)), Integer.parseInt(required(kv, "classes", file)),
                    Integer.parseInt(required(kv, "class_bits", file)), Integer.parseInt(required(kv, "logit_bits", file)),
                    Long.parseLong(required(kv, "initiation_interval", file)), Long.parseLong(required(kv, "latency", file)),
                    List.copyOf(taps));
        } catch (NumberFormatException e) {
            throw new InputFileException(file, e.getMessage());
        }
    }

    /** The key-value lines of a design folder's summary (first word the key, the rest the value), taps left out. */
    public static Map<String, String> keyValues(Path dir) {
        Path file = summaryFile(dir);
        Map<String, String> kv = new HashMap<>();
        for (String line : StrictText.lines(file, Limits.DESIGN_SUMMARY_BYTES)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("tap ")) {
                continue;
            }
            String[] parts = t.split("\\s+", 2);
            kv.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        return kv;
    }

    private static Path summaryFile(Path dir) {
        Path file = dir.resolve(VerilogGenerator.DESIGN_SUMMARY);
        if (!Files.isRegularFile(file)) {
            throw new InputFileException(dir, "not a generated Verilog design (no " + VerilogGenerator.DESIGN_SUMMARY + ")");
        }
        return file;
    }

    /** The value of a key the summary must have. */
    public static String required(Map<String, String> kv, String key, Path file) {
        String v = kv.get(key);
        if (v == null) {
            throw new InputFileException(file, "missing \"" + key + "\"");
        }
        return v;
    }

    /**
     * The top module's name goes into the harness's Verilog and C++ and names the file list, so a folder given to
     * {@code bwn verify --design} must hold one the sanitizer could have produced.
     */
    private static String topModule(String top, Path file) {
        if (!Identifiers.sanitize(top).equals(top)) {
            throw new InputFileException(file, "top module \"" + top + "\" is not a name bwn generates");
        }
        return top;
    }

    private static Tap tap(String line, Path file) {
        String[] f = line.split("\\s+");
        if (f.length != 8 || !f[1].matches("[a-z][a-z0-9_]*") || !f[7].matches("[a-z][a-z0-9_]*")) {
            throw new InputFileException(file, "bad tap line \"" + line + "\"");
        }
        try {
            return new Tap(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                    Integer.parseInt(f[5]), order(f[6], file), f[7]);
        } catch (NumberFormatException e) {
            throw new InputFileException(file, "bad tap line \"" + line + "\"");
        }
    }

    /** Stream order: "vector" (consecutive values per beat) or "chw" (one pixel's channels per beat). */
    private static boolean order(String value, Path file) {
        if (!value.equals("vector") && !value.equals("chw")) {
            throw new InputFileException(file, "stream order must be chw or vector, got \"" + value + "\"");
        }
        return value.equals("vector");
    }

    /** The Verilog files in the order of the design's file list. */
    public List<Path> verilogFiles() throws IOException {
        return Files.readAllLines(dir.resolve(top + VerilogGenerator.FILE_LIST_SUFFIX)).stream()
                .map(String::strip).filter(s -> !s.isEmpty()).map(dir::resolve).toList();
    }

    public List<Path> memoryFiles() throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".hex")).sorted().toList();
        }
    }
}
