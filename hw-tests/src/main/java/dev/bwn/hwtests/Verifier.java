package dev.bwn.hwtests;

import dev.bwn.codegen.c.COptions;
import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.codegen.verilog.VerilogLowering;
import dev.bwn.hwtests.c.CDesign;
import dev.bwn.hwtests.c.CHostRunner;
import dev.bwn.hwtests.c.CQemuRunner;
import dev.bwn.hwtests.c.CRunResult;
import dev.bwn.hwtests.verilog.VerilatorRunner;
import dev.bwn.model.Network;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;
import dev.bwn.model.vectors.TestVectors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks generated designs against the Java reference, bit for bit: writes the reference's test vectors, generates
 * each target's design (or takes one generated earlier), builds it with the real tools, runs it, and compares.
 * The engine behind {@code bwn verify}, {@code bwn demo} and the mutation tests.
 */
public final class Verifier {
    /** A place a design runs. */
    public enum Target {
        C("c", "c", List.of("gcc")),
        C_QEMU("c-qemu", "c", List.of("arm-none-eabi-gcc", "qemu-system-arm")),
        VERILOG("verilog", "verilog", List.of("verilator"));

        private final String spelling;
        private final String designFolder;
        private final List<String> tools;

        Target(String spelling, String designFolder, List<String> tools) {
            this.spelling = spelling;
            this.designFolder = designFolder;
            this.tools = tools;
        }

        public String spelling() {
            return spelling;
        }

        /** Sub-folder of a design root ({@code bwn demo}'s layout) that holds this target's design. */
        public String designFolder() {
            return designFolder;
        }

        public List<String> tools() {
            return tools;
        }

        /** Parses {@code c}, {@code c-qemu}, {@code verilog}, {@code all}, or a comma-separated list of them. */
        public static List<Target> parseList(String text) {
            Set<Target> out = new LinkedHashSet<>();
            for (String part : text.split(",")) {
                String p = part.trim().toLowerCase(Locale.ROOT);
                if (p.equals("all")) {
                    out.addAll(List.of(values()));
                    continue;
                }
                Target found = null;
                for (Target t : values()) {
                    if (t.spelling.equals(p)) {
                        found = t;
                    }
                }
                if (found == null) {
                    throw new IllegalArgumentException("unknown target \"" + part + "\"; expected c, c-qemu, verilog or all");
                }
                out.add(found);
            }
            return List.copyOf(out);
        }
    }

    /**
     * What to verify. {@code designRoot} is null to generate into {@code workDir}; otherwise it is either the design
     * folder of the one target, or a folder with {@code c/} and {@code verilog/} inside.
     */
    public record Request(Network network, List<Target> targets, List<int[]> inputs, Path designRoot, Path workDir,
                          long seed, Device device, boolean trace) {
    }

    private Verifier() {
    }

    /** Tools a request needs that are not on PATH. */
    public static List<String> missingTools(List<Target> targets) {
        List<String> missing = new ArrayList<>();
        for (Target t : targets) {
            for (String tool : t.tools()) {
                if (Tools.find(tool).isEmpty() && !missing.contains(tool)) {
                    missing.add(tool);
                }
            }
        }
        return missing;
    }

    public static List<TargetResult> run(Request r, Consumer<String> progress) throws IOException {
        if (r.inputs().isEmpty()) {
            // Zero vectors would pass nothing and fail nothing; callers turn this into bad input.
            throw new IllegalArgumentException("no vectors to verify");
        }
        Path vectors = r.workDir().resolve("vectors");
        // Per-layer files let the C debug build and the Verilator taps name the first layer that differs; they cost
        // disk for big runs.
        boolean perLayer = r.inputs().size() <= 2000 && TestVectors.overLimit(r.network(), r.inputs().size(), true).isEmpty();
        progress.accept("writing " + r.inputs().size() + " reference vectors");
        TestVectors.write(r.network(), r.inputs(), vectors, perLayer);
        List<TargetResult> results = new ArrayList<>();
        for (Target t : r.targets()) {
            progress.accept("verifying " + t.spelling());
            long start = System.nanoTime();
            TargetResult result;
            try {
                result = runTarget(r, t, vectors, perLayer, start);
            } catch (Processes.ToolFailure e) {
                String firstLine = e.getMessage().lines().findFirst().orElse("tool failed");
                result = new TargetResult(t.spelling(), 0, 0, "build failed: " + firstLine, 0, seconds(start));
            }
            results.add(result);
        }
        return results;
    }

    private static TargetResult runTarget(Request r, Target t, Path vectors, boolean perLayer, long start) throws IOException {
        Path work = r.workDir().resolve(t.spelling());
        Files.createDirectories(work);
        switch (t) {
            case C, C_QEMU -> {
                CDesign design = r.designRoot() == null
                        ? CDesign.generate(r.network(), COptions.defaults(), r.workDir().resolve("design-c"), vectors)
                        : CDesign.existing(r.network(), designDir(r.designRoot(), t), vectors);
                List<CRunResult> runs = t == Target.C
                        ? CHostRunner.run(List.of(design), work, CHostRunner.Options.defaults().withDebug(perLayer))
                        : CQemuRunner.run(List.of(design), work, CQemuRunner.Options.cortexM3());
                return runs.get(0).toTargetResult(t.spelling(), seconds(start));
            }
            case VERILOG -> {
                Path designDir;
                if (r.designRoot() == null) {
                    designDir = r.workDir().resolve("design-verilog");
                    GeneratedFolder.write(designDir, OutputKind.VERILOG_DESIGN, VerilogGenerator.files(
                            VerilogLowering.lower(r.network(), VerilogLowering.Options.auto(r.device(), "bwn"))));
                } else {
                    designDir = designDir(r.designRoot(), t);
                }
                // with per-layer files, taps name the first layer that differs instead of only the logits
                VerilatorRunner.Options options = VerilatorRunner.Options.defaults(work.resolve("cache"))
                        .withSeed(r.seed()).withTrace(r.trace()).withTaps(perLayer);
                VerilatorRunner.Result result = VerilatorRunner.run(List.of(new VerilatorRunner.Job(designDir, vectors)), options);
                return result.designs().get(0).toTargetResult(t.spelling(), seconds(start));
            }
            default -> throw new IllegalStateException(t.toString());
        }
    }

    static Path designDir(Path root, Target t) {
        Path sub = root.resolve(t.designFolder());
        return Files.isDirectory(sub) ? sub : root;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
