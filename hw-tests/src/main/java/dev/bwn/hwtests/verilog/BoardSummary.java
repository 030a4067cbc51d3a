package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.Identifiers;
import dev.bwn.codegen.verilog.board.BoardGenerator;
import dev.bwn.codegen.verilog.board.UartProtocol;
import dev.bwn.model.Limits;
import dev.bwn.model.io.InputFileException;
import dev.bwn.model.io.StrictText;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the board harness needs from a generated board design ({@code board.txt}): the core module, its Verilog files,
 * the bit period and frame timeout in clock cycles, and the protocol's sizes. Read strictly: a folder given to
 * {@code bwn verify --design} may be anything, and these names reach a command line and generated C++.
 */
public record BoardSummary(Path dir, String core, int cyclesPerBit, long timeoutCycles, UartProtocol protocol,
                           List<Path> verilogFiles, DesignSummary.FlashLoad flash) {

    public static BoardSummary read(Path dir) {
        Path file = dir.resolve(BoardGenerator.BOARD_SUMMARY);
        if (!Files.isRegularFile(file)) {
            throw new InputFileException(dir, "not a board design (no " + BoardGenerator.BOARD_SUMMARY
                    + "; generate it with --board icebreaker or --board upduino3)");
        }
        Map<String, String> kv = new HashMap<>();
        for (String line : StrictText.lines(file, Limits.DESIGN_SUMMARY_BYTES)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                String[] parts = t.split("\\s+", 2);
                kv.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        String core = required(kv, "core", file);
        if (!Identifiers.sanitize(core).equals(core)) {
            throw new InputFileException(file, "core module \"" + core + "\" is not a name bwn generates");
        }
        List<String> names = List.of(required(kv, "sim_files", file).split("\\s+"));
        for (String n : names) {
            if (!n.matches("[a-z][a-z0-9_]*\\.v")) {
                throw new InputFileException(file, "source \"" + n + "\" is not a file name bwn generates");
            }
        }
        try {
            int cyclesPerBit = positive(kv, "cycles_per_bit", file);
            long timeout = Long.parseLong(required(kv, "timeout_cycles", file));
            int inputValues = positive(kv, "input_values", file);
            int perBeat = positive(kv, "values_per_beat", file);
            int channels = positive(kv, "channels", file);
            int pixels = positive(kv, "pixels", file);
            int inputBits = positive(kv, "input_bits", file);
            int classes = positive(kv, "classes", file);
            int logitBits = positive(kv, "logit_bits", file);
            if (timeout < 1 || inputValues % perBeat != 0 || inputBits > 32 || logitBits > 32 || classes > UartProtocol.MAX_CLASSES
                    || (long) inputValues > Limits.TENSOR_ELEMENTS) {
                throw new InputFileException(file, "inconsistent sizes");
            }
            UartProtocol protocol = new UartProtocol(inputValues, perBeat, required(kv, "vector_order", file).equals("1"),
                    channels, pixels, inputBits, classes, logitBits, !"0".equals(kv.get("logits_answer")));
            return new BoardSummary(dir, core, cyclesPerBit, timeout, protocol, names.stream().map(dir::resolve).toList(),
                    flash(kv, file));
        } catch (NumberFormatException e) {
            throw new InputFileException(file, e.getMessage());
        }
    }

    /** The weight load of a design whose weights are in SPRAM ({@code flash_*} keys), or null without them. */
    private static DesignSummary.FlashLoad flash(Map<String, String> kv, Path file) {
        String image = kv.get("flash_image");
        if (image == null) {
            return null;
        }
        if (!image.matches("[a-z][a-z0-9_]*\\.bin")) {
            throw new InputFileException(file, "flash image \"" + image + "\" is not a file name bwn generates");
        }
        String offsetText = required(kv, "flash_offset", file);
        if (!offsetText.matches("0x[0-9A-Fa-f]{1,6}")) {
            throw new InputFileException(file, "flash_offset must be a 24-bit hex address, got \"" + offsetText + "\"");
        }
        long cycles = Long.parseLong(required(kv, "weight_load_cycles", file));
        if (cycles < 1 || cycles > DesignSummary.MAX_LOAD_CYCLES) {
            throw new InputFileException(file, "weight_load_cycles must be 1 to " + DesignSummary.MAX_LOAD_CYCLES + ", got " + cycles);
        }
        return new DesignSummary.FlashLoad(image, Long.parseLong(offsetText.substring(2), 16), cycles);
    }

    private static int positive(Map<String, String> kv, String key, Path file) {
        int v = Integer.parseInt(required(kv, key, file));
        if (v < 1) {
            throw new InputFileException(file, "\"" + key + "\" must be positive, got " + v);
        }
        return v;
    }

    private static String required(Map<String, String> kv, String key, Path file) {
        String v = kv.get(key);
        if (v == null) {
            throw new InputFileException(file, "missing \"" + key + "\"");
        }
        return v;
    }
}
