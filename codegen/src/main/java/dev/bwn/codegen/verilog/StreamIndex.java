package dev.bwn.codegen.verilog;

/**
 * Where each element of an incoming stream lands in a lane-split buffer. Streams between layers carry one element
 * per beat in the order (channel group, pixel, member): the producer emits its {@code group} parallel channels of
 * one pixel together, so channel {@code c = g*group + member} of pixel {@code q} arrives at beat
 * {@code (g*pixels + q)*group + member}. The consumer stores channel c in lane {@code c % lanes} at address
 * {@code (c / lanes)*pixels + q}. The hardware follows both with counters, never a division or a multiplication.
 */
public record StreamIndex(int channels, int pixels, int group, int lanes) {
    public StreamIndex {
        if (channels % group != 0 || channels % lanes != 0) {
            throw new IllegalArgumentException("group " + group + " and lanes " + lanes + " must divide " + channels + " channels");
        }
    }

    public int elements() {
        return channels * pixels;
    }

    public int depth() {
        return channels / lanes * pixels;
    }

    public int addressBits() {
        return Bits.unsignedBits(depth() - 1);
    }

    public int laneBits() {
        return Bits.unsignedBits(lanes - 1);
    }

    public int memberBits() {
        return Bits.unsignedBits(group - 1);
    }

    public int pixelBits() {
        return Bits.unsignedBits(pixels - 1);
    }

    public int groups() {
        return channels / group;
    }

    public int groupBits() {
        return Bits.unsignedBits(groups() - 1);
    }

    /** Lane and address of the element arriving at {@code beat}; the reference the counters are tested against. */
    public int[] place(int beat) {
        int member = beat % group;
        int q = beat / group % pixels;
        int g = beat / group / pixels;
        int c = g * group + member;
        return new int[]{c % lanes, c / lanes * pixels + q};
    }
}
