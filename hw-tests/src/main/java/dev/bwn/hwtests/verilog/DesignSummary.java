package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.verilog.VerilogGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a harness needs to know about a generated design folder, read from its {@code design.txt}. */
public record DesignSummary(Path dir, String top, int inputSize, int inputBits, int classes, int classBits, int logitBits,
                            long initiationInterval, long latency) {

    public static DesignSummary read(Path dir) throws IOException {
        Path file = dir.resolve(VerilogGenerator.DESIGN_SUMMARY);
        if (!Files.isRegularFile(file)) {
            throw new IOException(dir + ": not a generated Verilog design (no " + VerilogGenerator.DESIGN_SUMMARY + ")");
        }
        Map<String, String> kv = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] parts = t.split("\\s+", 2);
            kv.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        try {
            return new DesignSummary(dir, required(kv, "top", file), Integer.parseInt(required(kv, "input_size", file)),
                    Integer.parseInt(required(kv, "input_bits", file)), Integer.parseInt(required(kv, "classes", file)),
                    Integer.parseInt(required(kv, "class_bits", file)), Integer.parseInt(required(kv, "logit_bits", file)),
                    Long.parseLong(required(kv, "initiation_interval", file)), Long.parseLong(required(kv, "latency", file)));
        } catch (NumberFormatException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
    }

    private static String required(Map<String, String> kv, String key, Path file) throws IOException {
        String v = kv.get(key);
        if (v == null) {
            throw new IOException(file + ": missing \"" + key + "\"");
        }
        return v;
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
