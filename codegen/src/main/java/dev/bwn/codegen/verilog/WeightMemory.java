package dev.bwn.codegen.verilog;

import java.util.Locale;

/**
 * Where the weight ROMs of conv2d and dense stages live. {@code EBR}: block RAM (or logic when tiny), initialised by
 * the bitstream, as always. {@code SPRAM}: every weight ROM in {@code SB_SPRAM256KA} blocks, loaded from SPI flash at
 * start-up ({@link Sprams}). {@code AUTO}: a ROM of at least {@link Sprams#AUTO_THRESHOLD_BITS} bits goes to SPRAM on a
 * device that has SPRAM, and when the block RAMs still run out, the next largest ROMs follow while that brings the
 * design nearer its budget ({@link VerilogLowering#lower}).
 */
public enum WeightMemory {
    AUTO, EBR, SPRAM;

    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WeightMemory parse(String s) {
        for (WeightMemory m : values()) {
            if (m.spelling().equals(s.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("must be auto, ebr or spram, got \"" + s + "\"");
    }
}
