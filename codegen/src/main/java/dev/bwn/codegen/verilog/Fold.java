package dev.bwn.codegen.verilog;

/**
 * How a hardware layer is folded: {@code pe} output channels computed in parallel (one dot-product unit each),
 * {@code simd} input channels read per cycle, and {@code taps} window positions (kernel taps) read per cycle, so each
 * unit sums {@code simd * taps} products per cycle. For max-pool pe and simd are both the number of channel lanes and
 * taps is 1. As in FINN, {@code pe} divides the output channels and {@code simd} the input channels, so no lane ever
 * idles on a partial group and the stream order stays a simple nest of loops; the taps of one cycle are consecutive
 * positions of a kernel row, or whole kernel rows ({@link KernelTaps}), the last step of a row or kernel masking the
 * taps that fall outside it.
 */
public record Fold(int pe, int simd, int taps) {
    public Fold {
        if (pe < 1 || simd < 1 || taps < 1) {
            throw new IllegalArgumentException("pe, simd and taps must be positive, got pe=" + pe + " simd=" + simd + " taps=" + taps);
        }
    }

    /** One window position per cycle. */
    public Fold(int pe, int simd) {
        this(pe, simd, 1);
    }

    public static final Fold SERIAL = new Fold(1, 1);

    public Fold withTaps(int newTaps) {
        return new Fold(pe, simd, newTaps);
    }

    @Override
    public String toString() {
        return "pe=" + pe + " simd=" + simd + (taps > 1 ? " taps=" + taps : "");
    }
}
