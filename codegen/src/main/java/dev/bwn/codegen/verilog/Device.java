package dev.bwn.codegen.verilog;

import java.util.Locale;

/**
 * A resource budget the automatic folding fits into. Logic cells are iCE40 LUT4+flip-flop cells, block RAMs are
 * 4 kbit EBRs, SPRAMs the UP5K's 256 kbit {@code SB_SPRAM256KA} single-port RAMs (16K x 16 bit), DSPs its SB_MAC16
 * blocks; {@code generic} has no device behind it and uses a moderate budget so designs stay simulation-friendly.
 */
public enum Device {
    UP5K("up5k", 5280, 30, 4, 8),
    HX8K("hx8k", 7680, 32, 0, 0),
    GENERIC("generic", 20000, 96, 0, 0);

    private final String spelling;
    private final int logicCells;
    private final int blockRams;
    private final int sprams;
    private final int dsps;

    Device(String spelling, int logicCells, int blockRams, int sprams, int dsps) {
        this.spelling = spelling;
        this.logicCells = logicCells;
        this.blockRams = blockRams;
        this.sprams = sprams;
        this.dsps = dsps;
    }

    public String spelling() {
        return spelling;
    }

    public int logicCells() {
        return logicCells;
    }

    public int blockRams() {
        return blockRams;
    }

    /** SB_SPRAM256KA blocks that can hold weights loaded from SPI flash at start-up. */
    public int sprams() {
        return sprams;
    }

    /** SB_MAC16 blocks that can take requantization multipliers out of the logic cells. */
    public int dsps() {
        return dsps;
    }

    public static Device parse(String s) {
        for (Device d : values()) {
            if (d.spelling.equals(s.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("device must be up5k, hx8k or generic, got \"" + s + "\"");
    }
}
