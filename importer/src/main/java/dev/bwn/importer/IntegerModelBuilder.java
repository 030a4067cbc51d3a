package dev.bwn.importer;

import dev.bwn.model.ActivationType;
import dev.bwn.model.BinaryWeights;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.Flatten;
import dev.bwn.model.GlobalAvgPool;
import dev.bwn.model.Layer;
import dev.bwn.model.MaxPool;
import dev.bwn.model.ModelException;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.Requant;
import dev.bwn.model.RequantFolding;
import dev.bwn.model.RequantMode;
import dev.bwn.model.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Chooses each tensor's integer type and scale (integer = float * scale) and folds every layer's float affine map
 * into requantization with {@link RequantFolding}, the same folding the trainer's export uses.
 *
 * <ul>
 *   <li>A QONNX Quant ends a layer with its own type and scale 1 / Quant.scale (after a Relu a signed Quant becomes
 *       the unsigned type one bit narrower, which holds the same values).</li>
 *   <li>Clip(0, m): unsigned, {@code activationBits}, scale (2^b - 1) / m. Clip(-m, m): signed, (2^(b-1) - 1) / m.</li>
 *   <li>Relu: unsigned, scale (2^b - 1) / r with r the calibrated range of the tensor.</li>
 *   <li>No activation (a residual branch, a batch norm before an add): signed, {@code activationBits} + 4 bits (at
 *       most 16), scale (2^(B-1) - 1) / r with r the calibrated range of |value|.</li>
 *   <li>The graph output (logits): signed 32 bits, scale {@value #LOGIT_SCALE} (argmax does not depend on it).</li>
 *   <li>GlobalAveragePool without activation keeps its input's type and scale (a mean stays within the range);
 *       MaxPool and Flatten keep their input's.</li>
 * </ul>
 */
final class IntegerModelBuilder {
    static final double LOGIT_SCALE = 4096;
    static final int BRANCH_EXTRA_BITS = 4;

    /** An integer tensor: its type and the scale S with integer = float * S. */
    record Scaled(ActivationType type, double scale) {
        String shown() {
            return (type.signed() ? "s" : "u") + type.bits() + " x" + String.format(Locale.ROOT, "%.6g", scale);
        }
    }

    private final OnnxGraph graph;
    private final int activationBits;
    private final ToDoubleFunction<FloatOp> calibratedRange;
    private final Map<String, Scaled> tensors = new HashMap<>();
    private final Map<String, String> bwnNames = new HashMap<>();
    private final List<String> summary = new ArrayList<>();

    private IntegerModelBuilder(OnnxGraph graph, int activationBits, ToDoubleFunction<FloatOp> calibratedRange) {
        this.graph = graph;
        this.activationBits = activationBits;
        this.calibratedRange = calibratedRange;
    }

    record Built(Network network, List<String> summary) {
    }

    /**
     * @param calibratedRange the range of a layer's last operator's output (max |value| over the calibration images at
     *                        the chosen percentile), or NaN when there was no calibration
     */
    static Built build(OnnxGraph graph, LayerMapping.Result mapping, Scaled input, int activationBits,
                       ToDoubleFunction<FloatOp> calibratedRange, String name, Provenance provenance) {
        IntegerModelBuilder builder = new IntegerModelBuilder(graph, activationBits, calibratedRange);
        builder.tensors.put(graph.inputName(), input);
        builder.bwnNames.put(graph.inputName(), graph.inputName());
        if (mapping.inputQuant() != null) {
            builder.tensors.put(mapping.inputQuant().output(), input);
            builder.bwnNames.put(mapping.inputQuant().output(), graph.inputName());
        }
        builder.summary.add(String.format(Locale.ROOT, "input %s %s: %s%s", graph.inputName(),
                Arrays.toString(graph.inputChannelsHeightWidth()), input.shown(),
                mapping.inputQuant() != null ? " (from " + mapping.inputQuant().node().shown() + ")" : ""));
        List<Layer> layers = new ArrayList<>();
        List<List<String>> layerInputs = new ArrayList<>();
        for (MappedLayer layer : mapping.layers()) {
            List<String> inputs = layer.inputs().stream().map(builder.bwnNames::get).toList();
            Layer built = builder.layer(layer);
            layers.add(built);
            layerInputs.add(inputs);
            builder.bwnNames.put(layer.output(), layer.name());
        }
        MappedLayer last = mapping.layers().get(mapping.layers().size() - 1);
        if (!last.output().equals(graph.outputName())) {
            throw new ImportException(graph.file() + ": the graph output '" + graph.outputName() + "' is not the last "
                    + "layer's output '" + last.output() + "'");
        }
        int[] chw = graph.inputChannelsHeightWidth();
        try {
            Network network = new Network(name, provenance, graph.inputName(), new Shape(chw[0], chw[1], chw[2]),
                    input.type(), RequantMode.MULTIPLY, layers, layerInputs);
            return new Built(network, builder.summary);
        } catch (ModelException | IllegalArgumentException e) {
            throw new ImportException(graph.file() + ": the mapped integer model is not valid: " + e.getMessage(), e);
        }
    }

    private Layer layer(MappedLayer layer) {
        Scaled in = tensors.get(layer.inputs().get(0));
        FloatOp main = layer.main();
        Scaled out;
        Layer built;
        String binary = "";
        try {
            if (main instanceof FloatOp.MaxPool pool) {
                out = in;
                built = new MaxPool(layer.name(), pool.kernelHeight(), pool.kernelWidth(), pool.strideY(), pool.strideX());
            } else if (main instanceof FloatOp.Flatten) {
                out = in;
                built = new Flatten(layer.name());
            } else if (main instanceof FloatOp.GlobalAvgPool gap) {
                out = layer.activation() == null ? in : outputType(layer);
                Requant requant = RequantFolding.average(gap.inShape().channels(),
                        gap.inShape().height() * gap.inShape().width(), in.scale(), out.scale());
                built = new GlobalAvgPool(layer.name(), requant, out.type());
            } else if (main instanceof FloatOp.Sum) {
                out = outputType(layer);
                Scaled other = tensors.get(layer.inputs().get(1));
                built = RequantFolding.add(layer.name(), main.outShape().channels(), in.scale(), other.scale(),
                        out.scale(), out.type());
            } else {
                out = outputType(layer);
                Requant requant = weightedRequant(layer, in, out);
                BinaryWeights weights = BinaryWeights.fromSigns(layer.binary().signs());
                if (main instanceof FloatOp.Conv c) {
                    built = new Conv2d(layer.name(), c.outShape().channels(), c.kernelHeight(), c.kernelWidth(),
                            c.strideY(), c.strideX(), c.padY(), c.padX(), weights, requant, out.type());
                } else {
                    built = new Dense(layer.name(), main.outShape().channels(), weights, requant, out.type());
                }
                double[] a = layer.binary().magnitudes();
                binary = String.format(Locale.ROOT, "; binary weights (%s), +-a with a in [%.4g, %.4g]",
                        layer.binary().origin(), Arrays.stream(a).min().orElse(0), Arrays.stream(a).max().orElse(0));
            }
        } catch (IllegalArgumentException e) {
            throw main.node().problem("cannot be requantized: " + e.getMessage());
        }
        tensors.put(layer.output(), out);
        summary.add(String.format(Locale.ROOT, "%-8s %s <- %s: out %s%s", built.kind(), layer.name(), layer.nodes(),
                out.shown(), binary));
        return built;
    }

    /** Conv or dense: y = BN(a[c] * sum + bias[c]) with sum the +-1 dot product of the float inputs. */
    private Requant weightedRequant(MappedLayer layer, Scaled in, Scaled out) {
        int channels = layer.main().outShape().channels();
        double[] preBias = new double[channels];
        float[] ownBias = layer.main() instanceof FloatOp.Conv c ? c.bias() : ((FloatOp.Dense) layer.main()).bias();
        for (int c = 0; c < channels; c++) {
            preBias[c] = ownBias == null ? 0 : ownBias[c];
            for (FloatOp.Bias b : layer.biases()) {
                preBias[c] += b.bias()[c];
            }
        }
        FloatOp.BatchNorm bn = layer.batchNorm();
        if (bn == null) {
            double[] ones = new double[channels];
            Arrays.fill(ones, 1.0);
            // the identity batch norm: gamma 1, beta 0, mean 0, variance 1, epsilon 0 (1 / sqrt(1) is exact)
            return RequantFolding.batchNorm(layer.binary().magnitudes(), preBias, ones, new double[channels],
                    new double[channels], ones, 0, in.scale(), out.scale());
        }
        return RequantFolding.batchNorm(layer.binary().magnitudes(), preBias, doubles(bn.gamma()), doubles(bn.beta()),
                doubles(bn.mean()), doubles(bn.variance()), bn.epsilon(), in.scale(), out.scale());
    }

    private Scaled outputType(MappedLayer layer) {
        FloatOp activation = layer.activation();
        if (activation instanceof FloatOp.Quant q) {
            ActivationType type = new ActivationType(layer.reluBeforeActivation() && q.spec().signed()
                    ? q.spec().bits() - 1 : q.spec().bits(), q.spec().signed() && !layer.reluBeforeActivation());
            if (type.bits() < ActivationType.MIN_BITS) {
                throw activation.node().problem("a " + q.spec().bits() + "-bit activation is below bwn's 2 bits");
            }
            return new Scaled(type, 1.0 / q.spec().tensorScale());
        }
        if (activation instanceof FloatOp.Clip clip) {
            if (clip.min() < 0) {
                return new Scaled(new ActivationType(activationBits, true), ((1 << (activationBits - 1)) - 1) / clip.max());
            }
            double range = clip.max() == Float.POSITIVE_INFINITY ? calibrated(layer, clip) : clip.max();
            return new Scaled(new ActivationType(activationBits, false), ((1 << activationBits) - 1) / range);
        }
        if (layer.output().equals(graph.outputName())) {
            return new Scaled(new ActivationType(ActivationType.MAX_LOGIT_BITS, true), LOGIT_SCALE);
        }
        int bits = Math.min(ActivationType.MAX_DOT_INPUT_BITS, activationBits + BRANCH_EXTRA_BITS);
        FloatOp last = layer.batchNorm() != null ? layer.batchNorm()
                : layer.biases().isEmpty() ? layer.main() : layer.biases().get(layer.biases().size() - 1);
        return new Scaled(new ActivationType(bits, true), ((1 << (bits - 1)) - 1) / calibrated(layer, last));
    }

    private double calibrated(MappedLayer layer, FloatOp op) {
        double range = calibratedRange.applyAsDouble(op);
        if (Double.isNaN(range)) {
            throw op.node().problem("the range of its output is unknown: give --calibration (images to measure it on), "
                    + "or bound it in the graph with Clip or a QONNX Quant");
        }
        if (!(range > 0)) {
            throw op.node().problem("its output is 0 on every calibration image; cannot choose a scale");
        }
        return range;
    }

    private static double[] doubles(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return d;
    }
}
