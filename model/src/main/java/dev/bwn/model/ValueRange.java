package dev.bwn.model;

/**
 * A closed range of integers {@code min..max}: the values an activation type holds, the terms of a dot product, the
 * sums a layer accumulates. The one place where accumulator ranges and the widths that hold them are derived.
 */
public record ValueRange(long min, long max) {
    public ValueRange {
        if (min > max) {
            throw new IllegalArgumentException("empty range " + min + ".." + max);
        }
    }

    /** Every value of {@code type}. */
    public static ValueRange of(ActivationType type) {
        return new ValueRange(type.min(), type.max());
    }

    /** The term {@code s*x} of a binary dot product, {@code s = +-1}: {@code [min(xmin, -xmax), max(xmax, -xmin)]}. */
    public static ValueRange binaryTerm(ActivationType input) {
        return new ValueRange(Math.min(input.min(), -input.max()), Math.max(input.max(), -input.min()));
    }

    /** The sum of {@code count} values of this range (exact, throws {@link ArithmeticException} on 64-bit overflow). */
    public ValueRange sumOf(long count) {
        return new ValueRange(Math.multiplyExact(min, count), Math.multiplyExact(max, count));
    }

    /** Every {@code x * factor} for x in this range. */
    public ValueRange times(long factor) {
        long a = Math.multiplyExact(min, factor);
        long b = Math.multiplyExact(max, factor);
        return new ValueRange(Math.min(a, b), Math.max(a, b));
    }

    /** Every {@code x + y} for x in this range and y in {@code other}. */
    public ValueRange plus(ValueRange other) {
        return new ValueRange(Math.addExact(min, other.min), Math.addExact(max, other.max));
    }

    public ValueRange plus(long offset) {
        return new ValueRange(Math.addExact(min, offset), Math.addExact(max, offset));
    }

    /** The smallest range holding both. */
    public ValueRange union(ValueRange other) {
        return new ValueRange(Math.min(min, other.min), Math.max(max, other.max));
    }

    /** The smallest B with {@code -2^(B-1) <= min} and {@code max <= 2^(B-1)-1}: a signed width that holds the range. */
    public int signedBits() {
        int bits = 1;
        while (bits < 64 && (-(1L << (bits - 1)) > min || (1L << (bits - 1)) - 1 < max)) {
            bits++;
        }
        return bits;
    }

    @Override
    public String toString() {
        return min + ".." + max;
    }
}
