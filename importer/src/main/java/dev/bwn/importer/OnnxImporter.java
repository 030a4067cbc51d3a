package dev.bwn.importer;

import dev.bwn.model.ActivationType;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.data.LabeledImages;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code bwn import onnx}: read and check the file, fold its constants, parse and map its operators, calibrate the
 * activation ranges on images in float (when given), build the integer model, and compare the two on the same images.
 */
public final class OnnxImporter {
    private OnnxImporter() {
    }

    /**
     * @param inputStep        the float value of one input step (1/255 for pixels scaled to 0..1), or null when a QONNX
     *                         Quant on the input gives it
     * @param inputType        the integer type of the input pixels (uint8 for images)
     * @param activationBits   bits of the hidden activations bwn chooses scales for (2..16)
     * @param calibration      images to calibrate on and to compare the float graph with the integer model on, or null
     * @param percentile       the percentile (0 < p <= 100) over calibration images of each image's largest |value|
     *                         that sets a tensor's range; 100 takes the largest value seen
     */
    public record Options(Double inputStep, ActivationType inputType, int activationBits, LabeledImages calibration,
                          double percentile, String name, String tool) {
    }

    /** How the float graph and the integer model did on the calibration images. */
    public record Agreement(int images, double floatAccuracy, double integerAccuracy, double agreement) {
    }

    public record Result(Network network, List<String> summary, Agreement agreement) {
    }

    /** Imports {@code file}; every problem is an {@link ImportException} whose one line starts with the file. */
    public static Result importModel(Path file, Options options) {
        try {
            return importChecked(file, options);
        } catch (ImportException e) {
            if (e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            throw new ImportException(file + ": " + e.getMessage(), e);
        }
    }

    private static Result importChecked(Path file, Options options) {
        OnnxGraph graph = OnnxReader.read(file);
        ConstantFolding.Result folded = ConstantFolding.fold(graph);
        List<FloatOp> ops = OpParser.parse(graph, folded);
        LayerMapping.Result mapping = LayerMapping.map(ops, folded.origins(), graph.outputName(), graph.inputName());
        IntegerModelBuilder.Scaled input = inputScale(graph, mapping, options);
        FloatGraph floatGraph = new FloatGraph(ops, graph.inputName());
        LabeledImages images = options.calibration();
        Map<String, Double> ranges = new HashMap<>();
        int[] floatClasses = null;
        if (images != null) {
            int[] chw = graph.inputChannelsHeightWidth();
            if (images.pixelsPerImage() != chw[0] * chw[1] * chw[2]) {
                throw new ImportException(images.name() + " images are " + images.channels() + "x" + images.height() + "x"
                        + images.width() + " but " + file + " expects " + Arrays.toString(chw));
            }
            checkPixels(images, input.type());
            Calibration calibration = Calibration.run(floatGraph, ops, images, 1.0 / input.scale(), graph.outputName());
            ranges = calibration.ranges(options.percentile());
            floatClasses = calibration.classes();
        }
        Map<String, Double> measured = ranges;
        Provenance provenance = new Provenance(options.tool(), images == null ? null : images.name(), "onnx", "import",
                null, null, null, Map.of("source", file.getFileName().toString(),
                "activationBits", Integer.toString(options.activationBits())));
        IntegerModelBuilder.Built built = IntegerModelBuilder.build(graph, mapping, input, options.activationBits(),
                op -> measured.getOrDefault(op.output(), Double.NaN), options.name(), provenance);
        Agreement agreement = null;
        if (images != null) {
            Network network = built.network();
            int[] classes = IntStream.range(0, images.size()).parallel()
                    .map(i -> network.infer(images.images()[i]).predictedClass()).toArray();
            int[] labels = images.labels();
            int[] reference = floatClasses;
            int n = images.size();
            agreement = new Agreement(n,
                    IntStream.range(0, n).filter(i -> reference[i] == labels[i]).count() / (double) n,
                    IntStream.range(0, n).filter(i -> classes[i] == labels[i]).count() / (double) n,
                    IntStream.range(0, n).filter(i -> classes[i] == reference[i]).count() / (double) n);
        }
        return new Result(built.network(), built.summary(), agreement);
    }

    /** Pixels are fed to the integer model as stored: each must fit the input type. */
    private static void checkPixels(LabeledImages images, ActivationType type) {
        for (int i = 0; i < images.size(); i++) {
            for (int j = 0; j < images.pixelsPerImage(); j++) {
                if (!type.contains(images.images()[i][j])) {
                    throw new ImportException(images.name() + " image " + i + " has pixel value " + images.images()[i][j]
                            + " at index " + j + ", outside the input type " + type + " (" + type.min() + ".." + type.max() + ")");
                }
            }
        }
    }

    private static IntegerModelBuilder.Scaled inputScale(OnnxGraph graph, LayerMapping.Result mapping, Options options) {
        FloatOp.Quant quant = mapping.inputQuant();
        if (quant != null) {
            QuantSpec spec = quant.spec();
            if (spec.bits() < ActivationType.MIN_BITS || spec.bits() > ActivationType.MAX_DOT_INPUT_BITS) {
                throw quant.node().problem("an input of " + spec.bits() + " bits is outside bwn's 2..16");
            }
            if (options.inputStep() != null && Math.abs(options.inputStep() - spec.tensorScale()) > 1e-6 * spec.tensorScale()) {
                throw quant.node().problem("its scale " + spec.tensorScale() + " disagrees with --input-scale "
                        + options.inputStep());
            }
            return new IntegerModelBuilder.Scaled(new ActivationType(spec.bits(), spec.signed()), 1.0 / spec.tensorScale());
        }
        if (options.inputStep() == null) {
            throw new ImportException(graph.file() + ": the input scale is unknown: give --input-scale (the float value of "
                    + "one input step, e.g. 1/255 for pixels scaled to 0..1)");
        }
        return new IntegerModelBuilder.Scaled(options.inputType(), 1.0 / options.inputStep());
    }
}
