package dev.bwn.importer;

import dev.bwn.model.NameRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups the parsed operators into bwn layers: each Conv, Gemm/MatMul, residual Add and GlobalAveragePool takes the
 * biases, batch norm and activation that follow it alone (a tensor read by one node only) into its requantization;
 * MaxPool and Flatten map one to one. The weights of every Conv and dense layer must be binary: per output channel,
 * every weight is +a or -a for one a > 0 (after constant folding, so Sign, BipolarQuant and 1-bit Quant weights are
 * checked the same way as plain float ones).
 */
final class LayerMapping {
    private final List<FloatOp> ops;
    private final Map<String, Integer> readers = new HashMap<>();
    private final Map<String, FloatOp> producer = new HashMap<>();
    private final Map<String, String> origins;
    private final String graphOutput;
    private final Set<FloatOp> used = new HashSet<>();
    private final Set<String> names = new HashSet<>();

    private LayerMapping(List<FloatOp> ops, Map<String, String> origins, String graphOutput) {
        this.ops = ops;
        this.origins = origins;
        this.graphOutput = graphOutput;
        for (FloatOp op : ops) {
            producer.put(op.output(), op);
            op.inputs().forEach(in -> readers.merge(in, 1, Integer::sum));
        }
    }

    /** The layers, and the QONNX Quant on the graph input when there is one (it gives the input's type and scale). */
    record Result(FloatOp.Quant inputQuant, List<MappedLayer> layers) {
    }

    static Result map(List<FloatOp> ops, Map<String, String> origins, String graphOutput, String inputName) {
        LayerMapping mapping = new LayerMapping(ops, origins, graphOutput);
        mapping.names.add(inputName);
        FloatOp.Quant inputQuant = null;
        if (mapping.soleReader(inputName) instanceof FloatOp.Quant q) {
            inputQuant = q;
            mapping.used.add(q);
        }
        List<MappedLayer> layers = new ArrayList<>();
        for (FloatOp op : ops) {
            if (!mapping.used.contains(op)) {
                layers.add(mapping.layer(op));
            }
        }
        return new Result(inputQuant, layers);
    }

    /** The single reader of {@code tensor}, when it has exactly one and is not the graph output. */
    private FloatOp soleReader(String tensor) {
        if (tensor.equals(graphOutput) || readers.getOrDefault(tensor, 0) != 1) {
            return null;
        }
        for (FloatOp op : ops) {
            if (op.inputs().contains(tensor)) {
                return op;
            }
        }
        return null;
    }

    private MappedLayer layer(FloatOp main) {
        used.add(main);
        String name = uniqueName(main.node().name());
        if (main instanceof FloatOp.MaxPool || main instanceof FloatOp.Flatten) {
            return new MappedLayer(name, main, List.of(), null, null, false, null, main.output());
        }
        if (!(main instanceof FloatOp.Conv || main instanceof FloatOp.Dense || main instanceof FloatOp.Sum
                || main instanceof FloatOp.GlobalAvgPool)) {
            throw main.node().problem("does not follow a Conv, Gemm, MatMul, residual Add or GlobalAveragePool it could "
                    + "fold into (bwn has no separate " + main.node().op() + " layer)");
        }
        boolean weighted = main instanceof FloatOp.Conv || main instanceof FloatOp.Dense;
        List<FloatOp.Bias> biases = new ArrayList<>();
        FloatOp.BatchNorm batchNorm = null;
        FloatOp activation = null;
        boolean reluBeforeQuant = false;
        String end = main.output();
        while (true) {
            FloatOp next = soleReader(end);
            if (next == null || used.contains(next)) {
                break;
            }
            if (next instanceof FloatOp.Bias b && weighted && batchNorm == null && activation == null) {
                biases.add(b);
            } else if (next instanceof FloatOp.BatchNorm bn && weighted && batchNorm == null && activation == null) {
                batchNorm = bn;
            } else if (next instanceof FloatOp.Clip clip && activation == null) {
                activation = clip;
            } else if (next instanceof FloatOp.Quant q && (activation == null
                    || activation instanceof FloatOp.Clip c && c.min() == 0 && c.max() == Float.POSITIVE_INFINITY)) {
                reluBeforeQuant = activation != null;
                activation = q;
            } else {
                break;
            }
            used.add(next);
            end = next.output();
        }
        MappedLayer.BinaryRows binary = null;
        if (main instanceof FloatOp.Conv conv) {
            binary = binaryRows(conv.node(), conv.weight(), conv.outShape().channels(), conv.fanIn(), conv.node().input(1));
        } else if (main instanceof FloatOp.Dense dense) {
            binary = binaryRows(dense.node(), dense.weight(), dense.outShape().channels(), dense.inFeatures(),
                    dense.node().input(1));
        }
        return new MappedLayer(name, main, biases, batchNorm, activation, reluBeforeQuant, binary, end);
    }

    private MappedLayer.BinaryRows binaryRows(OnnxNode node, float[] weight, int rows, int fanIn, String weightName) {
        String origin = origins.containsKey(weightName) ? "computed by " + origins.get(weightName) : "float initializer";
        int[][] signs = new int[rows][fanIn];
        double[] magnitudes = new double[rows];
        for (int o = 0; o < rows; o++) {
            float a = Math.abs(weight[o * fanIn]);
            for (int i = 0; i < fanIn; i++) {
                float w = weight[o * fanIn + i];
                if (w == 0 || !Float.isFinite(w)) {
                    throw node.problem("weights (" + origin + ") are not binary: output channel " + o + " holds " + w
                            + " at position " + i + " (bwn needs +a or -a for every weight of a channel, a > 0)");
                }
                if (Math.abs(w) != a) {
                    throw node.problem("weights (" + origin + ") are not binary: output channel " + o + " holds "
                            + weight[o * fanIn] + " and " + w + " (bwn needs +a or -a for every weight of a channel, a > 0)");
                }
                signs[o][i] = w > 0 ? 1 : -1;
            }
            magnitudes[o] = a;
        }
        return new MappedLayer.BinaryRows(signs, magnitudes, origin);
    }

    /** A valid, unique bwn name from an ONNX node name: printable ASCII, at most 64 characters. */
    private String uniqueName(String onnxName) {
        StringBuilder clean = new StringBuilder();
        for (char ch : onnxName.toCharArray()) {
            clean.append(ch >= 0x21 && ch <= 0x7e ? ch : '_');
        }
        String base = clean.length() == 0 ? "layer" : clean.toString();
        if (base.length() > NameRules.MAX_LENGTH - 4) {
            base = base.substring(base.length() - (NameRules.MAX_LENGTH - 4));
        }
        String name = base;
        for (int i = 2; !names.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }
}
