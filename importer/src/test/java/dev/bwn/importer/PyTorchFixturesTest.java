package dev.bwn.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bwn.model.Network;
import dev.bwn.model.data.Dataset;
import dev.bwn.model.data.LabeledImages;
import dev.bwn.model.data.Split;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Networks trained and exported by PyTorch 1.13 (tools/onnx-fixtures/make_fixtures.py), imported with calibration on
 * 1000 MNIST training images: the float graph evaluated in Java reproduces PyTorch's logits, and the integer model
 * agrees with PyTorch's class on at least 99.5% of the 200 fixture images and is within 0.3 points of PyTorch's test
 * accuracy on the 10,000 MNIST test images.
 */
class PyTorchFixturesTest {
    private static final int CALIBRATION_IMAGES = 1000;

    @ParameterizedTest
    @ValueSource(strings = {"chain", "residual"})
    void importedModelMatchesPyTorch(String model) {
        LabeledImages train = Dataset.load(Dataset.MNIST, Split.TRAIN).head(CALIBRATION_IMAGES);
        LabeledImages test = Dataset.load(Dataset.MNIST, Split.TEST);
        OnnxImporter.Result result = OnnxImporter.importModel(Fixtures.file(model + ".onnx"),
                Fixtures.options(1.0 / 255, train));
        Network network = result.network();
        float[][] pytorch = Fixtures.pytorchLogits(model);

        // the Java float evaluation of the ONNX graph is PyTorch's forward pass, up to float rounding
        OnnxGraph graph = OnnxReader.read(Fixtures.file(model + ".onnx"));
        ConstantFolding.Result folded = ConstantFolding.fold(graph);
        List<FloatOp> ops = OpParser.parse(graph, folded);
        FloatGraph floatGraph = new FloatGraph(ops, graph.inputName());
        for (int i = 0; i < pytorch.length; i++) {
            float[] x = new float[test.pixelsPerImage()];
            for (int j = 0; j < x.length; j++) {
                x[j] = test.images()[i][j] / 255f;
            }
            Map<String, float[]> values = floatGraph.evaluate(x);
            float[] logits = values.get(graph.outputName());
            for (int c = 0; c < logits.length; c++) {
                assertEquals(pytorch[i][c], logits[c], 1e-3 * Math.max(1, Math.abs(pytorch[i][c])),
                        model + " image " + i + " logit " + c);
            }
        }

        long agree = IntStream.range(0, pytorch.length)
                .filter(i -> network.infer(test.images()[i]).predictedClass() == Fixtures.argmax(pytorch[i])).count();
        double agreement = agree / (double) pytorch.length;
        long correct = IntStream.range(0, test.size()).parallel()
                .filter(i -> network.infer(test.images()[i]).predictedClass() == test.labels()[i]).count();
        double accuracy = correct / (double) test.size();
        double reference = Fixtures.pytorchAccuracy(model);
        System.out.printf("%s: agreement with PyTorch %.3f on %d images, integer accuracy %.4f vs PyTorch %.4f%n",
                model, agreement, pytorch.length, accuracy, reference);
        assertTrue(agreement >= 0.995, model + ": agreement " + agreement);
        assertTrue(Math.abs(accuracy - reference) <= 0.003, model + ": integer accuracy " + accuracy + " vs " + reference);
        assertTrue(result.agreement().agreement() >= 0.99, model + ": " + result.agreement());
    }
}
