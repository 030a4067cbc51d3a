package dev.bwn.codegen.verilog;

/**
 * An element that carries a tensor's beats on unchanged (a fork, a skip FIFO): each output beat is the input beat of
 * the same index, and it writes no tensor of its own.
 */
public sealed interface Plumbing extends StreamElement permits StreamFork, SkipFifo {
    /** Bits of every beat, in and out. */
    int bits();

    @Override
    default int outputBits() {
        return bits();
    }

    @Override
    default StreamGraph.TensorLink tensorLink(int link) {
        return null;
    }

    @Override
    default long lastInputBeat(int input, long beat) {
        return beat;
    }

    @Override
    default long outputBeats() {
        return -1;
    }
}
