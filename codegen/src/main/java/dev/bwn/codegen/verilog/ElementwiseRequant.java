package dev.bwn.codegen.verilog;

import dev.bwn.model.ActivationType;
import dev.bwn.model.RescaledSum;
import dev.bwn.model.ValueRange;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-channel arithmetic ({@link RescaledSum}) of an elementwise stage ({@code add}, {@code globalavgpool}), one channel per cycle:
 * {@code y = clamp((sum_k x_k * m_k[c] + bias[c] + round(shift[c])) >>> shift[c])}, the rounding folded into the
 * offset as the reference does. Every width is derived here once from the value ranges of the terms, so the templates
 * only print names and numbers. In the multiplier-free form ({@code requantMode "shift"}, every m = +-2^k) each
 * product is a shift and a negation.
 *
 * @param terms      value range of each input term (an activation, or a per-channel sum)
 * @param multipliers [term][channel]
 */
public record ElementwiseRequant(List<ValueRange> terms, int[][] multipliers, long[] bias, int[] shift,
                                 ActivationType output) {
    /** Multipliers are within +-32767: 16 signed bits. */
    public static final int MULTIPLIER_BITS = 16;
    /** A power-of-two multiplier is at most 2^14: 4 bits of exponent. */
    public static final int POWER_BITS = 4;

    public ElementwiseRequant {
        terms = List.copyOf(terms);
    }

    /** The arithmetic of {@code sum} for terms within {@code terms}. */
    static ElementwiseRequant of(List<ValueRange> terms, RescaledSum sum, ActivationType output) {
        return new ElementwiseRequant(terms, sum.multipliers(), sum.bias(), sum.shift(), output);
    }

    public int channels() {
        return bias.length;
    }

    /** The model's arithmetic these widths are derived from: its ranges, offsets and form are defined there once. */
    private RescaledSum arithmetic() {
        return new RescaledSum(multipliers, bias, shift);
    }

    public boolean multiplierFree() {
        return arithmetic().isMultiplierFree();
    }

    /** Bias plus the rounding of the shift: what the sum adds besides the products. */
    public long offset(int channel) {
        return arithmetic().offset(channel);
    }

    /** Signed width of term k as the datapath holds it (an unsigned value gains a zero sign bit). */
    public int termBits(int k) {
        return terms.get(k).signedBits();
    }

    /**
     * Signed width of term k's multiplier as synthesis sees it: {@link #MULTIPLIER_BITS} from the per-channel table, or
     * with one channel the constant's own width (yosys narrows a constant operand before mapping the multiply).
     */
    public int multiplierBits(int k) {
        if (channels() > 1) {
            return MULTIPLIER_BITS;
        }
        int m = multipliers[k][0];
        return Bits.signedBits(Math.min(0, m), Math.max(0, m));
    }

    /** Signed width of the product of term k and a multiplier. */
    public int productBits(int k) {
        return termBits(k) + MULTIPLIER_BITS;
    }

    /** Width of the sum, the shifted sum and the clamp: every sum and the output range fit. */
    public int sumBits() {
        ValueRange all = arithmetic().range(terms);
        int outBits = new ValueRange(output.min(), output.max()).signedBits();
        // every term enters the sum at full width: sign-extended into the sum in the multiplier-free form (an
        // unsigned term with a negative offset can be wider than the sum's own range), into its product otherwise
        int products = 0;
        for (int k = 0; k < terms.size(); k++) {
            products = Math.max(products, multiplierFree() ? termBits(k) : productBits(k));
        }
        return Math.max(Math.max(all.signedBits(), outBits), products);
    }

    public int shiftBits() {
        int max = 0;
        for (int s : shift) {
            max = Math.max(max, s);
        }
        return Bits.unsignedBits(max);
    }

    public int channelBits() {
        return Bits.unsignedBits(channels() - 1);
    }

    /** Exponent of a power-of-two multiplier. */
    static int power(int m) {
        return Integer.numberOfTrailingZeros(Math.abs(m));
    }

    /** One line per channel of the parameter table, a Verilog case item setting every parameter register. */
    public List<String> parameterCases() {
        int sb = sumBits();
        List<String> lines = new ArrayList<>();
        for (int c = 0; c < channels(); c++) {
            StringBuilder b = new StringBuilder();
            b.append(Bits.unsignedLiteral(channelBits(), c)).append(": begin");
            for (int k = 0; k < terms.size(); k++) {
                int m = multipliers[k][c];
                if (multiplierFree()) {
                    b.append(" negate_").append(k).append(" = 1'b").append(m < 0 ? 1 : 0).append(';');
                    b.append(" power_").append(k).append(" = ").append(Bits.unsignedLiteral(POWER_BITS, power(m))).append(';');
                } else {
                    b.append(" multiplier_").append(k).append(" = ").append(Bits.signedLiteral(MULTIPLIER_BITS, m)).append(';');
                }
            }
            b.append(" offset = ").append(Bits.signedLiteral(sb, offset(c))).append(';');
            b.append(" shift = ").append(Bits.unsignedLiteral(shiftBits(), shift[c])).append("; end");
            lines.add(b.toString());
        }
        return lines;
    }

    /** What the parameter registers hold for channels past the last (never read): zeros. */
    public String parameterDefault() {
        StringBuilder b = new StringBuilder("default: begin");
        for (int k = 0; k < terms.size(); k++) {
            if (multiplierFree()) {
                b.append(" negate_").append(k).append(" = 1'b0;");
                b.append(" power_").append(k).append(" = ").append(Bits.unsignedLiteral(POWER_BITS, 0)).append(';');
            } else {
                b.append(" multiplier_").append(k).append(" = ").append(Bits.signedLiteral(MULTIPLIER_BITS, 0)).append(';');
            }
        }
        b.append(" offset = ").append(Bits.signedLiteral(sumBits(), 0)).append(';');
        b.append(" shift = ").append(Bits.unsignedLiteral(shiftBits(), 0)).append("; end");
        return b.toString();
    }

    /**
     * The output: the {@code sumBits}-wide signed {@code shifted} clamped to the output type, as saturation (the bits
     * above the output against the sign) rather than two wide comparisons, as the weighted stages' requantizers do.
     */
    public String outputExpression() {
        return RequantView.saturation(output, sumBits());
    }

    /**
     * LUTs of the datapath and its control, fitted to yosys 0.23 {@code synth_ice40} on random graphs
     * ({@code GraphSynthesisTest}): with one channel every parameter is a constant and little more than the sum and
     * the saturation remain; otherwise the sum's carry chain, the shift-and-negate products (multiplier-free form;
     * the multiplies go to DSP blocks), the variable arithmetic shift, the saturation, the per-cycle channel select of
     * the inputs ({@code laneBits}: bits of one channel of all inputs) and the parameter table. With multiplies of
     * signed operands, {@code ice40_dsp} folds the sum of the products into the SB_MAC16 blocks' own adders, so only
     * the multiplier-free form has a sum chain. The saturation replaced a clamp by two comparisons, a second carry
     * chain: on GraphSynthesisTest's 33 elements yosys went from 2,587 to 2,300 LUTs, the 287 fewer that the
     * saturation model predicts in sum (304).
     */
    int luts(int laneBits) {
        int sb = sumBits();
        int sumChain = multiplierFree() ? sb : 0;
        int saturation = RequantView.saturationLuts(output, sb);
        if (channels() == 1) {
            return sumChain + saturation + 2 * output.bits() + 8;
        }
        return sumChain + saturation + (multiplierFree() ? terms.size() * sb : 0) + sb * shiftBits() / 2
                + laneBits * channels() / 2 + 22;
    }

    /** Requantization multipliers (DSP blocks): one per term unless the multiplier-free form. */
    int multipliersUsed() {
        return multiplierFree() ? 0 : terms.size();
    }
}
