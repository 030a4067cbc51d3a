package dev.bwn.model;

import java.util.List;

/**
 * A layer placed in its network: the tensors it reads, the shapes and types around it and the figures derived
 * from them. Tensor 0 is the network input and tensor {@code i+1} is layer {@code i}'s output.
 * {@code inputShape}/{@code inputType} are those of the FIRST input. {@code fanIn}, {@code binaryWeights} and
 * {@code binaryMacs} are 0 for layers without weights; {@code accumulatorBits} is the signed width of the sum a layer
 * requantizes (dot product, add, global pool sum) and 0 for max-pool and flatten. {@code consumers} are the indices
 * of the later layers that read this layer's tensor (empty only for the last layer).
 */
public record LayerInfo(int index, Layer layer, Shape inputShape, ActivationType inputType, Shape outputShape,
                        ActivationType outputType, int fanIn, int accumulatorBits, long binaryWeights, long packedBytes,
                        long binaryMacs, List<Integer> inputTensors, List<Shape> inputShapes, List<ActivationType> inputTypes,
                        List<Integer> consumers) {

    public LayerInfo {
        inputTensors = List.copyOf(inputTensors);
        inputShapes = List.copyOf(inputShapes);
        inputTypes = List.copyOf(inputTypes);
        consumers = List.copyOf(consumers);
    }

    public boolean weighted() {
        return layer instanceof WeightedLayer;
    }
}
