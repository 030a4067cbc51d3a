package dev.bwn.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The deployable integer network: a named input tensor and a graph of layers in file order (a topological order),
 * each reading tensors written earlier, whose wiring, shapes and types were checked when it was built (see
 * {@link Wiring}). Immutable. {@link #infer(int[])} is the reference every backend must match.
 */
public final class Network {
    /** The version bwn writes; version 1 files (chains without {@code inputs}) are still read. */
    public static final int FORMAT_VERSION = 2;
    /** The input tensor's name in version 1 files and in chains built without one. */
    public static final String DEFAULT_INPUT_NAME = "input";

    private final String name;
    private final Provenance provenance;
    private final String inputName;
    private final Shape inputShape;
    private final ActivationType inputType;
    private final RequantMode requantMode;
    private final List<Layer> layers;
    private final List<List<String>> layerInputs;
    private final List<LayerInfo> plan;
    private final List<String> labels;
    private long largestTensorElements;
    private long activationElements;

    /** A chain: the input is named {@value #DEFAULT_INPUT_NAME}, layer 0 reads it and layer i reads layer i-1. */
    public Network(String name, Provenance provenance, Shape inputShape, ActivationType inputType,
                   RequantMode requantMode, List<Layer> layers) {
        this(name, provenance, DEFAULT_INPUT_NAME, inputShape, inputType, requantMode, layers,
                Wiring.chain(DEFAULT_INPUT_NAME, layers.stream().map(Layer::name).toList()));
    }

    /** A graph: {@code layerInputs.get(i)} names the tensors layer i reads (the input's name or earlier layers' names). */
    public Network(String name, Provenance provenance, String inputName, Shape inputShape, ActivationType inputType,
                   RequantMode requantMode, List<Layer> layers, List<List<String>> layerInputs) {
        this(name, provenance, inputName, inputShape, inputType, requantMode, layers, layerInputs, List.of());
    }

    /**
     * A graph with class labels: {@code labels} is empty (no labels) or names each class, one label per logit, each a
     * name by {@link NameRules}.
     */
    public Network(String name, Provenance provenance, String inputName, Shape inputShape, ActivationType inputType,
                   RequantMode requantMode, List<Layer> layers, List<List<String>> layerInputs, List<String> labels) {
        this.name = name;
        this.provenance = provenance;
        this.inputName = inputName;
        this.inputShape = inputShape;
        this.inputType = inputType;
        this.requantMode = requantMode;
        this.layers = List.copyOf(layers);
        if (layerInputs.size() != layers.size()) {
            throw new IllegalArgumentException(layers.size() + " layers but " + layerInputs.size() + " input lists");
        }
        this.layerInputs = layerInputs.stream().map(List::copyOf).toList();
        this.plan = Collections.unmodifiableList(check());
        this.labels = List.copyOf(labels);
        checkLabels();
    }

    private void checkLabels() {
        if (labels.isEmpty()) {
            return;
        }
        if (labels.size() != classes()) {
            throw new ModelException("labels", "has " + labels.size() + " labels, the model has " + classes()
                    + " classes (one label per output)");
        }
        for (int i = 0; i < labels.size(); i++) {
            NameRules.check("labels[" + i + "]", labels.get(i));
        }
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
        List<String> names = layers.stream().map(Layer::name).toList();
        List<List<Integer>> inputTensors = Wiring.resolve(inputName, names, layerInputs);
        for (int i = 0; i < layers.size(); i++) {
            Wiring.checkArity(Wiring.where(i, names.get(i)), layers.get(i).kind(), layers.get(i).inputCount(), inputTensors.get(i).size());
        }
        Wiring.checkReachesOutput(names, inputTensors);
        List<List<Integer>> consumers = Wiring.consumers(inputTensors);
        List<Shape> shapes = new ArrayList<>(List.of(inputShape));
        List<ActivationType> types = new ArrayList<>(List.of(inputType));
        int lastRequantizing = -1;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String where = Wiring.where(i, layer.name());
            List<Shape> inShapes = inputTensors.get(i).stream().map(shapes::get).toList();
            List<ActivationType> inTypes = inputTensors.get(i).stream().map(types::get).toList();
            try {
                shapes.add(layer.outputShape(inShapes));
            } catch (IllegalArgumentException e) {
                throw new ModelException(where, e.getMessage());
            }
            checkDimensions(where + " output", shapes.get(i + 1));
            types.add(layer.outputType(inTypes));
            if (layer.requantizes()) {
                lastRequantizing = i;
            }
        }
        if (layers.stream().noneMatch(l -> l instanceof WeightedLayer)) {
            throw new ModelException("layers", "must contain at least one conv2d or dense layer");
        }
        List<LayerInfo> infos = new ArrayList<>();
        long totalWeights = 0;
        largestTensorElements = inputShape.size();
        activationElements = inputShape.size();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String where = Wiring.where(i, layer.name());
            List<Integer> reads = inputTensors.get(i);
            List<Shape> inShapes = reads.stream().map(shapes::get).toList();
            List<ActivationType> inTypes = reads.stream().map(types::get).toList();
            int fanIn = 0;
            long binaryWeights = 0;
            long packedBytes = 0;
            long binaryMacs = 0;
            if (layer instanceof WeightedLayer w) {
                fanIn = w.fanIn(inShapes.get(0));
                binaryWeights = w.weights().binaryWeightCount();
                packedBytes = w.weights().packedBytes();
                binaryMacs = w.binaryMacs(inShapes.get(0));
            }
            if (layer.requantizes()) {
                for (int k = 0; k < reads.size(); k++) {
                    int bits = types.get(reads.get(k)).bits();
                    if (bits > ActivationType.MAX_DOT_INPUT_BITS) {
                        throw new ModelException(where, "input \"" + layerInputs.get(i).get(k) + "\" is " + bits + " bits wide; "
                                + layer.kind() + " reads at most " + ActivationType.MAX_DOT_INPUT_BITS + "-bit tensors");
                    }
                }
                if (fanIn > Limits.FAN_IN) {
                    throw new ModelException(where, "fan-in " + fanIn + " exceeds the limit of " + Limits.FAN_IN);
                }
                if (i != lastRequantizing && types.get(i + 1).bits() > ActivationType.MAX_DOT_INPUT_BITS) {
                    throw new ModelException(where + ".output.bits", "hidden activations may be at most "
                            + ActivationType.MAX_DOT_INPUT_BITS + " bits, got " + types.get(i + 1).bits());
                }
                if (requantMode == RequantMode.SHIFT && !layer.isMultiplierFree()) {
                    throw new ModelException(where + ".requant", "requantMode is \"shift\" but a multiplier is not +-2^k");
                }
            }
            totalWeights += binaryWeights;
            if (totalWeights > Limits.BINARY_WEIGHTS) {
                throw new ModelException(where, "the model exceeds the limit of " + Limits.BINARY_WEIGHTS + " binary weights");
            }
            Shape out = shapes.get(i + 1);
            largestTensorElements = Math.max(largestTensorElements, out.size());
            activationElements += out.size();
            infos.add(new LayerInfo(i, layer, inShapes.get(0), inTypes.get(0), out, types.get(i + 1), fanIn,
                    layer.accumulatorBits(inShapes, inTypes), binaryWeights, packedBytes, binaryMacs, reads, inShapes, inTypes,
                    consumers.get(i + 1)));
        }
        if (activationBytes() > Limits.ACTIVATION_BYTES) {
            throw new ModelException("layers", "the model needs " + Limits.bytes(activationBytes()) + " of activations (input and "
                    + "every layer's output, 4 bytes per value; largest tensor " + Limits.bytes(largestTensorElements * Integer.BYTES)
                    + "), above the limit of " + Limits.bytes(Limits.ACTIVATION_BYTES));
        }
        if (!shapes.get(layers.size()).isFlat()) {
            throw new ModelException("layers", "the last layer must produce a flat vector of class scores, got " + shapes.get(layers.size()));
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

    /** The input tensor's name ({@value #DEFAULT_INPUT_NAME} for chains and version 1 files). */
    public String inputName() {
        return inputName;
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

    /** The names of the tensors layer {@code layer} reads, in order. */
    public List<String> inputsOf(int layer) {
        return layerInputs.get(layer);
    }

    /** True when layer 0 reads the input and every other layer reads exactly the layer before it. */
    public boolean isChain() {
        for (LayerInfo info : plan) {
            if (!info.inputTensors().equals(List.of(info.index()))) {
                return false;
            }
        }
        return true;
    }

    /** The name of tensor {@code t}: 0 is the input, {@code i+1} is layer i's output. */
    public String tensorName(int tensor) {
        return tensor == 0 ? inputName : layers.get(tensor - 1).name();
    }

    /** Each layer with its inputs, shapes, types, consumers, fan-in and accumulator width. */
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
        return new Network(name, p, inputName, inputShape, inputType, requantMode, layers, layerInputs, labels);
    }

    /** The class labels (one per logit), empty when the model has none. */
    public List<String> labels() {
        return labels;
    }

    /** The same network with class labels ({@code List.of()} for none). */
    public Network withLabels(List<String> newLabels) {
        return new Network(name, provenance, inputName, inputShape, inputType, requantMode, layers, layerInputs, newLabels);
    }

    /** The same wiring with other layers of the same names (e.g. changed weights). */
    public Network withLayers(List<Layer> newLayers) {
        return new Network(name, provenance, inputName, inputShape, inputType, requantMode, newLayers, layerInputs, labels);
    }

    public Outputs infer(int[] input) {
        return infer(input, false);
    }

    /** Runs the reference; with {@code keepLayerOutputs} every layer's output tensor is returned too (index i = layer i). */
    public Outputs infer(int[] input, boolean keepLayerOutputs) {
        if (input.length != inputShape.size()) {
            throw new IllegalArgumentException("input has " + input.length + " values, the model expects " + inputShape.size());
        }
        for (int i = 0; i < input.length; i++) {
            if (!inputType.contains(input[i])) {
                throw new IllegalArgumentException("input[" + i + "] = " + input[i] + " is outside " + inputType);
            }
        }
        int[][] tensors = new int[layers.size() + 1][];
        tensors[0] = input;
        for (LayerInfo info : plan) {
            List<int[]> in = info.inputTensors().stream().map(t -> tensors[t]).toList();
            tensors[info.index() + 1] = info.layer().forward(in, info.inputShapes(), info.inputTypes());
            if (!keepLayerOutputs) {
                for (int t : info.inputTensors()) {
                    if (t > 0 && lastReader(t) == info.index()) {
                        tensors[t] = null; // no later layer reads it
                    }
                }
            }
        }
        int[] logits = tensors[layers.size()];
        List<int[]> kept = keepLayerOutputs ? List.of(tensors).subList(1, tensors.length) : List.of();
        return new Outputs(argmax(logits), logits, kept);
    }

    private int lastReader(int tensor) {
        List<Integer> readers = plan.get(tensor - 1).consumers();
        return readers.get(readers.size() - 1);
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
