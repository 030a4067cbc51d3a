package dev.bwn.codegen.verilog;

/**
 * One producer, several consumers: a beat moves to every consumer in the same cycle, when all of them are ready
 * ({@code out_valid[k] = in_valid && every other ready}, {@code in_ready = every ready}), so the producer advances only
 * when each consumer took the beat. Pure wiring: a branch that must run ahead gets a {@link SkipFifo}.
 */
public record StreamFork(String moduleName, String tensorName, int bits, int ways) implements StreamElement {
    @Override
    public StageEstimate estimate() {
        // an AND of the other readies per output, and one of all for in_ready
        int luts = ways * Bits.ceilDiv(ways, 3) + Bits.ceilDiv(ways, 3);
        return new StageEstimate(0, 0, 0, luts, 0, 0, 0);
    }

    @Override
    public String summary() {
        return "fork of \"" + tensorName + "\" to " + ways + " consumers";
    }

    @Override
    public long lastInputBeat(int input, long beat) {
        return beat;
    }

    @Override
    public long outputBeats() {
        return -1;
    }

    @Override
    public int outputBits() {
        return bits;
    }

    @Override
    public StreamGraph.TensorLink tensorLink(int link) {
        return null;
    }
}
