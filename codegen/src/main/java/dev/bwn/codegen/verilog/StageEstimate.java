package dev.bwn.codegen.verilog;

/**
 * What a hardware layer is expected to cost and how fast it runs. {@code writeCycles} is the line-buffer writer's
 * cycles per image (one per stored word); {@code computeCycles} the window walk's issue slots per image (or serializer
 * beats when the parallel results outnumber the steps of a group); the two overlap, so the slower one is the layer's
 * {@link #cyclesPerImage()}. {@code latencyCycles} is the pipeline tail after the last issue. {@code luts} counts
 * iCE40 LUT4s, {@code flipFlops} the registers, {@code blockRams} 4-kbit EBRs, {@code multipliers} the
 * requantization multipliers (DSP blocks where the device has them), {@code sprams} the SB_SPRAM256KA blocks its
 * weights take when they live in SPRAM.
 */
public record StageEstimate(long writeCycles, long computeCycles, int latencyCycles, int luts, int flipFlops,
                            int blockRams, int multipliers, int sprams) {

    /** A stage without SPRAM. */
    public StageEstimate(long writeCycles, long computeCycles, int latencyCycles, int luts, int flipFlops, int blockRams,
                         int multipliers) {
        this(writeCycles, computeCycles, latencyCycles, luts, flipFlops, blockRams, multipliers, 0);
    }

    /** Cycles between images in steady state: the writer and the walker work side by side. */
    public long cyclesPerImage() {
        return Math.max(writeCycles, computeCycles);
    }

    public StageEstimate plus(StageEstimate o) {
        return new StageEstimate(writeCycles + o.writeCycles, computeCycles + o.computeCycles,
                latencyCycles + o.latencyCycles, luts + o.luts, flipFlops + o.flipFlops, blockRams + o.blockRams,
                multipliers + o.multipliers, sprams + o.sprams);
    }
}
