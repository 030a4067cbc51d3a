package dev.bwn.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The deployable integer network: an input description and a chain of layers whose shapes and types
 * were checked when it was built. Immutable. {@link #infer(int[])} is the reference every backend must match.
 */
public final class Network {
    public static final int FORMAT_VERSION = 1;

    private final String name;
    private final Provenance provenance;
    private final Shape inputShape;
    private final ActivationType inputType;
    private final RequantMode requantMode;
    private final List<Layer> layers;
    private final List<LayerInfo> plan;
    private long largestTensorElements;
    private long activationElements;

    public Network(String name, Provenance provenance, Shape inputShape, ActivationType inputType,
                   RequantMode requantMode, List<Layer> layers) {
        this.name = name;
        this.provenance = provenance;
        this.inputShape = inputShape;
        this.inputType = inputType;
        this.requantMode = requantMode;
        this.layers = List.copyOf(layers);
        this.plan = Collections.unmodifiableList(check());
    }

    private List<LayerInfo> check() {
        NameRules.check("name", name);
        checkDimensions("input", inputShape);
        if (inputType.bits() > ActivationType.MAX_DOT_INPUT_BITS) {
            throw new ModelException("input.bits", "must be at most " + ActivationType.MAX_DOT_INPUT_BITS + ", got " + inputType.bits());
        }
        if (layers.isEmpty()) {
            throw new ModelException("layers", "must contain at least one layer");
        }
        if (layers.size() > Limits.LAYERS) {
            throw new ModelException("layers", "has " + layers.size() + " layers, more than the limit of " + Limits.LAYERS);
        }
        int lastWeighted = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof WeightedLayer) {
                lastWeighted = i;
            }
        }
        if (lastWeighted < 0) {
            throw new ModelException("layers", "must contain at least one conv2d or dense layer");
        }
        List<LayerInfo> infos = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Shape shape = inputShape;
        ActivationType type = inputType;
        long totalWeights = 0;
        largestTensorElements = inputShape.size();
        activationElements = inputShape.size();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String where = "layers[" + i + "] (" + layer.name() + ")";
            NameRules.check("layers[" + i + "].name", layer.name());
            if (!names.add(layer.name())) {
                throw new ModelException("layers[" + i + "].name", "duplicate layer name \"" + layer.name() + "\"");
            }
            Shape out;
            try {
                out = layer.outputShape(shape);
            } catch (IllegalArgumentException e) {
                throw new ModelException(where, e.getMessage());
            }
            checkDimensions(where + " output", out);
            ActivationType outType = layer.outputType(type);
            int fanIn = 0;
            int accBits = 0;
            long weights = 0;
            long packed = 0;
            long macs = 0;
            if (layer instanceof WeightedLayer w) {
                if (type.bits() > ActivationType.MAX_DOT_INPUT_BITS) {
                    throw new ModelException(where, "input activations are " + type.bits() + " bits wide; a dot product accepts at most "
                            + ActivationType.MAX_DOT_INPUT_BITS);
                }
                fanIn = w.fanIn(shape);
                if (fanIn > Limits.FAN_IN) {
                    throw new ModelException(where, "fan-in " + fanIn + " exceeds the limit of " + Limits.FAN_IN);
                }
                if (i != lastWeighted && outType.bits() > ActivationType.MAX_DOT_INPUT_BITS) {
                    throw new ModelException(where + ".output.bits", "hidden activations may be at most "
                            + ActivationType.MAX_DOT_INPUT_BITS + " bits, got " + outType.bits());
                }
                if (requantMode == RequantMode.SHIFT && !w.requant().isMultiplierFree()) {
                    throw new ModelException(where + ".requant.multiplier", "requantMode is \"shift\" but a multiplier is not +-2^k");
                }
                accBits = WeightedLayer.accumulatorBits(fanIn, type);
                weights = w.weights().binaryWeightCount();
                packed = w.weights().packedBytes();
                macs = w.binaryMacs(shape);
                totalWeights += weights;
                if (totalWeights > Limits.BINARY_WEIGHTS) {
                    throw new ModelException(where, "the model exceeds the limit of " + Limits.BINARY_WEIGHTS + " binary weights");
                }
            }
            largestTensorElements = Math.max(largestTensorElements, out.size());
            activationElements += out.size();
            infos.add(new LayerInfo(i, layer, shape, type, out, outType, fanIn, accBits, weights, packed, macs));
            shape = out;
            type = outType;
        }
        if (activationBytes() > Limits.ACTIVATION_BYTES) {
            throw new ModelException("layers", "the model needs " + Limits.bytes(activationBytes()) + " of activations (input and "
                    + "every layer's output, 4 bytes per value; largest tensor " + Limits.bytes(largestTensorElements * Integer.BYTES)
                    + "), above the limit of " + Limits.bytes(Limits.ACTIVATION_BYTES));
        }
        if (!shape.isFlat()) {
            throw new ModelException("layers", "the last layer must produce a flat vector of class scores, got " + shape);
        }
        return infos;
    }

    private static void checkDimensions(String where, Shape s) {
        if (s.channels() > Limits.DIMENSION && !s.isFlat() || s.height() > Limits.DIMENSION || s.width() > Limits.DIMENSION) {
            throw new ModelException(where, "dimension above the limit of " + Limits.DIMENSION + ": " + s);
        }
        if ((long) s.channels() * s.height() * s.width() > Limits.TENSOR_ELEMENTS) {
            throw new ModelException(where, "tensor " + s + " exceeds the limit of " + Limits.TENSOR_ELEMENTS + " elements");
        }
    }

    public String name() {
        return name;
    }

    public Provenance provenance() {
        return provenance;
    }

    public Shape inputShape() {
        return inputShape;
    }

    public ActivationType inputType() {
        return inputType;
    }

    public RequantMode requantMode() {
        return requantMode;
    }

    public List<Layer> layers() {
        return layers;
    }

    /** Each layer with its shapes, types, fan-in and accumulator width. */
    public List<LayerInfo> plan() {
        return plan;
    }

    /** Elements of the largest tensor (input or a layer's output). */
    public long largestTensorElements() {
        return largestTensorElements;
    }

    /** Bytes of one inference that keeps every layer's output (input included), as the reference holds them. */
    public long activationBytes() {
        return activationElements * Integer.BYTES;
    }

    public int inputSize() {
        return inputShape.size();
    }

    public int classes() {
        return plan.get(plan.size() - 1).outputShape().size();
    }

    public ActivationType logitType() {
        return plan.get(plan.size() - 1).outputType();
    }

    public long binaryWeights() {
        return plan.stream().mapToLong(LayerInfo::binaryWeights).sum();
    }

    public long packedBytes() {
        return plan.stream().mapToLong(LayerInfo::packedBytes).sum();
    }

    public long binaryMacs() {
        return plan.stream().mapToLong(LayerInfo::binaryMacs).sum();
    }

    public Network withProvenance(Provenance p) {
        return new Network(name, p, inputShape, inputType, requantMode, layers);
    }

    public Network withLayers(List<Layer> newLayers) {
        return new Network(name, provenance, inputShape, inputType, requantMode, newLayers);
    }

    public Outputs infer(int[] input) {
        return infer(input, false);
    }

    /** Runs the reference; with {@code keepLayerOutputs} every layer's output is returned too. */
    public Outputs infer(int[] input, boolean keepLayerOutputs) {
        if (input.length != inputShape.size()) {
            throw new IllegalArgumentException("input has " + input.length + " values, the model expects " + inputShape.size());
        }
        for (int i = 0; i < input.length; i++) {
            if (!inputType.contains(input[i])) {
                throw new IllegalArgumentException("input[" + i + "] = " + input[i] + " is outside " + inputType);
            }
        }
        List<int[]> kept = keepLayerOutputs ? new ArrayList<>() : List.of();
        int[] x = input;
        for (LayerInfo info : plan) {
            x = info.layer().forward(x, info.inputShape(), info.inputType());
            if (keepLayerOutputs) {
                kept.add(x);
            }
        }
        return new Outputs(argmax(x), x, kept);
    }

    /** Index of the largest value; ties go to the lowest index. */
    public static int argmax(int[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
