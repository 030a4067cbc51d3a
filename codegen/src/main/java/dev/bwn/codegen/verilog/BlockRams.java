package dev.bwn.codegen.verilog;

/**
 * How many iCE40 4-kbit EBRs a memory of {@code width} x {@code depth} takes, choosing the best of the four aspect
 * ratios (256x16, 512x8, 1024x4, 2048x2). Only tiny memories stay in logic: yosys builds a ROM in logic from mux
 * trees at about half a LUT per bit and a RAM at about a LUT and a flip-flop per bit (measured with yosys 0.23
 * synth_ice40), so from {@link #MIN_BITS_FOR_BLOCK_RAM} bits on a 4-kbit block is the cheaper home.
 */
public final class BlockRams {
    /** Below this many bits a ROM is cheaper as LUTs; see {@link VerilogLowering} for how ROMs are declared. */
    public static final int MIN_BITS_FOR_BLOCK_RAM = 256;
    private static final int[][] ASPECTS = {{16, 256}, {8, 512}, {4, 1024}, {2, 2048}};

    private BlockRams() {
    }

    public static int blocks(int width, int depth) {
        int best = Integer.MAX_VALUE;
        for (int[] aspect : ASPECTS) {
            best = Math.min(best, Bits.ceilDiv(width, aspect[0]) * Bits.ceilDiv(depth, aspect[1]));
        }
        return best;
    }

    /** Whether a memory of this size is placed in block RAM (true) or built from logic (false). */
    public static boolean inBlockRam(int width, int depth) {
        return (long) width * depth >= MIN_BITS_FOR_BLOCK_RAM;
    }

    /** LUTs of a ROM built in logic (mux trees over constants, which synthesis shares heavily). */
    public static int romLuts(int width, int depth) {
        return Math.max(1, width * depth / 4);
    }

    /** LUTs of a RAM built in logic (write decode and read mux); it also takes a flip-flop per bit. */
    public static int ramLuts(int width, int depth) {
        return width * depth * 19 / 20;
    }
}
