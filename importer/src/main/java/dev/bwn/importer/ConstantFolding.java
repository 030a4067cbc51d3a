package dev.bwn.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BinaryOperator;

/**
 * Evaluates every node whose inputs are all constants, so that weights computed in the graph ({@code Sign(W) *
 * ReduceMean(Abs(W))} as PyTorch writes a binarisation, QONNX {@code BipolarQuant} and {@code Quant}) become plain
 * constant tensors: the binary-weight check then looks at values only, the same way for every producer. Also records,
 * per constant, which operators computed it, for the import summary.
 */
final class ConstantFolding {
    /** What is left: the nodes that depend on the image, the constants, and the operators behind each constant. */
    record Result(List<OnnxNode> dynamicNodes, Map<String, FloatTensor> constants, Map<String, String> origins) {
    }

    private ConstantFolding() {
    }

    static Result fold(OnnxGraph graph) {
        Map<String, FloatTensor> constants = new LinkedHashMap<>(graph.constants());
        Map<String, TreeSet<String>> origins = new LinkedHashMap<>();
        List<OnnxNode> dynamic = new ArrayList<>();
        for (OnnxNode node : graph.nodes()) {
            if (node.op().equals("Constant")) {
                origins.put(node.output(), new TreeSet<>(List.of("Constant")));
                continue;
            }
            boolean allConstant = node.inputs().stream().allMatch(in -> in.isEmpty() || constants.containsKey(in));
            if (!allConstant || !FOLDABLE.contains(node.op())) {
                dynamic.add(node);
                continue;
            }
            if (node.outputs().size() != 1) {
                throw node.problem("has " + node.outputs().size() + " outputs; expected 1");
            }
            List<FloatTensor> in = node.inputs().stream().map(n -> n.isEmpty() ? null : constants.get(n)).toList();
            FloatTensor out;
            try {
                out = evaluate(node, in);
            } catch (IllegalArgumentException e) {
                throw node.problem(e.getMessage());
            }
            constants.put(node.output(), out);
            TreeSet<String> ops = new TreeSet<>(List.of(node.op()));
            for (String input : node.inputs()) {
                ops.addAll(origins.getOrDefault(input, new TreeSet<>()));
            }
            origins.put(node.output(), ops);
        }
        Map<String, String> shown = new LinkedHashMap<>();
        origins.forEach((name, ops) -> shown.put(name, String.join("+", ops)));
        return new Result(dynamic, constants, shown);
    }

    static final List<String> FOLDABLE = List.of("Identity", "Sign", "Abs", "Neg", "Mul", "Div", "Add", "Sub",
            "ReduceMean", "Where", "Greater", "GreaterOrEqual", "Less", "LessOrEqual", "BipolarQuant", "Quant", "Cast");

    private static FloatTensor evaluate(OnnxNode node, List<FloatTensor> in) {
        return switch (node.op()) {
            case "Identity" -> in.get(0);
            case "Cast" -> cast(node, in.get(0));
            case "Sign" -> map(in.get(0), v -> Math.signum(v));
            case "Abs" -> map(in.get(0), Math::abs);
            case "Neg" -> map(in.get(0), v -> -v);
            case "Mul" -> Broadcast.apply(in.get(0), in.get(1), (a, b) -> a * b);
            case "Div" -> Broadcast.apply(in.get(0), in.get(1), (a, b) -> a / b);
            case "Add" -> Broadcast.apply(in.get(0), in.get(1), Float::sum);
            case "Sub" -> Broadcast.apply(in.get(0), in.get(1), (a, b) -> a - b);
            case "Greater" -> Broadcast.apply(in.get(0), in.get(1), (a, b) -> a > b ? 1f : 0f);
            case "GreaterOrEqual" -> Broadcast.apply(in.get(0), in.get(1), (a, b) -> a >= b ? 1f : 0f);
            case "Less" -> Broadcast.apply(in.get(0), in.get(1), (a, b) -> a < b ? 1f : 0f);
            case "LessOrEqual" -> Broadcast.apply(in.get(0), in.get(1), (a, b) -> a <= b ? 1f : 0f);
            case "Where" -> where(in.get(0), in.get(1), in.get(2));
            case "ReduceMean" -> reduceMean(node, in.get(0));
            case "BipolarQuant" -> Broadcast.apply(in.get(0), in.get(1), (x, scale) -> (x >= 0 ? 1f : -1f) * scale);
            case "Quant" -> QuantSpec.of(node, in).apply(in.get(0));
            default -> throw new IllegalStateException(node.op());
        };
    }

    private static FloatTensor cast(OnnxNode node, FloatTensor x) {
        node.onlyAttributes("to");
        long to = node.intAttribute("to", -1);
        if (to != onnx.Onnx.TensorProto.DataType.FLOAT_VALUE) {
            throw node.problem("only a Cast to float is supported for constants");
        }
        return x;
    }

    interface FloatFunction {
        float apply(float v);
    }

    static FloatTensor map(FloatTensor x, FloatFunction f) {
        float[] out = new float[x.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.apply(x.values()[i]);
        }
        return new FloatTensor(x.dims(), out);
    }

    private static FloatTensor where(FloatTensor condition, FloatTensor a, FloatTensor b) {
        FloatTensor chosenA = Broadcast.apply(condition, a, (c, x) -> c != 0 ? x : Float.NaN);
        FloatTensor full = Broadcast.apply(chosenA, b, (x, y) -> Float.isNaN(x) ? y : x);
        // a NaN in a itself would be replaced by b above; constants of a binarisation hold none, but say so if they do
        for (float v : a.values()) {
            if (Float.isNaN(v)) {
                throw new IllegalArgumentException("Where over NaN constants is not supported");
            }
        }
        return full;
    }

    private static FloatTensor reduceMean(OnnxNode node, FloatTensor x) {
        node.onlyAttributes("axes", "keepdims");
        long[] axesAttribute = node.intsAttribute("axes");
        boolean keep = node.intAttribute("keepdims", 1) != 0;
        int rank = x.rank();
        boolean[] reduced = new boolean[rank];
        if (axesAttribute == null) {
            java.util.Arrays.fill(reduced, true);
        } else {
            for (long a : axesAttribute) {
                long axis = a < 0 ? a + rank : a;
                if (axis < 0 || axis >= rank) {
                    throw node.problem("axis " + a + " is outside a tensor of rank " + rank);
                }
                reduced[(int) axis] = true;
            }
        }
        int[] outDims = new int[rank];
        for (int i = 0; i < rank; i++) {
            outDims[i] = reduced[i] ? 1 : x.dims()[i];
        }
        int outSize = (int) FloatTensor.elements(outDims);
        double[] sums = new double[outSize];
        int[] index = new int[rank];
        for (int flat = 0; flat < x.size(); flat++) {
            int out = 0;
            for (int i = 0; i < rank; i++) {
                out = out * outDims[i] + (reduced[i] ? 0 : index[i]);
            }
            sums[out] += x.values()[flat];
            for (int i = rank - 1; i >= 0 && ++index[i] == x.dims()[i]; i--) {
                index[i] = 0;
            }
        }
        long count = x.size() / Math.max(1, outSize);
        float[] means = new float[outSize];
        for (int i = 0; i < outSize; i++) {
            means[i] = (float) (sums[i] / count);
        }
        if (keep) {
            return new FloatTensor(outDims, means);
        }
        int[] kept = java.util.stream.IntStream.range(0, rank).filter(i -> !reduced[i]).map(i -> x.dims()[i]).toArray();
        return new FloatTensor(kept, means);
    }

    /** Multidirectional (numpy) broadcasting of a binary operator, as ONNX defines it for Add, Mul and the others. */
    static final class Broadcast {
        private Broadcast() {
        }

        static FloatTensor apply(FloatTensor a, FloatTensor b, BinaryOperator<Float> op) {
            int rank = Math.max(a.rank(), b.rank());
            int[] da = padded(a.dims(), rank);
            int[] db = padded(b.dims(), rank);
            int[] out = new int[rank];
            for (int i = 0; i < rank; i++) {
                if (da[i] != db[i] && da[i] != 1 && db[i] != 1) {
                    throw new IllegalArgumentException("shapes " + a.shapeText() + " and " + b.shapeText() + " do not broadcast");
                }
                out[i] = Math.max(da[i], db[i]);
            }
            long size = FloatTensor.elements(out);
            if (size > OnnxReader.TENSOR_ELEMENTS) {
                throw new IllegalArgumentException("broadcast result of " + size + " elements is above the limit");
            }
            float[] values = new float[(int) size];
            int[] index = new int[rank];
            for (int flat = 0; flat < values.length; flat++) {
                int ia = 0;
                int ib = 0;
                for (int i = 0; i < rank; i++) {
                    ia = ia * da[i] + (da[i] == 1 ? 0 : index[i]);
                    ib = ib * db[i] + (db[i] == 1 ? 0 : index[i]);
                }
                values[flat] = op.apply(a.values()[ia], b.values()[ib]);
                for (int i = rank - 1; i >= 0 && ++index[i] == out[i]; i--) {
                    index[i] = 0;
                }
            }
            return new FloatTensor(out, values);
        }

        private static int[] padded(int[] dims, int rank) {
            int[] p = new int[rank];
            java.util.Arrays.fill(p, 1);
            System.arraycopy(dims, 0, p, rank - dims.length, dims.length);
            return p;
        }
    }
}
