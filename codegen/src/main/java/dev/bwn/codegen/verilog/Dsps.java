package dev.bwn.codegen.verilog;

/**
 * The UP5K's SB_MAC16 blocks as {@code synth_ice40 -dsp} (yosys 0.23) fills them: every {@code $mul} at least
 * {@link #MIN_OPERAND_BITS} by {@link #MIN_OPERAND_BITS} bits with a product of at least {@link #MIN_PRODUCT_BITS}
 * goes to DSP blocks, split by {@code mul2dsp.v} into 16-bit slices of the wider operand (and then of the other) with
 * the partial products summed in logic; a slice narrower than {@link #MIN_OPERAND_BITS} stays in logic. yosys has no
 * budget: a design with more multipliers than the device has blocks is placed by nobody (nextpnr stops at the first
 * block too many), so the count is a hard limit, checked with yosys by YosysSynthesisTest and GraphSynthesisTest.
 */
public final class Dsps {
    public static final int BLOCK_BITS = 16;
    public static final int MIN_OPERAND_BITS = 2;
    public static final int MIN_PRODUCT_BITS = 11;

    private Dsps() {
    }

    /** DSP blocks, and LUTs of the logic around them (or of the whole multiplier where no block takes it). */
    public record Cost(int dsps, int luts) {
        Cost plus(Cost o) {
            return new Cost(dsps + o.dsps, luts + o.luts);
        }

        Cost times(int n) {
            return new Cost(dsps * n, luts * n);
        }
    }

    /** A signed {@code a} x {@code b} multiply with a {@code productBits}-bit result, on a device with DSP blocks. */
    public static Cost multiply(int a, int b, int productBits) {
        int wide = Math.max(a, b);
        int narrow = Math.min(a, b);
        if (narrow < MIN_OPERAND_BITS || productBits < MIN_PRODUCT_BITS) {
            return new Cost(0, a * b); // a soft multiplier: an array of LUTs
        }
        if (wide <= BLOCK_BITS) {
            return new Cost(1, 0);
        }
        int slices = Bits.ceilDiv(wide - BLOCK_BITS, BLOCK_BITS);
        int last = wide - slices * BLOCK_BITS;
        Cost full = multiply(BLOCK_BITS, narrow, Math.min(productBits, narrow + BLOCK_BITS));
        // each slice's partial product is shifted and added to the sum so far: one product-wide adder per slice
        return full.times(slices).plus(multiply(last, narrow, narrow + last)).plus(new Cost(0, slices * productBits));
    }

    /** The same multiply on {@code device}: in LUTs alone where it has no DSP blocks. */
    public static Cost multiply(Device device, int a, int b, int productBits) {
        return device.dsps() == 0 ? new Cost(0, a * b) : multiply(a, b, productBits);
    }
}
