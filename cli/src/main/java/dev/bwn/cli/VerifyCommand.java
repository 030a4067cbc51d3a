package dev.bwn.cli;

import dev.bwn.codegen.verilog.Device;
import dev.bwn.hwtests.JUnitReport;
import dev.bwn.hwtests.TargetResult;
import dev.bwn.hwtests.Verifier;
import dev.bwn.model.Network;
import dev.bwn.model.data.LabeledImages;
import dev.bwn.model.random.RandomNetworks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate (or take) a design, build it with the real tools, run it on test vectors and compare every "
                + "output bit with the Java reference.", "Exit 0 only when every vector matches on every target."})
final class VerifyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A .bwn.json model file.")
    Path model;

    @Option(names = "--target", defaultValue = "all", paramLabel = "c|c-qemu|verilog|all",
            description = "Where to run: host C, C on an emulated Cortex-M3 (QEMU mps2-an385), Verilog in Verilator, or all (default).")
    String target;

    @Option(names = "--vectors", paramLabel = "N", converter = NumericOptions.Count.class,
            description = "Number of vectors: random inputs (default 100), or the first N images with --dataset (default all).")
    Integer vectors;

    @Option(names = "--dataset", paramLabel = "mnist|fashion-mnist|DIR", description = "Use the dataset's test images as vectors.")
    String dataset;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for random vectors and the testbench's random stalls.")
    long seed;

    @Option(names = "--design", paramLabel = "DIR",
            description = "Verify a design generated earlier (the target's folder, or one holding c/ and verilog/) instead of generating one.")
    Path design;

    @Option(names = "--device", defaultValue = "up5k", paramLabel = "up5k|hx8k|generic",
            description = "Device budget for the generated Verilog's folding (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write a JUnit XML report for CI.")
    Path junit;

    @Option(names = "--work", paramLabel = "DIR", description = "Keep builds and logs in DIR (default: a temporary folder, removed).")
    Path work;

    @Option(names = "--trace", description = "Write a VCD trace of the Verilog simulation into the work folder.")
    boolean trace;

    @Override
    public Integer call() throws Exception {
        Network net = Models.load(model);
        List<Verifier.Target> targets;
        Device dev;
        try {
            targets = Verifier.Target.parseList(target);
            dev = Device.parse(device);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        if (design != null && !Files.isDirectory(design)) {
            throw new BadInputException("--design " + design + ": no such folder");
        }
        List<int[]> inputs = inputs(net);
        List<String> missing = Verifier.missingTools(targets);
        if (!missing.isEmpty()) {
            throw new BadInputException("missing tools for " + target + ": " + String.join(", ", missing)
                    + " (on Debian: apt-get install the packages .ci/run lists)");
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean temporary = work == null;
        Path workDir = temporary ? Files.createTempDirectory("bwn-verify") : Files.createDirectories(work);
        List<TargetResult> results;
        try {
            results = Verifier.run(new Verifier.Request(net, targets, inputs, design, workDir, seed, dev, trace),
                    line -> spec.commandLine().getErr().println("bwn: " + line));
        } finally {
            if (temporary && !trace) {
                deleteTree(workDir);
            }
        }
        for (TargetResult r : results) {
            out.println(r.summaryLine());
        }
        out.flush();
        if (junit != null) {
            JUnitReport.write(junit, net.name(), results);
        }
        return results.stream().allMatch(TargetResult::passed) ? Main.EXIT_OK : Main.EXIT_FAILED;
    }

    private List<int[]> inputs(Network net) {
        if (dataset == null) {
            return RandomNetworks.randomInputs(net, vectors == null ? 100 : vectors, seed);
        }
        LabeledImages test = Models.testImages(net, model, dataset);
        if (test.size() == 0) {
            throw new BadInputException(dataset + ": the test split holds no images, so there is nothing to verify");
        }
        int n = vectors == null ? test.size() : Math.min(vectors, test.size());
        return Arrays.asList(test.head(n).images());
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
