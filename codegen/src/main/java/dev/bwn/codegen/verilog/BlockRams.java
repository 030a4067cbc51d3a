package dev.bwn.codegen.verilog;

/**
 * How many iCE40 4-kbit EBRs a memory of {@code width} x {@code depth} takes, choosing the best of the four aspect
 * ratios (256x16, 512x8, 1024x4, 2048x2). Memories too small to be worth a block stay in logic: yosys maps a memory
 * to EBR only when it uses a reasonable part of one, so below {@link #MIN_BITS_FOR_BLOCK_RAM} it is counted as LUTs.
 */
public final class BlockRams {
    /** Below this many bits a ROM is cheaper as LUTs; see {@link VerilogLowering} for how ROMs are declared. */
    public static final int MIN_BITS_FOR_BLOCK_RAM = 1024;
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
}
