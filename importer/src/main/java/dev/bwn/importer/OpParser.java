package dev.bwn.importer;

import dev.bwn.model.Limits;
import dev.bwn.model.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the image-dependent nodes into {@link FloatOp}s in topological order, checking each operator's attributes
 * (what bwn cannot represent is refused, naming the node) and inferring every shape from the input's: a weight or a
 * declared shape that disagrees is an error at the node.
 */
final class OpParser {
    private final Map<String, FloatTensor> constants;
    private final Map<String, Shape> shapes = new LinkedHashMap<>();

    private OpParser(Map<String, FloatTensor> constants) {
        this.constants = constants;
    }

    static List<FloatOp> parse(OnnxGraph graph, ConstantFolding.Result folded) {
        OpParser parser = new OpParser(folded.constants());
        int[] chw = graph.inputChannelsHeightWidth();
        parser.shapes.put(graph.inputName(), new Shape(chw[0], chw[1], chw[2]));
        List<FloatOp> ops = new ArrayList<>();
        for (OnnxNode node : folded.dynamicNodes()) {
            if (node.outputs().size() != 1 && !node.op().equals("BatchNormalization")) {
                throw node.problem("has " + node.outputs().size() + " outputs; expected 1");
            }
            FloatOp op = parser.op(node);
            if (op.outShape().size() > Limits.TENSOR_ELEMENTS) {
                throw node.problem("output of " + op.outShape().size() + " elements is above the limit of "
                        + Limits.TENSOR_ELEMENTS);
            }
            parser.shapes.put(op.output(), op.outShape());
            ops.add(op);
        }
        if (!parser.shapes.containsKey(graph.outputName()) || graph.outputName().equals(graph.inputName())) {
            throw new ImportException(graph.file() + ": the graph output '" + graph.outputName() + "' does not depend on the input");
        }
        return ops;
    }

    private Shape shapeOf(OnnxNode node, String tensor) {
        Shape s = shapes.get(tensor);
        if (s == null) {
            throw node.problem("reads '" + tensor + "' where an activation is expected (a constant cannot be an input here)");
        }
        return s;
    }

    private FloatTensor constant(OnnxNode node, int index, String what) {
        String name = node.input(index);
        FloatTensor t = constants.get(name);
        if (name.isEmpty() || t == null) {
            throw node.problem(what + " (input " + index + ") must be a constant");
        }
        return t;
    }

    private float[] perChannel(OnnxNode node, int index, String what, int channels) {
        FloatTensor t = constant(node, index, what);
        if (t.size() != channels) {
            throw node.problem(what + " has shape " + t.shapeText() + " but the layer has " + channels + " channels");
        }
        return t.values();
    }

    private FloatOp op(OnnxNode node) {
        return switch (node.op()) {
            case "Conv" -> conv(node);
            case "Gemm" -> gemm(node);
            case "MatMul" -> matMul(node);
            case "Add" -> add(node);
            case "BatchNormalization" -> batchNorm(node);
            case "Relu" -> {
                node.onlyAttributes();
                yield new FloatOp.Clip(node, node.input(0), node.output(), shapeOf(node, node.input(0)), 0,
                        Float.POSITIVE_INFINITY);
            }
            case "Clip" -> clip(node);
            case "Quant" -> {
                Shape s = shapeOf(node, node.input(0));
                List<FloatTensor> in = new ArrayList<>();
                in.add(null);
                for (int i = 1; i < 4; i++) {
                    in.add(constants.get(node.input(i)));
                }
                QuantSpec spec = QuantSpec.of(node, in);
                spec.tensorScale();
                yield new FloatOp.Quant(node, node.input(0), node.output(), s, spec);
            }
            case "MaxPool" -> maxPool(node);
            case "GlobalAveragePool" -> {
                node.onlyAttributes();
                Shape s = shapeOf(node, node.input(0));
                yield new FloatOp.GlobalAvgPool(node, node.input(0), node.output(), s, Shape.flat(s.channels()));
            }
            case "Flatten" -> {
                node.onlyAttributes("axis");
                if (node.intAttribute("axis", 1) != 1) {
                    throw node.problem("only axis 1 is supported (flattening the trailing dimensions)");
                }
                Shape s = shapeOf(node, node.input(0));
                yield new FloatOp.Flatten(node, node.input(0), node.output(), Shape.flat(s.size()));
            }
            case "Reshape" -> reshape(node);
            default -> throw node.problem("operator " + node.op() + (node.domain().isEmpty() ? "" : " of domain "
                    + node.domain()) + " is not supported on activations (bwn maps Conv, Gemm, MatMul, Add, "
                    + "BatchNormalization, Relu, Clip, MaxPool, GlobalAveragePool, Flatten, Reshape and QONNX Quant)");
        };
    }

    private FloatOp conv(OnnxNode node) {
        node.onlyAttributes("kernel_shape", "strides", "pads", "dilations", "group", "auto_pad");
        Shape in = shapeOf(node, node.input(0));
        FloatTensor w = constant(node, 1, "the weight");
        if (w.rank() != 4) {
            throw node.problem("weight has shape " + w.shapeText() + "; expected [out, in, kH, kW]");
        }
        int out = w.dims()[0];
        int kh = w.dims()[2];
        int kw = w.dims()[3];
        if (node.intAttribute("group", 1) != 1) {
            throw node.problem("grouped or depthwise convolution (group " + node.intAttribute("group", 1) + ") is not supported");
        }
        if (w.dims()[1] != in.channels()) {
            throw node.problem("weight has shape " + w.shapeText() + " but the input has " + in.channels() + " channels");
        }
        String autoPad = node.stringAttribute("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            throw node.problem("auto_pad " + autoPad + " is not supported; use explicit pads");
        }
        long[] kernel = node.intsAttribute("kernel_shape");
        if (kernel != null && (kernel.length != 2 || kernel[0] != kh || kernel[1] != kw)) {
            throw node.problem("kernel_shape " + java.util.Arrays.toString(kernel) + " disagrees with the weight's " + w.shapeText());
        }
        requireOnes(node, "dilations");
        int[] strides = pair(node, "strides", 1);
        long[] pads = node.intsAttribute("pads");
        int padY = 0;
        int padX = 0;
        if (pads != null) {
            if (pads.length != 4 || pads[0] != pads[2] || pads[1] != pads[3]) {
                throw node.problem("pads " + java.util.Arrays.toString(pads) + " are not symmetric; bwn pads top = bottom and left = right");
            }
            padY = (int) Math.min(pads[0], Integer.MAX_VALUE);
            padX = (int) Math.min(pads[1], Integer.MAX_VALUE);
        }
        if (kh > Limits.KERNEL || kw > Limits.KERNEL || padY < 0 || padX < 0 || padY >= kh || padX >= kw) {
            throw node.problem("kernel " + kh + "x" + kw + " with pads " + padY + "," + padX + " is outside bwn's limits "
                    + "(kernel at most " + Limits.KERNEL + ", padding below the kernel)");
        }
        int oh = Math.floorDiv(in.height() + 2 * padY - kh, strides[0]) + 1;
        int ow = Math.floorDiv(in.width() + 2 * padX - kw, strides[1]) + 1;
        if (oh < 1 || ow < 1) {
            throw node.problem("kernel " + kh + "x" + kw + " does not fit the input " + in);
        }
        float[] bias = node.input(2).isEmpty() ? null : perChannel(node, 2, "the bias", out);
        return new FloatOp.Conv(node, node.input(0), node.output(), in, new Shape(out, oh, ow), w.values(), bias, kh, kw,
                strides[0], strides[1], padY, padX);
    }

    private FloatOp gemm(OnnxNode node) {
        node.onlyAttributes("alpha", "beta", "transA", "transB");
        if (node.intAttribute("transA", 0) != 0) {
            throw node.problem("transA is not supported");
        }
        Shape in = shapeOf(node, node.input(0));
        FloatTensor b = constant(node, 1, "the weight");
        boolean transB = node.intAttribute("transB", 0) != 0;
        float[] weight = denseWeight(node, in, b, transB);
        int out = weight.length / in.size();
        float alpha = node.floatAttribute("alpha", 1f);
        if (alpha != 1f) {
            // alpha scales every weight alike, so binary weights stay binary
            for (int i = 0; i < weight.length; i++) {
                weight[i] *= alpha;
            }
        }
        float[] bias = null;
        if (!node.input(2).isEmpty()) {
            bias = perChannel(node, 2, "the bias", out).clone();
            float beta = node.floatAttribute("beta", 1f);
            for (int i = 0; i < bias.length; i++) {
                bias[i] *= beta;
            }
        }
        return new FloatOp.Dense(node, node.input(0), node.output(), Shape.flat(out), in.size(), weight, bias);
    }

    private FloatOp matMul(OnnxNode node) {
        node.onlyAttributes();
        Shape in = shapeOf(node, node.input(0));
        float[] weight = denseWeight(node, in, constant(node, 1, "the weight"), false);
        int out = weight.length / in.size();
        return new FloatOp.Dense(node, node.input(0), node.output(), Shape.flat(out), in.size(), weight, null);
    }

    /** The weight as rows of output features, [out][in], from ONNX's [in, out] (or [out, in] when transposed). */
    private static float[] denseWeight(OnnxNode node, Shape in, FloatTensor b, boolean transposed) {
        if (!in.isFlat()) {
            throw node.problem("reads a tensor of shape " + in + "; flatten it first (a dense layer reads a flat vector)");
        }
        if (b.rank() != 2) {
            throw node.problem("weight has shape " + b.shapeText() + "; expected a matrix");
        }
        int k = transposed ? b.dims()[1] : b.dims()[0];
        int n = transposed ? b.dims()[0] : b.dims()[1];
        if (k != in.size()) {
            throw node.problem("weight has shape " + b.shapeText() + " but the input has " + in.size() + " features");
        }
        float[] rows = new float[n * k];
        for (int o = 0; o < n; o++) {
            for (int i = 0; i < k; i++) {
                rows[o * k + i] = transposed ? b.values()[o * k + i] : b.values()[i * n + o];
            }
        }
        return rows;
    }

    private FloatOp add(OnnxNode node) {
        node.onlyAttributes();
        boolean firstConstant = constants.containsKey(node.input(0));
        boolean secondConstant = constants.containsKey(node.input(1));
        if (!firstConstant && !secondConstant) {
            Shape a = shapeOf(node, node.input(0));
            Shape b = shapeOf(node, node.input(1));
            if (!a.equals(b)) {
                throw node.problem("adds tensors of shapes " + a + " and " + b + "; a residual add needs equal shapes");
            }
            return new FloatOp.Sum(node, node.input(0), node.input(1), node.output(), a);
        }
        int activation = firstConstant ? 1 : 0;
        Shape s = shapeOf(node, node.input(activation));
        FloatTensor c = constant(node, 1 - activation, "the added constant");
        if (c.size() != s.channels()) {
            throw node.problem("adds a constant of shape " + c.shapeText() + " to " + s + "; only one value per channel "
                    + "(a bias) is supported");
        }
        return new FloatOp.Bias(node, node.input(activation), node.output(), s, c.values());
    }

    private FloatOp batchNorm(OnnxNode node) {
        node.onlyAttributes("epsilon", "momentum", "training_mode", "spatial");
        if (node.intAttribute("training_mode", 0) != 0 || node.outputs().size() != 1) {
            throw node.problem("training mode is not supported; export the model in eval mode");
        }
        if (node.intAttribute("spatial", 1) != 1) {
            throw node.problem("spatial=0 is not supported");
        }
        Shape s = shapeOf(node, node.input(0));
        int c = s.channels();
        return new FloatOp.BatchNorm(node, node.input(0), node.output(), s, perChannel(node, 1, "scale", c),
                perChannel(node, 2, "B", c), perChannel(node, 3, "mean", c), perChannel(node, 4, "var", c),
                node.floatAttribute("epsilon", 1e-5f));
    }

    private FloatOp clip(OnnxNode node) {
        node.onlyAttributes("min", "max");
        float min = node.floatAttribute("min", Float.NEGATIVE_INFINITY);
        float max = node.floatAttribute("max", Float.POSITIVE_INFINITY);
        if (!node.input(1).isEmpty()) {
            min = constant(node, 1, "min").only("min");
        }
        if (!node.input(2).isEmpty()) {
            max = constant(node, 2, "max").only("max");
        }
        if (!(max > 0) || (min != 0 && min != -max)) {
            throw node.problem("Clip(" + min + ", " + max + ") is not supported: bwn maps Clip(0, m) to an unsigned type "
                    + "and Clip(-m, m) to a signed one");
        }
        return new FloatOp.Clip(node, node.input(0), node.output(), shapeOf(node, node.input(0)), min, max);
    }

    private FloatOp maxPool(OnnxNode node) {
        node.onlyAttributes("kernel_shape", "strides", "pads", "dilations", "ceil_mode", "auto_pad", "storage_order");
        if (node.outputs().size() != 1) {
            throw node.problem("the Indices output is not supported");
        }
        Shape in = shapeOf(node, node.input(0));
        long[] kernel = node.intsAttribute("kernel_shape");
        if (kernel == null || kernel.length != 2) {
            throw node.problem("kernel_shape must hold 2 values");
        }
        long[] pads = node.intsAttribute("pads");
        if (pads != null && java.util.Arrays.stream(pads).anyMatch(p -> p != 0)) {
            throw node.problem("padded max-pooling is not supported");
        }
        if (node.intAttribute("ceil_mode", 0) != 0) {
            throw node.problem("ceil_mode 1 is not supported");
        }
        String autoPad = node.stringAttribute("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            throw node.problem("auto_pad " + autoPad + " is not supported");
        }
        requireOnes(node, "dilations");
        int[] strides = pair(node, "strides", 1);
        if (kernel[0] < 1 || kernel[1] < 1 || kernel[0] > in.height() || kernel[1] > in.width()) {
            throw node.problem("kernel " + java.util.Arrays.toString(kernel) + " does not fit the input " + in);
        }
        int kh = (int) kernel[0];
        int kw = (int) kernel[1];
        Shape out = new Shape(in.channels(), (in.height() - kh) / strides[0] + 1, (in.width() - kw) / strides[1] + 1);
        return new FloatOp.MaxPool(node, node.input(0), node.output(), in, out, kh, kw, strides[0], strides[1]);
    }

    private FloatOp reshape(OnnxNode node) {
        node.onlyAttributes("allowzero");
        Shape in = shapeOf(node, node.input(0));
        FloatTensor target = constant(node, 1, "the shape");
        float[] t = target.values();
        boolean flattens = t.length == 2 && (t[0] == 1 || t[0] == 0 || t[0] == -1 && t[1] == in.size())
                && (t[1] == -1 || t[1] == in.size());
        if (!flattens) {
            throw node.problem("reshape to " + java.util.Arrays.toString(t) + " is not supported; only flattening the "
                    + "trailing dimensions ([1, -1] or [1, " + in.size() + "]) is");
        }
        return new FloatOp.Flatten(node, node.input(0), node.output(), Shape.flat(in.size()));
    }

    private static void requireOnes(OnnxNode node, String key) {
        long[] values = node.intsAttribute(key);
        if (values != null && java.util.Arrays.stream(values).anyMatch(v -> v != 1)) {
            throw node.problem(key + " " + java.util.Arrays.toString(values) + " are not supported (only 1)");
        }
    }

    private static int[] pair(OnnxNode node, String key, int defaultValue) {
        long[] values = node.intsAttribute(key);
        if (values == null) {
            return new int[]{defaultValue, defaultValue};
        }
        if (values.length != 2 || values[0] < 1 || values[1] < 1 || values[0] > Limits.KERNEL || values[1] > Limits.KERNEL) {
            throw node.problem(key + " " + java.util.Arrays.toString(values) + " must be 2 values in 1.." + Limits.KERNEL);
        }
        return new int[]{(int) values[0], (int) values[1]};
    }
}
