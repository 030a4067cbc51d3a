package dev.bwn.hwtests.verilog;

import dev.bwn.hwtests.Processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Synthesizes a generated design (or one module of it) with yosys, runs {@code check -assert}, and reads the cell
 * counts from {@code stat -json}. Runs in the design folder so {@code $readmemh} finds the ROM images; sources are read
 * with {@code -defer} so each parameterized ROM is elaborated only with its real image file.
 */
public final class YosysRunner {
    /** Synthesis flows: iCE40 (LUT4, carry, EBR, DSP mapping) or yosys's generic gate library. */
    public enum Flow {
        ICE40("synth_ice40 -dsp -top %s"),
        GENERIC("synth -top %s");

        private final String command;

        Flow(String command) {
            this.command = command;
        }

        /** The yosys synthesis command for top module {@code top}. */
        public String command(String top) {
            return String.format(command, top);
        }
    }

    /** Cell counts by type after synthesis, and the full yosys log for diagnosis. */
    public record Stats(Map<String, Integer> cells, String log) {
        public int count(String type) {
            return cells.getOrDefault(type, 0);
        }

        public int luts() {
            return count("SB_LUT4");
        }

        /** Every flip-flop cell of the iCE40 library (SB_DFF with any enable/reset variant). */
        public int flipFlops() {
            return cells.entrySet().stream().filter(e -> e.getKey().startsWith("SB_DFF")).mapToInt(Map.Entry::getValue).sum();
        }

        public int blockRams() {
            return count("SB_RAM40_4K");
        }

        /** Multiplier cells of either flow: generic {@code $mul} and iCE40 {@code SB_MAC16}. */
        public int multipliers() {
            return count("$mul") + count("SB_MAC16");
        }
    }

    private static final Pattern CELL_TYPES = Pattern.compile("\"num_cells_by_type\":\\s*\\{([^}]*)\\}");
    private static final Pattern ENTRY = Pattern.compile("\"([^\"]+)\":\\s*(\\d+)");

    private YosysRunner() {
    }

    public static Stats synthesize(Path designDir, List<Path> sources, String top, Flow flow, Duration timeout) throws IOException {
        Path statFile = Files.createTempFile("bwn-yosys-stat", ".json");
        try {
            StringBuilder script = new StringBuilder(readSources(sources));
            script.append("; ").append(flow.command(top)).append("; check -assert; tee -q -o ")
                    .append(statFile.toAbsolutePath()).append(" stat -json");
            Processes.Result r = Processes.run(List.of("yosys", "-q", "-p", script.toString()), designDir, timeout).orThrow();
            String json = Files.readString(statFile);
            // the "design" section (last) totals the whole hierarchy
            int design = json.lastIndexOf("\"design\"");
            Matcher m = CELL_TYPES.matcher(design >= 0 ? json.substring(design) : json);
            Map<String, Integer> cells = new LinkedHashMap<>();
            if (m.find()) {
                Matcher e = ENTRY.matcher(m.group(1));
                while (e.find()) {
                    cells.put(e.group(1), Integer.parseInt(e.group(2)));
                }
            }
            return new Stats(cells, r.output());
        } finally {
            Files.deleteIfExists(statFile);
        }
    }

    /**
     * Synthesizes {@code sources} for {@code flow} in {@code designDir} (where {@code $readmemh} finds the ROM images)
     * and writes the netlist to {@code netlist} ({@code write_verilog -noattr}: cells and wires, no attributes).
     */
    public static void writeNetlist(Path designDir, List<Path> sources, String top, Flow flow, Path netlist, Duration timeout) {
        String script = readSources(sources) + "; " + flow.command(top) + "; check -assert; write_verilog -noattr "
                + netlist.toAbsolutePath();
        Processes.run(List.of("yosys", "-q", "-p", script), designDir, timeout).orThrow();
    }

    private static String readSources(List<Path> sources) {
        StringBuilder script = new StringBuilder("read_verilog -defer");
        for (Path p : sources) {
            script.append(' ').append(p.toAbsolutePath());
        }
        return script.toString();
    }

    public static Stats synthesize(DesignSummary design, Flow flow) throws IOException {
        return synthesize(design.dir(), design.verilogFiles(), design.top(), flow, Duration.ofMinutes(10));
    }
}
