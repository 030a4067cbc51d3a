package dev.bwn.cli;

import dev.bwn.codegen.verilog.Device;
import dev.bwn.hwtests.JUnitReport;
import dev.bwn.hwtests.Shard;
import dev.bwn.hwtests.SlicedRun;
import dev.bwn.hwtests.TargetResult;
import dev.bwn.hwtests.Verifier;
import dev.bwn.model.Network;
import dev.bwn.model.data.LabeledImages;
import dev.bwn.model.output.OutputException;
import dev.bwn.model.output.OutputKind;
import dev.bwn.model.output.OutputPaths;
import dev.bwn.model.output.RunFolder;
import dev.bwn.model.random.RandomNetworks;
import dev.bwn.model.vectors.TestVectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate (or take) a design, build it with the real tools, run it on test vectors and compare every "
                + "output bit with the Java reference.", "Exit 0 only when every vector matches on every target."})
final class VerifyCommand implements Callable<Integer> {
    /** More processes than this only add start-up cost; a typo (10000) would fork that many simulators. */
    static final int MAX_JOBS = 256;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A .bwn.json model file.")
    Path model;

    @Option(names = "--target", defaultValue = "all", paramLabel = "c|c-qemu|verilog|board|netlist|all",
            description = "Where to run: host C, C on an emulated Cortex-M3 (QEMU mps2-an385), Verilog in Verilator, "
                    + "the board design's UART core in Verilator (frames bit by bit at the real baud divisor; the "
                    + "iCEBreaker design unless --design names one), the yosys iCE40 gate-level netlist of the Verilog "
                    + "in Verilator (netlist), or all (default: c, c-qemu and verilog).")
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

    @Option(names = "--work", paramLabel = "DIR", description = "Keep builds and logs in DIR (default: a temporary folder, removed); locked while this run uses it.")
    Path work;

    @Option(names = "--trace", description = "Write a VCD trace of the Verilog simulation into the work folder.")
    boolean trace;

    @Option(names = "--jobs", paramLabel = "N", description = "Simulator processes at once, each on its own slice of the "
            + "vectors (default: the number of cores, ${DEFAULT-VALUE} here); results are merged in vector order.")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--shard", paramLabel = "K/N", description = "Verify only shard K of N: the K-th of N contiguous, "
            + "equal blocks of the vectors (indices stay those of the whole set). Merge the shards' --junit reports "
            + "with `bwn junit-merge`.")
    String shard;

    @Option(names = "--no-progress", description = "No progress lines on stderr (also off when CI=true or stderr is not a terminal).")
    boolean noProgress;

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
        // Checked before any vector is generated: the count alone can ask for terabytes.
        Optional<String> tooMany = TestVectors.overLimit(net, vectors == null ? 1 : vectors, false);
        if (tooMany.isPresent()) {
            throw new BadInputException("--vectors " + vectors + ": " + tooMany.get());
        }
        if (jobs < 1 || jobs > MAX_JOBS) {
            throw new BadInputException("--jobs must be 1.." + MAX_JOBS + ", got " + jobs);
        }
        Shard part = parseShard();
        if (design != null && !Files.isDirectory(design)) {
            throw new BadInputException("--design " + design + ": no such folder");
        }
        Verifier.checkDesignFolder(targets, design);
        Path datasetFolder = Models.datasetFolder(dataset);
        if (work != null) {
            OutputPaths.checkOutput("--work", work, model, design, datasetFolder);
        }
        Path junitFile = junit == null ? null : OutputPaths.checkOutput("--junit", junit, model, design, datasetFolder);
        if (junitFile != null && Files.isDirectory(junitFile)) {
            throw new BadInputException("--junit " + junit + ": is a folder; name the report file");
        }
        if (junitFile != null && !JUnitReport.mayReplace(junitFile)) {
            throw new OutputException("--junit " + junit + ": exists and is not a report bwn verify wrote; "
                    + "remove it or choose another file");
        }
        List<int[]> allInputs = inputs(net);
        List<int[]> inputs = part.select(allInputs);
        if (inputs.isEmpty()) {
            throw new BadInputException("--shard " + part + ": no vectors in this shard (" + allInputs.size()
                    + " vectors over " + part.count() + " shards)");
        }
        List<String> missing = Verifier.missingTools(targets);
        if (!missing.isEmpty()) {
            throw new BadInputException("missing tools for " + target + ": " + String.join(", ", missing)
                    + " (on Debian: apt-get install the packages .ci/run lists)");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean progress = ProgressReport.wanted(noProgress);
        List<TargetResult> results;
        try (RunFolder workDir = work == null ? RunFolder.temporary("bwn-verify", OutputKind.VERIFY_WORK, trace)
                : RunFolder.open(work, OutputKind.VERIFY_WORK)) {
            Verifier.Request request = new Verifier.Request(net, targets, inputs, design, workDir.path(), seed, dev, trace,
                    part.from(allInputs.size()), jobs);
            results = Verifier.run(request, line -> err.println("bwn: " + line),
                    t -> progress ? new ProgressReport(t, err, System::nanoTime) : SlicedRun.Progress.NONE);
        }
        for (TargetResult r : results) {
            out.println(r.summaryLine());
        }
        out.flush();
        if (junitFile != null) {
            try {
                JUnitReport.write(junitFile, net.name(), results, part, inputs.size());
            } catch (IOException e) {
                throw OutputException.cannotWrite("--junit " + junit, e);
            }
        }
        return results.stream().allMatch(TargetResult::passed) ? Main.EXIT_OK : Main.EXIT_FAILED;
    }

    private Shard parseShard() {
        try {
            return shard == null ? Shard.WHOLE : Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--shard: " + e.getMessage());
        }
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
}
