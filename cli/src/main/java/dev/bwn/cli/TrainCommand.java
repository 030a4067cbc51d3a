package dev.bwn.cli;

import dev.bwn.model.output.OutputPaths;
import dev.bwn.trainer.Architectures;
import dev.bwn.trainer.Method;
import dev.bwn.trainer.TrainCommandSupport;
import dev.bwn.trainer.TrainOptions;
import dev.bwn.trainer.TrainResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a binary-weight network and export it to the integer model (DIR/model.bwn.json).",
                "Writes DIR/metrics.csv, DIR/curves.png and a checkpoint every epoch; --resume DIR continues a run exactly."})
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--arch", paramLabel = "NAME|FILE", defaultValue = "lenet5", completionCandidates = ArchNames.class,
            description = "Architecture: ${COMPLETION-CANDIDATES}, or a network description file (.json, docs/ARCHITECTURES.md).")
    String architecture;

    @Option(names = "--dataset", paramLabel = "mnist|fashion-mnist|DIR", defaultValue = "mnist",
            description = "Dataset name or a folder of IDX / CIFAR-10 files (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--method", paramLabel = "group|ste|fp", defaultValue = "group",
            description = "group: group weight transformation (docs/METHOD.md); ste: BinaryConnect baseline; fp: full precision baseline.")
    String method;

    @Option(names = "--epochs", defaultValue = "20", converter = NumericOptions.Epochs.class,
            description = "Passes over the training set, 1..100000 (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for initialization, shuffling and augmentation.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: runs/<arch>-<method>-<seed>).")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run stored in DIR where it stopped, with the options, data and architecture it was "
                    + "started with (other options are ignored; different data, a changed architecture file or another "
                    + "--arch are refused).")
    Path resume;

    @Option(names = "--batch", defaultValue = "128", converter = NumericOptions.BatchSize.class,
            description = "Batch size, 1..65536 (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.1", converter = NumericOptions.LearningRate.class,
            description = "Peak learning rate of the cosine schedule, in (0, 10] (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--weight-decay", defaultValue = "5e-4", converter = NumericOptions.WeightDecay.class,
            description = "L2 coefficient, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--activation-bits", defaultValue = "8", converter = NumericOptions.ActivationBits.class,
            description = "Width of hidden activations in the exported model, 2..16 (default: ${DEFAULT-VALUE}).")
    int activationBits;

    @Option(names = "--momentum", defaultValue = "0.9", converter = NumericOptions.Momentum.class,
            description = "SGD momentum, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--no-nesterov", description = "Heavy-ball momentum instead of Nesterov.")
    boolean noNesterov;

    @Option(names = "--augment-shift", defaultValue = "0", converter = NumericOptions.AugmentShift.class,
            description = "Random translation of training images by up to N pixels, 0..8 (default: ${DEFAULT-VALUE}).")
    int augmentShift;

    @Option(names = "--binary-tail", defaultValue = "0.1", paramLabel = "FRACTION", converter = NumericOptions.BinaryTail.class,
            description = "Last fraction of training run with exactly binary weights, in [0, 1) (group method; default: ${DEFAULT-VALUE}).")
    double binaryTail;

    @Option(names = "--group-size", defaultValue = "0", paramLabel = "N", converter = NumericOptions.GroupSize.class,
            description = "Group method: normalize each run of N consecutive fan-in weights by its own largest magnitude, "
                    + "0 or 2..1048576 (0 = each output channel's whole fan-in, the default; docs/METHOD.md).")
    int groupSize;

    @Option(names = "--calibration-images", defaultValue = "5000", converter = NumericOptions.CalibrationImages.class,
            description = "Training images used to re-estimate batch-norm statistics, >= 1 (default: ${DEFAULT-VALUE}).")
    int calibrationImages;

    @Option(names = "--fp-ends", description = "Train the first and last weighted layers in full precision (a comparison: "
            + "the exported model is still all-binary, those layers binarized at export; provenance lists them in "
            + "extra.fullPrecisionLayers).")
    boolean fullPrecisionEnds;

    @Option(names = "--train-limit", defaultValue = "0", converter = NumericOptions.TrainLimit.class,
            description = "Use only the first N training images, N >= 0 (0 = all).")
    int trainLimit;

    @Option(names = "--test-limit", defaultValue = "0", converter = NumericOptions.TestLimit.class,
            description = "Evaluate on the first N test images only, N >= 0 (0 = all).")
    int testLimit;

    @Option(names = "--dry-run", description = "Print the layer table (shapes, binary weights, MACs, activation memory) "
            + "and totals, and exit without training. mnist, fashion-mnist, cifar10 and cifar100 need no data files.")
    boolean dryRun;

    @Option(names = "--no-progress", description = "No progress bar or quarter-epoch lines (one line per epoch only).")
    boolean noProgress;

    static final class ArchNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Architectures.names().iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        Method m;
        try {
            m = Method.parse(method);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--method: " + e.getMessage());
        }
        PrintStream console = new PrintStream(System.out, true);
        if (dryRun) {
            if (resume != null) {
                throw new BadInputException("--dry-run: not with --resume");
            }
            String table;
            try {
                table = TrainCommandSupport.dryRun(architecture, dataset, activationBits, null);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--arch: " + e.getMessage());
            }
            spec.commandLine().getOut().print(table);
            spec.commandLine().getOut().flush();
            return Main.EXIT_OK;
        }
        TrainResult result;
        if (resume != null) {
            if (!java.nio.file.Files.isDirectory(resume)) {
                throw new BadInputException("--resume " + resume + ": no such run folder");
            }
            // --arch with --resume must name the run's own architecture; the other options are ignored.
            String namedArchitecture = spec.commandLine().getParseResult().hasMatchedOption("--arch") ? architecture : null;
            result = TrainCommandSupport.resume(resume, namedArchitecture, !noProgress, console);
        } else {
            Path dir = out != null ? out : Path.of("runs", Architectures.label(architecture) + "-" + method + "-" + seed);
            OutputPaths.checkOutput("--out", dir, Models.datasetFolder(dataset));
            TrainOptions options;
            try {
                options = TrainOptions.builder().architecture(architecture).dataset(dataset).method(m).epochs(epochs).seed(seed)
                        .outDir(dir).batchSize(batch).learningRate(learningRate).momentum(momentum).nesterov(!noNesterov)
                        .weightDecay(weightDecay).activationBits(activationBits).augmentShift(augmentShift)
                        .binaryTailFraction(binaryTail).groupSize(groupSize).calibrationImages(calibrationImages).fullPrecisionEnds(fullPrecisionEnds)
                        .trainLimit(trainLimit).testLimit(testLimit).progressBar(!noProgress).build();
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
            result = TrainCommandSupport.train(options, console);
        }
        return result.finished() ? Main.EXIT_OK : Main.EXIT_FAILED;
    }
}
