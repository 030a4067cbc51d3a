package dev.bwn.codegen.verilog;

/**
 * The iCE40 UP5K's single-port RAMs, {@code SB_SPRAM256KA}: 16,384 words of 16 bits each, one read or write per
 * clock, registered output (yosys' ice40/cells_sim.v: with CHIPSELECT high and WREN low, DATAOUT takes mem[ADDRESS]
 * on the rising clock edge; with WREN high the masked nibbles are written and DATAOUT becomes undefined). The bitstream
 * cannot initialise them, so weights kept there are loaded from SPI flash at start-up (flash_loader.v.ftl). A ROM of
 * width W and depth D takes ceil(W/16) columns side by side times ceil(D/16384) rows of blocks; a block is never shared
 * by two stages, because each stage reads its weights on every cycle of its walk and a single port cannot serve two
 * readers at once.
 */
public final class Sprams {
    public static final int WORD_BITS = 16;
    public static final int WORDS = 16384;
    public static final int ADDRESS_BITS = 14;
    /** Under {@link WeightMemory#AUTO}, a weight ROM of at least this many bits (16 EBRs' worth) goes to SPRAM. */
    public static final long AUTO_THRESHOLD_BITS = 16L * 4096;

    private Sprams() {
    }

    public static int columns(int width) {
        return Bits.ceilDiv(width, WORD_BITS);
    }

    public static int rows(int depth) {
        return Bits.ceilDiv(depth, WORDS);
    }

    public static int blocks(int width, int depth) {
        return columns(width) * rows(depth);
    }
}
