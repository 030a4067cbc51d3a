package dev.bwn.model;

/**
 * An integer activation type: {@code bits} wide, two's complement when {@code signed}.
 * The clamp to {@link #min()}..{@link #max()} after requantization is the only nonlinearity
 * (an unsigned type is a ReLU with saturation).
 */
public record ActivationType(int bits, boolean signed) {
    public static final int MIN_BITS = 2;
    /** Widest activation that may feed a dot product (keeps accumulators below 2^34). */
    public static final int MAX_DOT_INPUT_BITS = 16;
    /** Widest output of the last weighted layer (the logits). */
    public static final int MAX_LOGIT_BITS = 32;
    public static final ActivationType UINT8 = new ActivationType(8, false);

    public ActivationType {
        if (bits < MIN_BITS || bits > MAX_LOGIT_BITS) {
            throw new IllegalArgumentException("activation bits must be in " + MIN_BITS + ".." + MAX_LOGIT_BITS + ", got " + bits);
        }
        if (!signed && bits == MAX_LOGIT_BITS) {
            // Every value must fit the int32 that backends (and the C API's logits) store it in.
            throw new IllegalArgumentException("unsigned activations may be at most " + (MAX_LOGIT_BITS - 1) + " bits wide, got 32");
        }
    }

    public long min() {
        return signed ? -(1L << (bits - 1)) : 0L;
    }

    public long max() {
        return signed ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
    }

    public boolean contains(long value) {
        return value >= min() && value <= max();
    }

    /** Short C-like spelling, e.g. {@code u8}, {@code s16}. */
    public String label() {
        return (signed ? "s" : "u") + bits;
    }

    @Override
    public String toString() {
        return label();
    }
}
