package dev.bwn.hwtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Synthesis and place-and-route of a generated design for an iCE40 with the open-source flow (yosys synth_ice40,
 * nextpnr-ice40), returning the figures nextpnr reports: logic cells, block RAMs and the clock's Fmax.
 */
public final class Ice40Flow {
    /** An iCE40 part as nextpnr names it. */
    public enum Part {
        UP5K("--up5k", "sg48", 5280, 30),
        HX8K("--hx8k", "ct256", 7680, 32);

        final String flag;
        final String pkg;
        public final int logicCells;
        public final int blockRams;

        Part(String flag, String pkg, int logicCells, int blockRams) {
            this.flag = flag;
            this.pkg = pkg;
            this.logicCells = logicCells;
            this.blockRams = blockRams;
        }
    }

    /** What place-and-route reported; {@code fmaxMHz} is the worst clock's maximum frequency. */
    public record Result(Part part, int logicCells, int blockRams, double fmaxMHz, double targetMHz, double seconds) {
        public boolean fits() {
            return logicCells <= part.logicCells && blockRams <= part.blockRams;
        }

        public String summary() {
            return String.format(Locale.ROOT, "%d/%d LCs, %d/%d EBR, Fmax %.1f MHz (target %.0f MHz)", logicCells,
                    part.logicCells, blockRams, part.blockRams, fmaxMHz, targetMHz);
        }
    }

    private static final Pattern LC = Pattern.compile("ICESTORM_LC:\\s+(\\d+)/\\s*(\\d+)");
    private static final Pattern RAM = Pattern.compile("ICESTORM_RAM:\\s+(\\d+)/\\s*(\\d+)");
    private static final Pattern FMAX = Pattern.compile("Max frequency for clock\\s+'[^']*':\\s+([0-9.]+) MHz");

    private Ice40Flow() {
    }

    /**
     * Synthesizes the Verilog files of {@code designDir} (in file-list order; ROM images are read relative to it) with
     * {@code top} as the top module, then places and routes for {@code part} at {@code targetMHz}. Files go to {@code workDir}.
     */
    public static Result run(Path designDir, List<Path> verilogFiles, String top, Part part, double targetMHz, Path workDir,
                             Duration timeout) throws IOException {
        Files.createDirectories(workDir);
        long start = System.nanoTime();
        Path json = workDir.toAbsolutePath().resolve(top + ".json");
        StringBuilder script = new StringBuilder();
        for (Path f : verilogFiles) {
            script.append("read_verilog -defer -sv ").append(f.toAbsolutePath()).append("; ");
        }
        script.append("synth_ice40 -top ").append(top).append(" -json ").append(json);
        Processes.run(List.of("yosys", "-q", "-l", workDir.toAbsolutePath().resolve("yosys.log").toString(), "-p", script.toString()),
                designDir, timeout).orThrow();
        List<String> pnr = new ArrayList<>(List.of("nextpnr-ice40", part.flag, "--package", part.pkg, "--json", json.toString(),
                "--asc", workDir.toAbsolutePath().resolve(top + ".asc").toString(),
                "--freq", String.format(Locale.ROOT, "%.2f", targetMHz), "--seed", "1"));
        Processes.Result r = Processes.run(pnr, designDir, timeout);
        Files.writeString(workDir.resolve("nextpnr.log"), r.output());
        r.orThrow();
        int lcs = lastInt(LC, r.output(), "logic cell count");
        int rams = lastInt(RAM, r.output(), "block RAM count");
        Matcher fm = FMAX.matcher(r.output());
        double fmax = -1;
        while (fm.find()) {
            fmax = fmax < 0 ? Double.parseDouble(fm.group(1)) : Math.min(fmax, Double.parseDouble(fm.group(1)));
        }
        if (fmax < 0) {
            throw new Processes.ToolFailure("nextpnr-ice40 reported no Fmax for " + top);
        }
        return new Result(part, lcs, rams, fmax, targetMHz, (System.nanoTime() - start) / 1e9);
    }

    private static int lastInt(Pattern p, String text, String what) {
        Matcher m = p.matcher(text);
        int value = -1;
        while (m.find()) {
            value = Integer.parseInt(m.group(1));
        }
        if (value < 0) {
            throw new Processes.ToolFailure("nextpnr-ice40 output has no " + what);
        }
        return value;
    }
}
