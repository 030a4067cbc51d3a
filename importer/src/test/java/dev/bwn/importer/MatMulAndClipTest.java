package dev.bwn.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bwn.model.ActivationType;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.Network;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.protobuf.ByteString;

/**
 * A graph written by hand with the ONNX protobuf classes: Conv with a bias, Clip(0, 2) (a bounded activation: no
 * calibration needed), Reshape to [1, -1], MatMul and an Add of a bias. The integer model's logits equal the float
 * graph's times the logit scale, up to the rounding of the 8-bit activations.
 */
class MatMulAndClipTest {
    @TempDir
    Path dir;

    private static Onnx.TensorProto floats(String name, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private static Onnx.NodeProto node(String op, String name, List<String> inputs, String output, Onnx.AttributeProto... attributes) {
        return Onnx.NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output)
                .addAllAttribute(List.of(attributes)).build();
    }

    private static Onnx.AttributeProto ints(String name, long... values) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name)
                .setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static Onnx.ValueInfoProto tensor(String name, long... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder().setTensorType(
                Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
                .build();
    }

    static Path tinyGraph(Path dir) throws IOException {
        Random random = new Random(7);
        float[] convWeight = new float[2 * 9];
        for (int i = 0; i < convWeight.length; i++) {
            convWeight[i] = (random.nextBoolean() ? 1 : -1) * (i < 9 ? 0.5f : 0.375f);
        }
        float[] denseWeight = new float[32 * 3];
        for (int i = 0; i < denseWeight.length; i++) {
            // MatMul's weight is [in, out]: output feature o is column o, magnitude 0.25 * (o + 1)
            denseWeight[i] = (random.nextBoolean() ? 1 : -1) * 0.25f * (i % 3 + 1);
        }
        Onnx.GraphProto graph = Onnx.GraphProto.newBuilder().setName("tiny")
                .addInput(tensor("x", 1, 1, 4, 4)).addOutput(tensor("y", 1, 3))
                .addInitializer(floats("w", new long[]{2, 1, 3, 3}, convWeight))
                .addInitializer(floats("b", new long[]{2}, new float[]{0.1f, -0.2f}))
                .addInitializer(floats("clip_min", new long[]{}, new float[]{0}))
                .addInitializer(floats("clip_max", new long[]{}, new float[]{2}))
                .addInitializer(Onnx.TensorProto.newBuilder().setName("shape").addDims(2)
                        .setDataType(Onnx.TensorProto.DataType.INT64_VALUE).addInt64Data(1).addInt64Data(-1).build())
                .addInitializer(floats("m", new long[]{32, 3}, denseWeight))
                .addInitializer(floats("bias", new long[]{3}, new float[]{0.5f, 0, -0.5f}))
                .addNode(node("Conv", "conv", List.of("x", "w", "b"), "c", ints("pads", 1, 1, 1, 1), ints("kernel_shape", 3, 3)))
                .addNode(node("Clip", "clip", List.of("c", "clip_min", "clip_max"), "a"))
                .addNode(node("Reshape", "flat", List.of("a", "shape"), "f"))
                .addNode(node("MatMul", "fc", List.of("f", "m"), "z"))
                .addNode(node("Add", "fc_bias", List.of("z", "bias"), "y"))
                .build();
        Onnx.ModelProto model = Onnx.ModelProto.newBuilder().setIrVersion(7).setGraph(graph)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).build();
        Path file = dir.resolve("tiny.onnx");
        Files.write(file, model.toByteArray());
        return file;
    }

    @Test
    void matMulWithBiasAndClipMapWithoutCalibration() throws IOException {
        Path file = tinyGraph(dir);
        OnnxImporter.Result result = OnnxImporter.importModel(file, Fixtures.options(1.0 / 255, null));
        Network network = result.network();
        assertEquals(3, network.layers().size(), result.summary().toString());
        Conv2d conv = (Conv2d) network.layers().get(0);
        assertEquals(new ActivationType(8, false), conv.output());
        Dense dense = (Dense) network.layers().get(2);
        assertEquals(3, dense.outFeatures());
        assertTrue(result.summary().get(3).contains("dense    fc <- fc + fc_bias"), result.summary().get(3));

        OnnxGraph graph = OnnxReader.read(file);
        ConstantFolding.Result folded = ConstantFolding.fold(graph);
        FloatGraph floatGraph = new FloatGraph(OpParser.parse(graph, folded), graph.inputName());
        Random random = new Random(3);
        for (int n = 0; n < 50; n++) {
            int[] pixels = new int[16];
            float[] x = new float[16];
            for (int i = 0; i < 16; i++) {
                pixels[i] = random.nextInt(256);
                x[i] = pixels[i] / 255f;
            }
            Map<String, float[]> values = floatGraph.evaluate(x);
            float[] expected = values.get("y");
            int[] logits = network.infer(pixels).logits();
            for (int o = 0; o < 3; o++) {
                // each of the 32 activations is off by at most half a step of 2/255, times |weight| <= 0.75
                double tolerance = 32 * 0.75 * (1.0 / 255) + 1e-3;
                assertEquals(expected[o], logits[o] / IntegerModelBuilder.LOGIT_SCALE, tolerance, "image " + n + " logit " + o);
            }
        }
    }
}
