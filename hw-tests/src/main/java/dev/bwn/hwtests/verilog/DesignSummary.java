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
                            long initiationInterval, long latency, List<Tap> taps, FlashLoad flash) {

    /**
     * A design with weights in SPRAM: the flash image beside it ({@code image}, exactly the bytes written at
     * {@code offset}) and the cycles its start-up load takes; null for a design without.
     */
    public record FlashLoad(String image, long offset, long loadCycles) {
    }

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
        if ("uart".equals(kv.get("weights_load"))) {
            throw new InputFileException(dir, "its SPRAM weights are loaded over a board's UART, which only the board "
                    + "simulation sends: verify it with --target board");
        }
        try {
            return new DesignSummary(dir, topModule(required(kv, "top", file), file), Integer.parseInt(required(kv, "input_size", file)),
                    Integer.parseInt(required(kv, "input_channels", file)), order(required(kv, "input_order", file), file),
                    Integer.parseInt(required(kv, "input_element_bits", file)),
                    Integer.parseInt(required(kv, "input_bits", file)), Integer.parseInt(required(kv, "classes", file)),
                    Integer.parseInt(required(kv, "class_bits", file)), Integer.parseInt(required(kv, "logit_bits", file)),
                    Long.parseLong(required(kv, "initiation_interval", file)), Long.parseLong(required(kv, "latency", file)),
                    List.copyOf(taps), flashLoad(kv, dir, file));
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

    static final long MAX_LOAD_CYCLES = 1L << 28;

    private static FlashLoad flashLoad(Map<String, String> kv, Path dir, Path file) {
        String image = kv.get("weight_image");
        if (image == null) {
            return null;
        }
        String top = kv.get("top");
        if (!image.equals(top + VerilogGenerator.WEIGHT_IMAGE_SUFFIX)) {
            throw new InputFileException(file, "weight_image must be " + top + VerilogGenerator.WEIGHT_IMAGE_SUFFIX + ", got \"" + image + "\"");
        }
        if (!Files.isRegularFile(dir.resolve(image))) {
            throw new InputFileException(dir, "the flash image " + image + " named in " + VerilogGenerator.DESIGN_SUMMARY + " is missing");
        }
        String offset = required(kv, "flash_offset", file);
        if (!offset.matches("0x[0-9A-Fa-f]{1,6}")) {
            throw new InputFileException(file, "flash_offset must be a 24-bit hexadecimal address such as 0x100000, got \"" + offset + "\"");
        }
        long cycles = Long.parseLong(required(kv, "weight_load_cycles", file));
        // the whole 16 MiB of a flash at clk / 2 takes 2^28 cycles; more is not a load bwn generates
        if (cycles < 0 || cycles > MAX_LOAD_CYCLES) {
            throw new InputFileException(file, "weight_load_cycles must be 0 to " + MAX_LOAD_CYCLES + ", got " + cycles);
        }
        return new FlashLoad(image, Long.parseLong(offset.substring(2), 16), cycles);
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

    /** The files the simulation reads at run time: {@code $readmemh} images and the flash image. */
    public List<Path> memoryFiles() throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".hex")
                    || flash != null && p.getFileName().toString().equals(flash.image())).sorted().toList();
        }
    }
}
