package dev.bwn.codegen.verilog.board;

import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.codegen.verilog.WeightLoad;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The commands that turn a board design into a bitstream and report on it, written once: the Makefile's recipes and
 * the README's command block are both rendered from {@link #steps}, so the README says exactly what {@code make} runs.
 */
public record BuildFlow(List<Step> steps) {
    /** The report nextpnr writes ({@code --report}); {@code report.py} reads it. */
    public static final String NEXTPNR_REPORT = "report.json";
    public static final String REPORT_SCRIPT = "report.py";
    public static final String HOST_SCRIPT = "host.py";
    public static final String YOSYS_LOG = "yosys.log";

    /**
     * One Makefile rule: the file it makes (or a phony name), what it needs, and the one shell command.
     *
     * @param phony true for {@code report} and {@code prog}, which make no file
     */
    public record Step(String target, List<String> prerequisites, String command, boolean phony, String why) {
        public Step {
            prerequisites = List.copyOf(prerequisites);
        }
    }

    public BuildFlow {
        steps = List.copyOf(steps);
    }

    /** yosys, nextpnr-ice40, icepack; then {@code report} and {@code prog} (with the weight image, if any). */
    public static BuildFlow of(BoardDesign b, List<String> verilogFiles, List<String> memoryFiles) {
        String name = b.baseName();
        String json = name + ".json";
        String asc = name + ".asc";
        String bin = name + ".bin";
        String pcf = name + ".pcf";
        List<Step> steps = new ArrayList<>();
        List<String> sources = new ArrayList<>(verilogFiles);
        sources.addAll(memoryFiles);
        steps.add(new Step(json, sources, "yosys -q -l " + YOSYS_LOG + " -p \"read_verilog -defer " + String.join(" ", verilogFiles)
                + "; synth_ice40 -dsp -top " + b.names().top() + " -json " + json + "\"", false,
                "synthesis; -dsp maps the requantization multipliers to the SB_MAC16 blocks instead of logic"));
        steps.add(new Step(asc, List.of(json, pcf), "nextpnr-ice40 " + b.board().nextpnrDevice() + " --package "
                + b.board().nextpnrPackage() + " --json " + json + " --pcf " + pcf + " --freq " + BoardDesign.plain(b.clockMhz())
                + " --report " + NEXTPNR_REPORT + " --asc " + asc, false,
                "placement and routing for the board's device and package, timing checked at the design's clock"));
        steps.add(new Step(bin, List.of(asc), "icepack " + asc + " " + bin, false, "the bitstream"));
        steps.add(new Step("report", List.of(asc), "python3 " + REPORT_SCRIPT + " " + NEXTPNR_REPORT, true,
                "logic cells, block RAMs, SPRAMs, DSPs, IOs and Fmax from nextpnr's report"));
        if (b.design().weightLoad().isEmpty()) {
            steps.add(new Step("prog", List.of(bin), "iceprog " + bin, true, "writes the bitstream to the board's flash"));
        } else {
            String weights = VerilogGenerator.weightImageFile(b.design());
            String offset = String.format(Locale.ROOT, "0x%06X", WeightLoad.DEFAULT_FLASH_OFFSET);
            steps.add(new Step("prog", List.of(bin, weights), "iceprog " + bin + " && iceprog -o " + offset + " " + weights, true,
                    "writes the bitstream to the board's flash at 0, then the SPRAM weights at " + offset
                            + ", where the design reads them after every configuration"));
        }
        return new BuildFlow(steps);
    }

    /** The commands {@code make} runs for its default target, in order. */
    public List<String> bitstreamCommands() {
        return steps.stream().filter(s -> !s.phony()).map(Step::command).toList();
    }

    public Step step(String target) {
        return steps.stream().filter(s -> s.target().equals(target)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no step " + target));
    }
}
