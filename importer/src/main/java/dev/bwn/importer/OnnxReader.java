package dev.bwn.importer;

import dev.bwn.model.Limits;
import dev.bwn.model.io.InputFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx;
import org.nd4j.shade.protobuf.CodedInputStream;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;

/**
 * Reads and checks an ONNX file. Sizes first: the file against {@link #FILE_BYTES} before it is read, then every
 * tensor's declared dimensions against {@link #TENSOR_ELEMENTS} and against the bytes it really carries, before any
 * array is allocated. Then the graph: supported opsets, one data input, every name a node reads produced exactly once
 * (by a node, an initializer or the input), and no cycle.
 */
final class OnnxReader {
    /** An ONNX file: float weights take 32 times the room of bwn's packed ones, so 8 times a model file's limit. */
    static final long FILE_BYTES = 8 * Limits.MODEL_FILE_BYTES;
    /** Elements of one constant tensor: as many as the binary weights of a whole model. */
    static final long TENSOR_ELEMENTS = Limits.BINARY_WEIGHTS;
    static final int MIN_OPSET = 9;
    static final int MAX_OPSET = 17;
    /** Domains of the QONNX operators (Brevitas writes the first ones, older FINN tools the last). */
    static final Set<String> QONNX_DOMAINS = Set.of("qonnx.custom_op.general", "onnx.brevitas", "finn.custom_op.general");
    private static final int PROTOBUF_DEPTH = 64;

    private OnnxReader() {
    }

    static OnnxGraph read(Path file) {
        byte[] bytes = InputFiles.readBytes(file, FILE_BYTES);
        Onnx.ModelProto model;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setRecursionLimit(PROTOBUF_DEPTH);
            in.setSizeLimit(bytes.length);
            model = Onnx.ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new ImportException(file + ": not a readable ONNX model (truncated or corrupt protobuf: "
                    + e.getMessage() + ")", e);
        } catch (java.io.IOException e) {
            throw new ImportException(file + ": cannot parse: " + e.getMessage(), e);
        }
        return new OnnxReader.Check(file, model).graph();
    }

    /** The checks of one file, each naming it. */
    private static final class Check {
        private final Path file;
        private final Onnx.ModelProto model;

        Check(Path file, Onnx.ModelProto model) {
            this.file = file;
            this.model = model;
        }

        ImportException problem(String what) {
            return new ImportException(file + ": " + what);
        }

        OnnxGraph graph() {
            if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
                throw problem("not an ONNX model (no graph or no nodes; truncated?)");
            }
            checkOpsets();
            Onnx.GraphProto graph = model.getGraph();
            Map<String, FloatTensor> constants = new LinkedHashMap<>();
            for (Onnx.TensorProto t : graph.getInitializerList()) {
                if (constants.put(t.getName(), tensor(t, "initializer '" + t.getName() + "'")) != null) {
                    throw problem("initializer '" + t.getName() + "' is defined twice");
                }
            }
            List<Onnx.ValueInfoProto> dataInputs = graph.getInputList().stream()
                    .filter(i -> !constants.containsKey(i.getName())).toList();
            if (dataInputs.size() != 1) {
                throw problem("the graph has " + dataInputs.size() + " data inputs " + dataInputs.stream()
                        .map(Onnx.ValueInfoProto::getName).toList() + " (inputs without an initializer); bwn imports "
                        + "networks with one image input (a missing initializer?)");
            }
            Onnx.ValueInfoProto input = dataInputs.get(0);
            int[] inputShape = inputShape(input);
            if (graph.getOutputCount() != 1) {
                throw problem("the graph has " + graph.getOutputCount() + " outputs; bwn imports networks with one output");
            }
            List<OnnxNode> nodes = new ArrayList<>();
            for (int i = 0; i < graph.getNodeCount(); i++) {
                nodes.add(node(graph.getNode(i), i, constants));
            }
            List<OnnxNode> sorted = topologicalOrder(nodes, input.getName(), constants.keySet());
            String output = graph.getOutput(0).getName();
            if (sorted.stream().noneMatch(n -> n.outputs().contains(output))) {
                throw problem("the graph output '" + output + "' is not produced by any node");
            }
            return new OnnxGraph(file, input.getName(), inputShape, output, sorted, constants);
        }

        private void checkOpsets() {
            boolean standard = false;
            for (Onnx.OperatorSetIdProto opset : model.getOpsetImportList()) {
                String domain = opset.getDomain();
                if (domain.isEmpty() || domain.equals("ai.onnx")) {
                    standard = true;
                    if (opset.getVersion() < MIN_OPSET || opset.getVersion() > MAX_OPSET) {
                        throw problem("opset " + opset.getVersion() + " is not supported (bwn reads opsets " + MIN_OPSET
                                + " to " + MAX_OPSET + ")");
                    }
                }
            }
            if (!standard) {
                throw problem("no ONNX opset is declared (opset_import lacks the default domain)");
            }
        }

        private int[] inputShape(Onnx.ValueInfoProto input) {
            String shown = "graph input '" + input.getName() + "'";
            if (!input.getType().hasTensorType() || !input.getType().getTensorType().hasShape()) {
                throw problem(shown + " has no tensor shape");
            }
            Onnx.TypeProto.Tensor type = input.getType().getTensorType();
            if (type.getElemType() != Onnx.TensorProto.DataType.FLOAT_VALUE) {
                throw problem(shown + " is not a float tensor");
            }
            List<Onnx.TensorShapeProto.Dimension> dims = type.getShape().getDimList();
            if (dims.size() != 4) {
                throw problem(shown + " has " + dims.size() + " dimensions; expected [batch, channels, height, width]");
            }
            if (dims.get(0).hasDimValue() && dims.get(0).getDimValue() != 1) {
                throw problem(shown + " has batch size " + dims.get(0).getDimValue() + "; expected 1 or a symbolic batch");
            }
            int[] chw = new int[3];
            for (int i = 1; i < 4; i++) {
                Onnx.TensorShapeProto.Dimension d = dims.get(i);
                if (!d.hasDimValue()) {
                    throw problem(shown + " dimension " + i + " is symbolic; channels, height and width must be numbers");
                }
                if (d.getDimValue() < 1 || d.getDimValue() > Limits.DIMENSION) {
                    throw problem(shown + " dimension " + i + " is " + d.getDimValue() + ", outside 1.." + Limits.DIMENSION);
                }
                chw[i - 1] = (int) d.getDimValue();
            }
            return chw;
        }

        private OnnxNode node(Onnx.NodeProto proto, int index, Map<String, FloatTensor> constants) {
            String name = proto.getName().isEmpty() ? proto.getOpType() + "#" + index : proto.getName();
            Map<String, Onnx.AttributeProto> attributes = new LinkedHashMap<>();
            for (Onnx.AttributeProto a : proto.getAttributeList()) {
                attributes.put(a.getName(), a);
            }
            String domain = proto.getDomain();
            if (!domain.isEmpty() && !domain.equals("ai.onnx") && !QONNX_DOMAINS.contains(domain)) {
                throw problem("node '" + name + "' (" + proto.getOpType() + "): operator domain '" + domain
                        + "' is not supported");
            }
            if (proto.getOutputCount() == 0) {
                throw problem("node '" + name + "' (" + proto.getOpType() + ") has no output");
            }
            OnnxNode node = new OnnxNode(name, proto.getOpType(), domain, List.copyOf(proto.getInputList()),
                    List.copyOf(proto.getOutputList()), attributes);
            if (node.op().equals("Constant")) {
                Onnx.AttributeProto value = attributes.get("value");
                if (value == null || value.getType() != Onnx.AttributeProto.AttributeType.TENSOR || attributes.size() != 1) {
                    throw node.problem("only a Constant with a tensor 'value' is supported");
                }
                constants.put(node.output(), tensor(value.getT(), node.shown() + " value"));
            }
            return node;
        }

        /** Kahn's algorithm; what is left over lies on a cycle. */
        private List<OnnxNode> topologicalOrder(List<OnnxNode> nodes, String input, Set<String> constants) {
            Map<String, OnnxNode> producer = new HashMap<>();
            for (OnnxNode node : nodes) {
                for (String out : node.outputs()) {
                    if (out.equals(input) || (constants.contains(out) && !node.op().equals("Constant"))) {
                        throw problem(node.shown() + " writes '" + out + "', which is already the graph input or an initializer");
                    }
                    if (producer.put(out, node) != null) {
                        throw problem(node.shown() + " writes '" + out + "', which another node writes too");
                    }
                }
            }
            Map<OnnxNode, Integer> waiting = new LinkedHashMap<>();
            Map<String, List<OnnxNode>> readers = new HashMap<>();
            Deque<OnnxNode> ready = new ArrayDeque<>();
            for (OnnxNode node : nodes) {
                int pending = 0;
                for (String in : new HashSet<>(node.inputs())) {
                    if (in.isEmpty() || in.equals(input) || (constants.contains(in) && !producer.containsKey(in))) {
                        continue;
                    }
                    if (!producer.containsKey(in)) {
                        throw problem(node.shown() + " reads '" + in + "', which no node, initializer or graph input "
                                + "produces (a missing initializer?)");
                    }
                    pending++;
                    readers.computeIfAbsent(in, k -> new ArrayList<>()).add(node);
                }
                waiting.put(node, pending);
                if (pending == 0) {
                    ready.add(node);
                }
            }
            List<OnnxNode> sorted = new ArrayList<>();
            while (!ready.isEmpty()) {
                OnnxNode node = ready.poll();
                sorted.add(node);
                for (String out : node.outputs()) {
                    for (OnnxNode reader : readers.getOrDefault(out, List.of())) {
                        if (waiting.merge(reader, -1, Integer::sum) == 0) {
                            ready.add(reader);
                        }
                    }
                }
            }
            if (sorted.size() < nodes.size()) {
                OnnxNode stuck = nodes.stream().filter(n -> !sorted.contains(n)).findFirst().orElseThrow();
                throw problem("the graph has a cycle through " + stuck.shown());
            }
            return sorted;
        }

        /** Decodes a tensor after checking its declared size against the limit and the data it carries. */
        private FloatTensor tensor(Onnx.TensorProto t, String shown) {
            if (t.getDataLocation() == Onnx.TensorProto.DataLocation.EXTERNAL) {
                throw problem(shown + " keeps its data in an external file, which bwn does not read");
            }
            if (t.hasSegment()) {
                throw problem(shown + " is segmented, which bwn does not read");
            }
            int[] dims = new int[t.getDimsCount()];
            long elements = 1;
            for (int i = 0; i < dims.length; i++) {
                long d = t.getDims(i);
                if (d < 0 || d > TENSOR_ELEMENTS) {
                    throw problem(shown + " declares dimension " + i + " as " + d + ", outside 0.." + TENSOR_ELEMENTS);
                }
                elements *= d;
                if (elements > TENSOR_ELEMENTS) {
                    throw problem(shown + " declares more than " + TENSOR_ELEMENTS + " elements (dims " + t.getDimsList() + ")");
                }
                dims[i] = (int) d;
            }
            int n = (int) elements;
            int type = t.getDataType();
            int width = switch (type) {
                case Onnx.TensorProto.DataType.FLOAT_VALUE, Onnx.TensorProto.DataType.INT32_VALUE -> 4;
                case Onnx.TensorProto.DataType.INT64_VALUE, Onnx.TensorProto.DataType.DOUBLE_VALUE -> 8;
                default -> throw problem(shown + " has data type " + Onnx.TensorProto.DataType.forNumber(type)
                        + "; bwn reads float, double, int32 and int64 tensors");
            };
            float[] values = new float[n];
            if (!t.getRawData().isEmpty()) {
                if (t.getRawData().size() != (long) n * width) {
                    throw problem(shown + " declares dims " + t.getDimsList() + " (" + n + " values, " + (long) n * width
                            + " bytes) but carries " + t.getRawData().size() + " bytes");
                }
                ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) {
                    values[i] = switch (type) {
                        case Onnx.TensorProto.DataType.FLOAT_VALUE -> raw.getFloat();
                        case Onnx.TensorProto.DataType.INT32_VALUE -> raw.getInt();
                        case Onnx.TensorProto.DataType.INT64_VALUE -> raw.getLong();
                        default -> (float) raw.getDouble();
                    };
                }
                return new FloatTensor(dims, values);
            }
            int carried = switch (type) {
                case Onnx.TensorProto.DataType.FLOAT_VALUE -> t.getFloatDataCount();
                case Onnx.TensorProto.DataType.INT32_VALUE -> t.getInt32DataCount();
                case Onnx.TensorProto.DataType.INT64_VALUE -> t.getInt64DataCount();
                default -> t.getDoubleDataCount();
            };
            if (carried != n) {
                throw problem(shown + " declares dims " + t.getDimsList() + " (" + n + " values) but carries " + carried);
            }
            for (int i = 0; i < n; i++) {
                values[i] = switch (type) {
                    case Onnx.TensorProto.DataType.FLOAT_VALUE -> t.getFloatData(i);
                    case Onnx.TensorProto.DataType.INT32_VALUE -> t.getInt32Data(i);
                    case Onnx.TensorProto.DataType.INT64_VALUE -> t.getInt64Data(i);
                    default -> (float) t.getDoubleData(i);
                };
            }
            return new FloatTensor(dims, values);
        }
    }
}
