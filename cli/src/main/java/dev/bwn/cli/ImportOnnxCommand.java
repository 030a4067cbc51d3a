package dev.bwn.cli;

import dev.bwn.importer.OnnxImporter;
import dev.bwn.model.ActivationType;
import dev.bwn.model.Network;
import dev.bwn.model.data.Dataset;
import dev.bwn.model.data.LabeledImages;
import dev.bwn.model.data.Split;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.output.OutputException;
import dev.bwn.model.output.OutputPaths;
import dev.bwn.trainer.ValueRange;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code bwn import onnx FILE.onnx -o MODEL.bwn.json}: maps an ONNX graph whose convolution and dense weights are all
 * binary onto the integer model (docs/IMPORT.md). The model file is written whole or not at all, and never over an
 * existing file.
 */
@Command(name = "onnx", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Import an ONNX graph (opset 9-17, QONNX Quant/BipolarQuant) whose Conv and Gemm/MatMul weights are binary.",
                "Batch norm, biases and scales fold into requantization; prints a per-layer summary (docs/IMPORT.md)."})
final class ImportOnnxCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.onnx", description = "The ONNX model.")
    Path onnx;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "MODEL.bwn.json",
            description = "The integer model to write (must not exist yet).")
    Path output;

    @Option(names = "--input-scale", paramLabel = "STEP", converter = InputStep.class,
            description = "Float value of one input step: 1/255 when the graph reads pixels scaled to 0..1, 1 when it reads raw pixels. "
                    + "Not needed when a QONNX Quant on the input gives it.")
    Double inputStep;

    @Option(names = "--calibration", paramLabel = "mnist|fashion-mnist|DIR",
            description = "Dataset whose training images calibrate the activation ranges; the float graph and the integer model are compared on them.")
    String calibration;

    @Option(names = "--calibration-images", defaultValue = "1000", paramLabel = "N", converter = NumericOptions.Count.class,
            description = "Calibrate on the first N training images (default ${DEFAULT-VALUE}).")
    int calibrationImages;

    @Option(names = "--percentile", defaultValue = "100", paramLabel = "P", converter = Percentile.class,
            description = "A tensor's range: this percentile over the calibration images of each image's largest |value| "
                    + "(default ${DEFAULT-VALUE}: the largest value seen).")
    double percentile;

    @Option(names = "--activation-bits", defaultValue = "8", paramLabel = "B", converter = ActivationBits.class,
            description = "Bits of the hidden activations whose scales bwn chooses, 2..16 (default ${DEFAULT-VALUE}); QONNX Quant nodes keep theirs.")
    int activationBits;

    @Option(names = "--name", paramLabel = "NAME", description = "The model's name (default: the file name without .onnx).")
    String name;

    @Override
    public Integer call() throws IOException {
        OutputPaths.checkOutput("-o", output, onnx);
        if (Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
            throw new OutputException("-o " + output + ": already exists; bwn import writes a new file only");
        }
        LabeledImages images = null;
        if (calibration != null) {
            images = Dataset.load(calibration, Split.TRAIN).head(calibrationImages);
            if (images.size() == 0) {
                throw new BadInputException(calibration + ": the training split holds no images");
            }
        }
        String modelName = name != null ? name : onnx.getFileName().toString().replaceFirst("(?i)\\.onnx$", "");
        OnnxImporter.Options options = new OnnxImporter.Options(inputStep, ActivationType.UINT8, activationBits, images,
                percentile, modelName, "bwn " + ToolVersion.get());
        OnnxImporter.Result result = OnnxImporter.importModel(onnx, options);
        Network net = result.network();
        ModelIo.write(net, output);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("imported %s: %d layers%n", onnx, net.layers().size());
        result.summary().forEach(line -> out.println("  " + line));
        if (result.agreement() != null) {
            OnnxImporter.Agreement a = result.agreement();
            out.printf(Locale.ROOT, "on %d calibration images: float graph %.2f%%, integer model %.2f%% accuracy; "
                    + "same class on %.2f%%%n", a.images(), a.floatAccuracy() * 100, a.integerAccuracy() * 100, a.agreement() * 100);
        }
        out.printf("wrote %s%n", output);
        out.flush();
        return Main.EXIT_OK;
    }

    /** A positive number, or a fraction such as 1/255. */
    static final class InputStep implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            String[] parts = text.strip().split("/", -1);
            double value;
            try {
                value = parts.length == 1 ? Double.parseDouble(parts[0])
                        : parts.length == 2 ? Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]) : Double.NaN;
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
            if (!Double.isFinite(value) || value <= 0) {
                throw new CommandLine.TypeConversionException("'" + text + "' is not a positive number or fraction (e.g. 1/255)");
            }
            return value;
        }
    }

    static final class Percentile extends NumericOptions.Checked {
        Percentile() {
            super(ValueRange.reals(0, false, 100, true));
        }
    }

    static final class ActivationBits extends NumericOptions.Checked {
        ActivationBits() {
            super(ValueRange.integers(ActivationType.MIN_BITS, ActivationType.MAX_DOT_INPUT_BITS));
        }
    }
}
