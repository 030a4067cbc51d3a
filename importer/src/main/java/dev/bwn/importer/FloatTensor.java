package dev.bwn.importer;

import java.util.Arrays;

/** A float32 tensor in row-major order: a constant of the graph (initializer or folded) or one activation. */
record FloatTensor(int[] dims, float[] values) {

    static FloatTensor scalar(float value) {
        return new FloatTensor(new int[0], new float[]{value});
    }

    /** The product of the dimensions, saturating at Long.MAX_VALUE so that no product of dimensions can wrap around. */
    static long elements(int[] dims) {
        long n = 1;
        for (int d : dims) {
            if (d != 0 && n > Long.MAX_VALUE / d) {
                return Long.MAX_VALUE;
            }
            n *= d;
        }
        return n;
    }

    int rank() {
        return dims.length;
    }

    int size() {
        return values.length;
    }

    /** The single value of a tensor with one element, whatever its rank. */
    float only(String what) {
        if (values.length != 1) {
            throw new IllegalArgumentException(what + " must hold one value, holds " + values.length);
        }
        return values[0];
    }

    String shapeText() {
        return Arrays.toString(dims);
    }
}
