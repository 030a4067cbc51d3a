package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.Identifiers;
import dev.bwn.codegen.TemplateEngine;
import dev.bwn.model.io.InputFileException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the AXI4-Stream wrappers of generated designs ({@code bwn gen verilog --interface axis}) in Verilator against
 * the reference's test vectors: one build for several designs (template {@code harness/axis_testbench.cpp.ftl}),
 * each vector sent as one packet with random gaps, results taken under random back-pressure, and packet faults
 * (early or missing TLAST) injected on request. Builds are cached and runs reported as {@link VerilatorRunner}'s.
 */
public final class AxisStreamRunner {
    /** Reserved in {@link Identifiers}, so that no design's module can take the wrapper's name. */
    private static final String WRAPPER = Identifiers.VERILATOR_AXIS_WRAPPER;

    /** The facts of a design's AXI4-Stream wrapper, from its {@code design.txt}. */
    public record AxisSummary(DesignSummary core, String axisTop, int inputTdataBits, int valueBytes, int beatsPerImage,
                              int resultTdataBits, int resultBeats) {
        public static AxisSummary read(Path dir) {
            DesignSummary core = DesignSummary.read(dir);
            Map<String, String> kv = DesignSummary.keyValues(dir);
            Path file = dir.resolve(dev.bwn.codegen.verilog.VerilogGenerator.DESIGN_SUMMARY);
            if (!kv.containsKey("axis_top")) {
                throw new InputFileException(file, "the design has no AXI4-Stream wrapper (generate it with --interface axis)");
            }
            try {
                String top = DesignSummary.required(kv, "axis_top", file);
                if (!Identifiers.sanitize(top).equals(top)) {
                    throw new InputFileException(file, "bad axis_top \"" + top + "\"");
                }
                return new AxisSummary(core, top, Integer.parseInt(DesignSummary.required(kv, "axis_input_tdata_bits", file)),
                        Integer.parseInt(DesignSummary.required(kv, "axis_value_bytes", file)),
                        Integer.parseInt(DesignSummary.required(kv, "axis_beats_per_image", file)),
                        Integer.parseInt(DesignSummary.required(kv, "axis_result_tdata_bits", file)),
                        Integer.parseInt(DesignSummary.required(kv, "axis_result_beats", file)));
            } catch (NumberFormatException e) {
                throw new InputFileException(file, e.getMessage());
            }
        }
    }

    /** A packet fault: vector {@code vector} of design {@code design} sent with TLAST after {@code beats} beats, or none. */
    public record Fault(int design, long vector, boolean early, long beats) {
        public static Fault earlyTlast(int design, long vector, long beats) {
            return new Fault(design, vector, true, beats);
        }

        public static Fault missingTlast(int design, long vector) {
            return new Fault(design, vector, false, 0);
        }

        String argument() {
            return design + (early ? ":early:" + vector + ":" + beats : ":missing:" + vector);
        }
    }

    private AxisStreamRunner() {
    }

    /** Builds (or reuses) one simulator for all jobs and runs it twice, steady and with random handshakes. */
    public static VerilatorRunner.Result run(List<VerilatorRunner.Job> jobs, List<Fault> faults, VerilatorRunner.Options options)
            throws IOException {
        List<AxisSummary> designs = new ArrayList<>();
        for (VerilatorRunner.Job j : jobs) {
            designs.add(AxisSummary.read(j.designDir()));
        }
        List<DesignSummary> cores = designs.stream().map(AxisSummary::core).toList();
        VerilatorRunner.Build build = build(designs, options);
        if (!build.ok()) {
            List<VerilatorRunner.DesignResult> failed = cores.stream()
                    .map(d -> new VerilatorRunner.DesignResult(d.top(), 0, 0, 0, 0, "verilator build failed", 0)).toList();
            return new VerilatorRunner.Result(failed, false, false, build.dir(), null, build.output());
        }
        List<String> args = new ArrayList<>();
        for (Fault f : faults) {
            args.add("--fault");
            args.add(f.argument());
        }
        return VerilatorRunner.simulate(build, cores, jobs, options, args);
    }

    private static VerilatorRunner.Build build(List<AxisSummary> designs, VerilatorRunner.Options options) throws IOException {
        List<Path> sources = new ArrayList<>();
        for (AxisSummary a : designs) {
            sources.addAll(a.core().verilogFiles());
        }
        return VerilatorRunner.compile(WRAPPER, harness(designs), sources, options);
    }

    /** The generated wrapper and testbench of a batch, file name to text. */
    static Map<String, String> harness(List<AxisSummary> designs) {
        AxisHarnessView view = AxisHarnessView.of(WRAPPER, VerilatorRunner.TOOL, VerilatorRunner.PASS_LINE, designs);
        Map<String, String> harness = new LinkedHashMap<>();
        harness.put(WRAPPER + ".v", TemplateEngine.render("verilog/harness/axis_batch_top.v.ftl", view));
        harness.put("axis_testbench.cpp", TemplateEngine.render("verilog/harness/axis_testbench.cpp.ftl", view));
        return harness;
    }
}
