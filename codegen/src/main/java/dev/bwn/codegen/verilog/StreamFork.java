package dev.bwn.codegen.verilog;

/**
 * One producer, several consumers: each consumer takes the beat when it is ready and a flag per consumer remembers it
 * ({@code out_valid[k] = in_valid && !taken[k]}, {@code in_ready = every (taken[k] || ready[k])}), so the producer
 * advances only when each consumer took the beat. (Readers cannot be asked to take a beat in the same cycle: a line
 * buffer is ready only after it has seen valid for a few cycles.) A branch that must run ahead gets a {@link SkipFifo}.
 */
public record StreamFork(String moduleName, String tensorName, int bits, int ways) implements StreamElement {
    @Override
    public StageEstimate estimate() {
        // per output a valid gate and the taken flag's next state; one AND of all for in_ready
        int luts = 3 * ways + Bits.ceilDiv(ways, 3);
        return new StageEstimate(0, 0, 0, luts, ways, 0, 0);
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
