package dev.bwn.cli;

import dev.bwn.model.Network;
import dev.bwn.model.data.LabeledImages;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Accuracy of the integer reference on a dataset's test split.")
final class EvalCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A .bwn.json model file.")
    Path model;

    @Option(names = "--dataset", required = true, paramLabel = "mnist|fashion-mnist|DIR",
            description = "Dataset name, or a folder of IDX files (or CIFAR-10 binary batches).")
    String dataset;

    @Option(names = "--limit", paramLabel = "N", converter = NumericOptions.Count.class,
            description = "Evaluate only the first N test images (N >= 1).")
    Integer limit;

    @Option(names = "--min-accuracy", paramLabel = "FRACTION", converter = NumericOptions.Fraction.class,
            description = "Exit 1 when the accuracy is below this fraction in [0, 1] (e.g. 0.99), for CI.")
    Double minAccuracy;

    @Override
    public Integer call() throws Exception {
        Network net = Models.load(model);
        LabeledImages test = Models.testImages(net, model, dataset);
        if (limit != null) {
            test = test.head(limit);
        }
        if (test.size() == 0) {
            // An accuracy over no images is no measurement: a gate on it must not pass.
            throw new BadInputException(dataset + ": the test split holds no images");
        }
        long start = System.nanoTime();
        LabeledImages data = test;
        long correct = IntStream.range(0, data.size()).parallel()
                .filter(i -> net.infer(data.images()[i]).predictedClass() == data.labels()[i]).count();
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = (double) correct / data.size();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s on %s test: accuracy %.2f%% (%d/%d) in %.1f s (%.0f images/s, integer reference)%n",
                net.name(), test.name(), accuracy * 100, correct, data.size(), seconds, data.size() / seconds);
        out.flush();
        if (minAccuracy != null && accuracy < minAccuracy) {
            spec.commandLine().getErr().printf(Locale.ROOT, "bwn: accuracy %.4f is below --min-accuracy %.4f%n", accuracy, minAccuracy);
            return Main.EXIT_FAILED;
        }
        return Main.EXIT_OK;
    }
}
