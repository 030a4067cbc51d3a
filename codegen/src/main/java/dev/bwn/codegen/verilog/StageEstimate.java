package dev.bwn.codegen.verilog;

/**
 * What a hardware layer is expected to cost and how long it keeps its input buffer per image. {@code loadCycles}
 * is one beat per input element; {@code computeCycles} is the window walk (issue slots, or serializer beats when the
 * parallel outputs outnumber the steps per pixel); {@code latencyCycles} is the pipeline tail after the last issue.
 * {@code luts} counts iCE40 LUT4s, {@code flipFlops} the registers, {@code blockRams} 4-kbit EBRs, {@code multipliers}
 * the requantization multipliers (DSP blocks where the device has them).
 */
public record StageEstimate(long loadCycles, long computeCycles, int latencyCycles, int luts, int flipFlops,
                            int blockRams, int multipliers) {

    /** Cycles the layer holds an image: it buffers a whole input, then walks it (single buffered). */
    public long occupancyCycles() {
        return loadCycles + computeCycles + latencyCycles;
    }

    public StageEstimate plus(StageEstimate o) {
        return new StageEstimate(loadCycles + o.loadCycles, computeCycles + o.computeCycles,
                latencyCycles + o.latencyCycles, luts + o.luts, flipFlops + o.flipFlops, blockRams + o.blockRams,
                multipliers + o.multipliers);
    }
}
