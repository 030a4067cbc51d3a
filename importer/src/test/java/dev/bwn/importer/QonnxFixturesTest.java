package dev.bwn.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bwn.model.ActivationType;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Network;
import dev.bwn.model.data.Dataset;
import dev.bwn.model.data.LabeledImages;
import dev.bwn.model.data.Split;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * QONNX graphs (tools/onnx-fixtures/make_qonnx_fixtures.py, built to the QONNX operator specification from the
 * trained chain's weights): BipolarQuant and 1-bit Quant weights are recognised as binary, Quant nodes give the input
 * and activation types and scales without calibration, and a 1-bit Quant whose values are {-s, 0} is refused.
 */
class QonnxFixturesTest {
    @Test
    void quantNodesGiveTypesAndScalesAndTheModelAgreesWithPyTorch() {
        OnnxImporter.Result result = OnnxImporter.importModel(Fixtures.file("qonnx-chain.onnx"), Fixtures.options(null, null));
        Network network = result.network();
        assertEquals(ActivationType.UINT8, network.inputType());
        Conv2d conv1 = (Conv2d) network.layers().get(0);
        assertEquals(new ActivationType(8, false), conv1.output());
        assertTrue(result.summary().get(1).contains("computed by BipolarQuant"), result.summary().get(1));
        assertTrue(result.summary().get(3).contains("computed by Quant"), result.summary().get(3));

        // same trained weights as the PyTorch chain, activations quantized to 8 bits on [0, 6]
        LabeledImages test = Dataset.load(Dataset.MNIST, Split.TEST);
        float[][] pytorch = Fixtures.pytorchLogits("chain");
        long agree = IntStream.range(0, pytorch.length)
                .filter(i -> network.infer(test.images()[i]).predictedClass() == Fixtures.argmax(pytorch[i])).count();
        assertTrue(agree >= 0.98 * pytorch.length, agree + " of " + pytorch.length);
    }

    @Test
    void aOneBitQuantWithValuesMinusSAndZeroIsNotBinary() {
        ImportException e = assertThrows(ImportException.class,
                () -> OnnxImporter.importModel(Fixtures.file("qonnx-ternary.onnx"), Fixtures.options(null, null)));
        assertTrue(e.getMessage().contains("node 'conv2' (Conv): weights (computed by Quant) are not binary"), e.getMessage());
    }
}
