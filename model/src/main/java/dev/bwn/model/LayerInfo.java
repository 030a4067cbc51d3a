package dev.bwn.model;

/**
 * A layer placed in its network: the shapes and types around it and the figures derived from them.
 * {@code accumulatorBits}, {@code fanIn}, {@code binaryWeights} and {@code binaryMacs} are 0 for layers without weights.
 */
public record LayerInfo(int index, Layer layer, Shape inputShape, ActivationType inputType, Shape outputShape,
                        ActivationType outputType, int fanIn, int accumulatorBits, long binaryWeights, long packedBytes,
                        long binaryMacs) {

    public boolean weighted() {
        return layer instanceof WeightedLayer;
    }
}
