package dev.bwn.cli;

import onnx.Onnx;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.protobuf.ByteString;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static dev.bwn.cli.CliRun.bwn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile ONNX files, each made from the PyTorch chain fixture by one change, through the CLI: every one is refused
 * with exit code 2 and one line naming the file or node and the problem; no output file is written and nothing else
 * in the folder changes.
 */
class HostileOnnxFilesTest {
    @TempDir
    Path dir;

    static Onnx.ModelProto chain() {
        try {
            return Onnx.ModelProto.parseFrom(Files.readAllBytes(ImportOnnxCommandTest.FIXTURES.resolve("chain.onnx")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The initializer a node reads as its weight (PyTorch names folded conv weights onnx::Conv_NN). */
    static String weightOf(String node) {
        return chain().getGraph().getNodeList().stream().filter(n -> n.getName().equals(node)).findFirst().orElseThrow()
                .getInput(1);
    }

    static Stream<Arguments> hostileFiles() {
        String w1 = weightOf("/conv1/Conv");
        String w2 = weightOf("/conv2/Conv");
        return Stream.of(
                Arguments.of("truncated protobuf", (UnaryOperator<byte[]>) bytes -> Arrays.copyOf(bytes, bytes.length / 2),
                        "not a readable ONNX model (truncated or corrupt protobuf"),
                Arguments.of("garbage", (UnaryOperator<byte[]>) bytes -> "not an onnx file at all\n".getBytes(),
                        "not a readable ONNX model"),
                Arguments.of("cycle", edit(g -> g.setNode(nodeIndex(g, "/conv1/Conv"),
                                g.getNode(nodeIndex(g, "/conv1/Conv")).toBuilder().setInput(0, "/MaxPool_1_output_0"))),
                        "the graph has a cycle through node '/conv1/Conv' (Conv)"),
                Arguments.of("missing initializer", edit(g -> g.removeInitializer(initializerIndex(g, w2))),
                        "node '/conv2/Conv' (Conv) reads '" + w2 + "', which no node, initializer or graph input produces"),
                Arguments.of("weight shape disagrees with the input", edit(g -> g.setInitializer(initializerIndex(g, w2),
                                floats(w2, new long[]{32, 8, 3, 3}, 0.5f))),
                        "node '/conv2/Conv' (Conv): weight has shape [32, 8, 3, 3] but the input has 16 channels"),
                Arguments.of("declared dims disagree with the data", edit(g -> g.setInitializer(initializerIndex(g, w2),
                                g.getInitializer(initializerIndex(g, w2)).toBuilder().setDims(0, 33))),
                        "initializer '" + w2 + "' declares dims [33, 16, 3, 3] (4752 values, 19008 bytes) but carries 18432 bytes"),
                Arguments.of("huge declared dims", edit(g -> g.setInitializer(initializerIndex(g, "fc.weight"),
                                g.getInitializer(initializerIndex(g, "fc.weight")).toBuilder().setDims(0, 1L << 40))),
                        "initializer 'fc.weight' declares dimension 0 as 1099511627776"),
                Arguments.of("huge input dims", edit(g -> g.setInput(0, g.getInput(0).toBuilder().setType(
                                inputType(g, 3, 1L << 31)))),
                        "graph input 'image' dimension 3 is 2147483648, outside 1..4096"),
                Arguments.of("unsupported op", edit(g -> g.setNode(nodeIndex(g, "/Relu"),
                                g.getNode(nodeIndex(g, "/Relu")).toBuilder().setOpType("Sigmoid"))),
                        "node '/Relu' (Sigmoid): operator Sigmoid is not supported"),
                Arguments.of("non-binary weights", edit(g -> {
                            Onnx.TensorProto w = g.getInitializer(initializerIndex(g, w1));
                            ByteBuffer raw = ByteBuffer.wrap(w.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
                            raw.putFloat(4 * 3, raw.getFloat(4 * 3) * 1.5f);
                            g.setInitializer(initializerIndex(g, w1),
                                    w.toBuilder().setRawData(ByteString.copyFrom(raw.array())));
                        }),
                        "node '/conv1/Conv' (Conv): weights (float initializer) are not binary: output channel 0"),
                Arguments.of("unsupported opset", (UnaryOperator<byte[]>) bytes -> chain().toBuilder()
                                .setOpsetImport(0, Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(8)).build().toByteArray(),
                        "opset 8 is not supported (bwn reads opsets 9 to 17)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileFiles")
    void refusedWithOneLineAndNothingWritten(String name, UnaryOperator<byte[]> corrupt, String expected) throws IOException {
        Path file = dir.resolve("hostile.onnx");
        Files.write(file, corrupt.apply(Files.readAllBytes(ImportOnnxCommandTest.FIXTURES.resolve("chain.onnx"))));
        Path model = dir.resolve("out.bwn.json");
        SortedMap<String, String> before = FolderSnapshot.of(dir);
        CliRun run = bwn("import", "onnx", file.toString(), "-o", model.toString(), "--input-scale", "1/255");
        run.assertRefused(expected);
        assertTrue(run.err().startsWith("bwn: " + file + ": "), "names the file first: " + run.err());
        assertFalse(Files.exists(model));
        assertEquals(before, FolderSnapshot.of(dir));
    }

    private static UnaryOperator<byte[]> edit(java.util.function.Consumer<Onnx.GraphProto.Builder> change) {
        return bytes -> {
            Onnx.ModelProto.Builder model = chain().toBuilder();
            change.accept(model.getGraphBuilder());
            return model.build().toByteArray();
        };
    }

    private static int nodeIndex(Onnx.GraphProto.Builder g, String name) {
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (g.getNode(i).getName().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static int initializerIndex(Onnx.GraphProto.Builder g, String name) {
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getName().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static Onnx.TensorProto floats(String name, long[] dims, float value) {
        int n = (int) Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        ByteBuffer raw = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            raw.putFloat(i % 2 == 0 ? value : -value);
        }
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(raw.array()));
        Arrays.stream(dims).forEach(t::addDims);
        return t.build();
    }

    private static Onnx.TypeProto inputType(Onnx.GraphProto.Builder g, int dim, long value) {
        Onnx.TypeProto.Builder type = g.getInput(0).getType().toBuilder();
        type.getTensorTypeBuilder().getShapeBuilder().getDimBuilder(dim).setDimValue(value);
        return type.build();
    }
}
