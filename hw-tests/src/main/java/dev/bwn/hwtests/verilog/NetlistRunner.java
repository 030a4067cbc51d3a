package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.Tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gate-level simulation of a generated design: yosys synthesizes the RTL for the iCE40 as the board flow does
 * ({@code synth_ice40 -dsp}), writes the netlist of SB_LUT4, SB_DFF*, SB_CARRY, SB_RAM40_4K and SB_MAC16 cells, and
 * Verilator runs that netlist with yosys' own cell models ({@code ice40/cells_sim.v}) in the same harness and on the
 * same vectors as the RTL. This checks what synthesis made of the design: ROM images read at synthesis time into block
 * RAM initial values and LUTs, inferred RAM read/write behaviour, DSP mapping and initial values.
 *
 * <p>Initial state: Verilator is a two-state simulator, so "X" is played by random values. The cell models'
 * flip-flops normally start at 0 (as the iCE40 does after configuration); the copy used here has that initial
 * assignment removed, so every flip-flop starts with a random value (seeded per run, {@code +verilator+rand+reset+2})
 * and every {@code 'x} constant in the netlist takes a random value too ({@code --x-assign unique}): a design that
 * depends on anything its reset does not set fails, as in the RTL runs.
 */
public final class NetlistRunner {
    /** The cell-model library copied next to the netlist. */
    public static final String CELL_MODELS = "ice40_cells_sim.v";
    /** The line of yosys' {@code cells_sim.v} that starts every flip-flop at 0, and its replacement. */
    static final String DFF_ZERO_INIT = "`define SB_DFF_INIT initial Q = 0;";
    static final String DFF_NO_INIT = "`define SB_DFF_INIT";

    /**
     * Verilator flags for a netlist with the cell models: the netlist's bit-level wiring warns (false combinational
     * loops through vectors, widths, timescales) without being wrong; Verilator takes no default values on ports, so
     * the models are read without them ({@link #checkEnablesConnected} shows the netlist never relies on them).
     */
    public static final List<String> VERILATOR_FLAGS = List.of("-DNO_ICE40_DEFAULT_ASSIGNMENTS", "-Wno-fatal", "-Wno-lint",
            "-Wno-style", "-Wno-TIMESCALEMOD", "-Wno-UNOPTFLAT", "-Wno-MULTIDRIVEN", "--no-timing");

    /** Cell pins whose port default in the models is 1 (enables); a netlist must connect them, as no default applies. */
    private static final List<String[]> ENABLE_PINS = List.of(new String[]{"SB_RAM40_4K", ".RCLKE(", ".WCLKE("},
            new String[]{"SB_MAC16", ".CE("}, new String[]{"SB_DFFE", ".E("}, new String[]{"SB_DFFNE", ".E("},
            new String[]{"SB_IO", ".CLOCK_ENABLE("});

    private NetlistRunner() {
    }

    /**
     * Synthesizes the RTL design in {@code rtlDir} and writes a design folder at {@code netlistDir} that the Verilator
     * harness runs like any other: the netlist ({@code TOP_netlist.v}), the cell models, a file list, the RTL's
     * {@code design.txt} without taps (the netlist is flat) and copies of the ROM images (yosys reads them when it
     * synthesizes; copies here and in every run folder let any {@code $readmemh} left in a netlist find them).
     */
    public static DesignSummary synthesize(Path rtlDir, Path netlistDir, Duration timeout) throws IOException {
        DesignSummary rtl = DesignSummary.read(rtlDir);
        Files.createDirectories(netlistDir);
        String netlist = rtl.top() + "_netlist.v";
        YosysRunner.writeNetlist(rtlDir, rtl.verilogFiles(), rtl.top(), YosysRunner.Flow.ICE40, netlistDir.resolve(netlist), timeout);
        checkEnablesConnected(Files.readString(netlistDir.resolve(netlist)));
        Files.writeString(netlistDir.resolve(CELL_MODELS), cellModelsWithoutInitialValues(), StandardCharsets.UTF_8);
        Files.writeString(netlistDir.resolve(rtl.top() + VerilogGenerator.FILE_LIST_SUFFIX), netlist + "\n" + CELL_MODELS + "\n");
        List<String> summary = new ArrayList<>();
        for (String line : Files.readAllLines(rtlDir.resolve(VerilogGenerator.DESIGN_SUMMARY))) {
            if (!line.startsWith("tap ")) {
                summary.add(line);
            }
        }
        Files.write(netlistDir.resolve(VerilogGenerator.DESIGN_SUMMARY), summary);
        for (Path hex : rtl.memoryFiles()) {
            Files.copy(hex, netlistDir.resolve(hex.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        return DesignSummary.read(netlistDir);
    }

    /** The harness options for a netlist: its Verilator flags, no taps (the netlist has no stage hierarchy left). */
    public static VerilatorRunner.Options options(VerilatorRunner.Options base) {
        return base.withTaps(false).withVerilatorFlags(VERILATOR_FLAGS);
    }

    /**
     * Every cell instance of {@code netlist} (yosys {@code write_verilog}: {@code TYPE #(...) NAME (.PIN(...), ...);})
     * whose type has an enable pin with a default of 1 connects that pin.
     */
    static void checkEnablesConnected(String netlist) {
        java.util.regex.Matcher cell = java.util.regex.Pattern.compile("(?m)^\\s*(SB_\\w+)\\s").matcher(netlist);
        while (cell.find()) {
            int end = netlist.indexOf(");", cell.end());
            String instance = netlist.substring(cell.start(), end < 0 ? netlist.length() : end);
            for (String[] pins : ENABLE_PINS) {
                if (cell.group(1).startsWith(pins[0])) {
                    for (int i = 1; i < pins.length; i++) {
                        if (!instance.contains(pins[i])) {
                            throw new Processes.ToolFailure("netlist cell " + cell.group(1) + " leaves " + pins[i]
                                    + "...) unconnected, which the models read without port defaults would not set to 1");
                        }
                    }
                }
            }
        }
    }

    /** yosys' iCE40 cell models with the flip-flops' zero initial value taken out. */
    static String cellModelsWithoutInitialValues() throws IOException {
        Path models = cellModelLibrary().orElseThrow(() -> new Processes.ToolFailure(
                "cannot find yosys' ice40/cells_sim.v (looked in `yosys-config --datdir` and next to the yosys executable)"));
        String text = Files.readString(models, StandardCharsets.UTF_8);
        if (!text.contains(DFF_ZERO_INIT)) {
            throw new Processes.ToolFailure(models + " has no line \"" + DFF_ZERO_INIT
                    + "\": this yosys version's cell models need a new way to start flip-flops unknown");
        }
        return text.replace(DFF_ZERO_INIT, DFF_NO_INIT);
    }

    /** {@code DATDIR/ice40/cells_sim.v}: from {@code yosys-config --datdir}, else {@code BIN/../share/yosys} of yosys. */
    static Optional<Path> cellModelLibrary() {
        List<Path> datdirs = new ArrayList<>();
        if (Tools.find("yosys-config").isPresent()) {
            Processes.Result r = Processes.run(List.of("yosys-config", "--datdir"), Path.of("."), Duration.ofSeconds(30));
            if (r.ok() && !r.output().isBlank()) {
                datdirs.add(Path.of(r.output().strip()));
            }
        }
        Tools.find("yosys").ifPresent(yosys -> {
            try {
                Path bin = Path.of(yosys).toRealPath().getParent();
                datdirs.add(bin.resolveSibling("share").resolve("yosys"));
            } catch (IOException e) {
                // no resolvable executable: nothing to look next to
            }
        });
        return datdirs.stream().map(d -> d.resolve("ice40").resolve("cells_sim.v")).filter(Files::isRegularFile).findFirst();
    }
}
