package dev.bwn.hwtests.verilog;

import dev.bwn.hwtests.Processes;

import dev.bwn.codegen.TemplateEngine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Places and routes an iCE40 netlist with nextpnr-ice40 and reads logic cells, block RAMs and Fmax from its log. */
public final class NextpnrRunner {
    /**
     * Figures from nextpnr's report. {@code fmaxMHz} is the clock's maximum frequency after routing, 0 when the design
     * did not fit (then the cell counts are what packing needed).
     */
    public record Placed(int logicCells, int logicCellsAvailable, int blockRams, int blockRamsAvailable, int dsps,
                         double fmaxMHz, String log) {
    }

    private static final Pattern LC = Pattern.compile("ICESTORM_LC:\\s+(\\d+)/\\s*(\\d+)");
    private static final Pattern RAM = Pattern.compile("ICESTORM_RAM:\\s+(\\d+)/\\s*(\\d+)");
    private static final Pattern DSP = Pattern.compile("ICESTORM_DSP:\\s+(\\d+)/\\s*(\\d+)");
    private static final Pattern FMAX = Pattern.compile("Max frequency for clock\\s+'[^']*':\\s+([0-9.]+) MHz");

    private NextpnrRunner() {
    }

    /**
     * Synthesizes {@code design} with yosys to JSON, then places and routes it for an UP5K (sg48) aiming at 24 MHz,
     * inside a wrapper that folds the logit bus into one parity pin so the design fits the package's pins.
     */
    public static Placed up5k(DesignSummary design, Path work, long seed) throws IOException {
        String wrapperName = design.top() + "_bench_io";
        Path wrapper = work.resolve(wrapperName + ".v");
        Files.writeString(wrapper, ioWrapper(design, wrapperName));
        Path json = work.resolve(design.top() + ".json");
        StringBuilder script = new StringBuilder("read_verilog -defer");
        for (Path p : design.verilogFiles()) {
            script.append(' ').append(p.toAbsolutePath());
        }
        script.append(' ').append(wrapper.toAbsolutePath());
        script.append("; synth_ice40 -dsp -top ").append(wrapperName).append(" -json ").append(json.toAbsolutePath());
        Processes.run(List.of("yosys", "-q", "-p", script.toString()), design.dir(), Duration.ofMinutes(20)).orThrow();
        // a missed 24 MHz target is a figure to report, not an error: --timing-allow-fail keeps the exit code for real failures
        Processes.Result r = Processes.run(List.of("nextpnr-ice40", "--up5k", "--package", "sg48", "--freq", "24", "--timing-allow-fail",
                "--seed", Long.toString(seed), "--json", json.toString(), "--asc", work.resolve(design.top() + ".asc").toString()),
                work, Duration.ofMinutes(30));
        String log = r.output();
        if (!r.ok()) {
            // an over-full device is a result to report, not a crash: keep the utilisation nextpnr printed
            Matcher lcOver = last(LC, log);
            Matcher ramOver = last(RAM, log);
            if (lcOver == null || ramOver == null) {
                throw new IOException("nextpnr failed:\n" + Processes.tail(log, 3000));
            }
            Matcher dspOver = last(DSP, log);
            return new Placed(Integer.parseInt(lcOver.group(1)), Integer.parseInt(lcOver.group(2)),
                    Integer.parseInt(ramOver.group(1)), Integer.parseInt(ramOver.group(2)),
                    dspOver == null ? 0 : Integer.parseInt(dspOver.group(1)), 0, log);
        }
        Matcher lc = last(LC, log);
        Matcher ram = last(RAM, log);
        Matcher dsp = last(DSP, log);
        Matcher fmax = last(FMAX, log);
        if (lc == null || ram == null || fmax == null) {
            throw new IOException("cannot read nextpnr's report:\n" + Processes.tail(log, 3000));
        }
        return new Placed(Integer.parseInt(lc.group(1)), Integer.parseInt(lc.group(2)), Integer.parseInt(ram.group(1)),
                Integer.parseInt(ram.group(2)), dsp == null ? 0 : Integer.parseInt(dsp.group(1)),
                Double.parseDouble(fmax.group(1)), log);
    }

    /**
     * The data of {@code benchmark/io_wrapper.v.ftl}: wrapper {@code name} around design {@code top}, with the widths
     * of its input, class and logit buses.
     */
    public record IoWrapperView(String name, String top, String tool, int inputBits, int classBits, int logitBusBits) {
    }

    static String ioWrapper(DesignSummary design, String wrapperName) {
        return TemplateEngine.render("verilog/benchmark/io_wrapper.v.ftl", new IoWrapperView(wrapperName, design.top(),
                VerilogBenchmark.TOOL, design.inputBits(), design.classBits(), design.logitBits() * design.classes()));
    }

    private static Matcher last(Pattern p, String s) {
        Matcher m = p.matcher(s);
        Matcher found = null;
        int from = 0;
        while (m.find(from)) {
            found = p.matcher(s);
            found.find(m.start());
            from = m.end();
        }
        return found;
    }
}
