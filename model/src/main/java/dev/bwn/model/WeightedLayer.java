package dev.bwn.model;

import java.util.List;

/** A layer with binary weights, a dot product per output element, and requantization per output channel. */
public sealed interface WeightedLayer extends UnaryLayer permits Conv2d, Dense {
    BinaryWeights weights();

    Requant requant();

    /** The activation type this layer writes (its clamp range). */
    ActivationType output();

    int outputChannels();

    /** Number of binary weights per output element. */
    int fanIn(Shape input);

    /** Binary multiply-accumulates per inference. */
    long binaryMacs(Shape input);

    @Override
    default ActivationType outputType(ActivationType input) {
        return output();
    }

    @Override
    default boolean requantizes() {
        return true;
    }

    @Override
    default int accumulatorBits(List<Shape> inputShapes, List<ActivationType> inputTypes) {
        return accumulatorBits(fanIn(inputShapes.get(0)), inputTypes.get(0));
    }

    @Override
    default boolean isMultiplierFree() {
        return requant().isMultiplierFree();
    }

    /**
     * Signed width that holds every possible accumulator: each term s*x lies in
     * [min(xmin, -xmax), max(xmax, -xmin)], so the sum of {@code fanIn} terms cannot leave
     * [fanIn*lo, fanIn*hi]; the result is the smallest B with -2^(B-1) <= fanIn*lo and fanIn*hi <= 2^(B-1)-1.
     */
    static int accumulatorBits(int fanIn, ActivationType input) {
        return ValueRange.binaryTerm(input).sumOf(fanIn).signedBits();
    }
}
