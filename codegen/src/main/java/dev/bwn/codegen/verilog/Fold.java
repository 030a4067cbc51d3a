package dev.bwn.codegen.verilog;

/**
 * How a hardware layer is folded: {@code pe} output channels computed in parallel (one dot-product unit each) and
 * {@code simd} input channels read per cycle (the width of each unit). For max-pool both are the number of channel
 * lanes. As in FINN, {@code pe} divides the output channels and {@code simd} the input channels, so no lane ever
 * idles on a partial group and the stream order stays a simple nest of loops.
 */
public record Fold(int pe, int simd) {
    public Fold {
        if (pe < 1 || simd < 1) {
            throw new IllegalArgumentException("pe and simd must be positive, got pe=" + pe + " simd=" + simd);
        }
    }

    public static final Fold SERIAL = new Fold(1, 1);

    @Override
    public String toString() {
        return "pe=" + pe + " simd=" + simd;
    }
}
