package dev.bwn.codegen.c;

import dev.bwn.model.ActivationType;
import dev.bwn.model.BinaryWeights;
import dev.bwn.model.LayerInfo;
import dev.bwn.model.Requant;
import dev.bwn.model.RescaledSum;
import dev.bwn.model.RequantMode;
import dev.bwn.model.ValueRange;
import dev.bwn.model.WeightedLayer;

import java.util.ArrayList;
import java.util.List;

/**
 * Requantization in C (docs/SEMANTICS.md section 4) for every kind that requantizes: the constants, the product type
 * that holds every intermediate, and the shift-mode form without a multiply. All arithmetic the generated
 * requantization relies on is here.
 */
final class RequantC {
    static final int VALUES_PER_LINE = 8;

    private RequantC() {
    }

    /** Accumulator type: the layer's {@code accumulatorBits} (SEMANTICS.md section 3) rounded up to a C type. */
    static CType accumulatorType(int accumulatorBits) {
        return accumulatorBits <= 32 ? CType.INT32 : CType.INT64;
    }

    /** Largest |acc| a layer can produce (SEMANTICS.md section 3). */
    static long accumulatorMagnitude(int fanIn, ActivationType in) {
        ValueRange sums = ValueRange.binaryTerm(in).sumOf(fanIn);
        return Math.max(Math.abs(sums.min()), Math.abs(sums.max()));
    }

    /** {@code bias + 2^(shift-1)} (0 rounding for shift 0): the constant added before the shift in multiply mode. */
    static long roundedBias(Requant r, int channel) {
        return r.bias(channel) + Requant.rounding(r.shift(channel));
    }

    /**
     * Shift-mode constants for channel c with multiplier {@code sign * 2^k}. With {@code a = sign * acc} and
     * {@code C = bias + rounding}: {@code floor((a * 2^k + C) / 2^s)} equals
     * {@code floor((a + floor(C / 2^k)) / 2^(s-k))} when k <= s (the dropped low bits of C are below 2^k and cannot
     * carry into bit s), and {@code a * 2^(k-s) + floor(C / 2^s)} when k > s. So one offset, a left shift and a right
     * shift, one of them 0, replace the multiply. Returns {negate, left, right, offset}.
     */
    static long[] shiftModeConstants(Requant r, int channel) {
        return shiftModeConstants(r, channel, 0);
    }

    /**
     * As {@link #shiftModeConstants(Requant, int)} for an accumulator that misses a constant: the true accumulator is
     * {@code acc + correction}, and {@code correction * multiplier} joins the offset (exact, done here once).
     */
    static long[] shiftModeConstants(Requant r, int channel, long correction) {
        int m = r.multiplier(channel);
        int k = Integer.numberOfTrailingZeros(Math.abs(m));
        int s = r.shift(channel);
        long c = Math.addExact(roundedBias(r, channel), Math.multiplyExact(correction, (long) m));
        int common = Math.min(k, s);
        return new long[]{m < 0 ? 1 : 0, Math.max(0, k - s), Math.max(0, s - k), c >> common};
    }

    /** The shift-mode formula evaluated in Java, used by tests against {@link Requant#scale}. */
    static long shiftModeScale(Requant r, int channel, long acc) {
        return shiftModeScale(r, channel, acc, 0);
    }

    /** The shift-mode formula with a correction, evaluated in Java for tests. */
    static long shiftModeScale(Requant r, int channel, long acc, long correction) {
        long[] k = shiftModeConstants(r, channel, correction);
        long a = k[0] == 1 ? -acc : acc;
        return ((a << k[1]) + k[3]) >> k[2];
    }

    /**
     * What the lut4v kernel's {@code 2S - X} misses of channel c's dot product: {@code xmin * (2P - N)}, P the number of
     * +1 weights of the row, N the fan-in (0 for unsigned inputs). See {@link LanePlan}.
     */
    static long[] laneCorrections(LayerInfo info) {
        WeightedLayer w = (WeightedLayer) info.layer();
        BinaryWeights bw = w.weights();
        long[] k = new long[bw.rows()];
        for (int o = 0; o < bw.rows(); o++) {
            long plus = 0;
            for (int i = 0; i < bw.wordsPerRow(); i++) {
                plus += Integer.bitCount(bw.word(o, i));
            }
            k[o] = info.inputType().min() * (2 * plus - info.fanIn());
        }
        return k;
    }

    /**
     * Requantization {@code id_requant} of an accumulator of C type {@code acc} that delivers the true sum minus
     * {@code correction[c]} (nonzero only for lut4v on signed inputs), with |delivered accumulator| at most
     * {@code accMax}.
     */
    static CModel.Requant requant(String prefix, String id, RequantMode mode, Requant r, ActivationType output, CType acc,
                                  long[] correction, long accMax) {
        int channels = r.channels();
        long bound = 0;
        int maxShift = 0;
        boolean shiftMode = mode == RequantMode.SHIFT;
        List<Long> negate = new ArrayList<>();
        List<Long> left = new ArrayList<>();
        List<Long> right = new ArrayList<>();
        List<Long> offset = new ArrayList<>();
        List<Long> mult = new ArrayList<>();
        List<Long> shift = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            if (shiftMode) {
                long[] k = shiftModeConstants(r, c, correction[c]);
                negate.add(k[0]);
                left.add(k[1]);
                right.add(k[2]);
                offset.add(k[3]);
                bound = Math.max(bound, Math.addExact(Math.multiplyExact(accMax, 1L << k[1]), Math.abs(k[3])));
                maxShift = (int) Math.max(maxShift, Math.max(k[1], k[2]));
            } else {
                long rb = Math.addExact(roundedBias(r, c), Math.multiplyExact(correction[c], (long) r.multiplier(c)));
                mult.add((long) r.multiplier(c));
                shift.add((long) r.shift(c));
                offset.add(rb);
                bound = Math.max(bound, Math.addExact(Math.multiplyExact(accMax, Math.abs(r.multiplier(c))), Math.abs(rb)));
                maxShift = Math.max(maxShift, r.shift(c));
            }
        }
        CType product = productType(bound, maxShift);
        List<CModel.Helper> helpers = shiftHelpers(prefix, product, shiftMode);
        String len = CLiterals.unsigned(channels);
        CModel.ConstArray offsetArray = constArray(prefix, id + "_offset", product, len, offset);
        String outType = CType.storage(output).spelling();
        String outMin = clampMin(output, product);
        String outMax = clampMax(output, product);
        if (shiftMode) {
            return new CModel.Requant("shift", id + "_requant", acc.spelling(), product.spelling(), outType, outMin, outMax,
                    helpers.get(0).function(), helpers.get(1).function(), null, offsetArray, null,
                    constArray(prefix, id + "_negate", CType.UINT8, len, negate), constArray(prefix, id + "_left", CType.UINT8, len, left),
                    constArray(prefix, id + "_right", CType.UINT8, len, right), helpers);
        }
        return new CModel.Requant("multiply", id + "_requant", acc.spelling(), product.spelling(), outType, outMin, outMax,
                helpers.get(0).function(), null, constArray(prefix, id + "_multiplier", CType.INT16, len, mult), offsetArray,
                constArray(prefix, id + "_shift", CType.UINT8, len, shift), null, null, null, helpers);
    }

    /**
     * Requantization {@code id_requant} of an elementwise kind's rescaled sum of inputs of types {@code inputs}: each
     * input scaled by its own multiplier (in shift mode, +-2^k: a negation and a left shift), plus
     * {@code bias + rounding}, then the shift. The product type holds every partial sum: the sum of |x_k*m_k| plus
     * |offset|. Input k is the function's parameter {@code a}, {@code b}, ... in order.
     */
    static CModel.SumRequant sumRequant(String prefix, String id, RequantMode mode, RescaledSum sum,
                                        List<ActivationType> inputs, ActivationType output) {
        int channels = sum.channels();
        boolean shiftMode = mode == RequantMode.SHIFT;
        long bound = 0;
        int maxShift = 0;
        for (int c = 0; c < channels; c++) {
            long terms = Math.abs(sum.offset(c));
            for (int k = 0; k < sum.terms(); k++) {
                int m = sum.multiplier(k, c);
                ValueRange term = ValueRange.of(inputs.get(k)).times(m);
                terms = Math.addExact(terms, Math.max(Math.abs(term.min()), Math.abs(term.max())));
                if (shiftMode) {
                    maxShift = Math.max(maxShift, Integer.numberOfTrailingZeros(Math.abs(m)));
                }
            }
            bound = Math.max(bound, terms);
            maxShift = Math.max(maxShift, sum.shift(c));
        }
        CType product = productType(bound, maxShift);
        List<CModel.Helper> helpers = shiftHelpers(prefix, product, shiftMode);
        String len = CLiterals.unsigned(channels);
        List<CModel.SumTerm> terms = new ArrayList<>();
        for (int k = 0; k < sum.terms(); k++) {
            List<Long> mult = new ArrayList<>();
            List<Long> negate = new ArrayList<>();
            List<Long> left = new ArrayList<>();
            for (int c = 0; c < channels; c++) {
                int m = sum.multiplier(k, c);
                mult.add((long) m);
                negate.add(m < 0 ? 1L : 0L);
                left.add((long) Integer.numberOfTrailingZeros(Math.abs(m)));
            }
            String argument = String.valueOf((char) ('a' + k));
            terms.add(shiftMode
                    ? new CModel.SumTerm(Integer.toString(k), argument, "t" + argument, null,
                            constArray(prefix, id + "_negate" + k, CType.UINT8, len, negate),
                            constArray(prefix, id + "_left" + k, CType.UINT8, len, left))
                    : new CModel.SumTerm(Integer.toString(k), argument, "t" + argument,
                            constArray(prefix, id + "_multiplier" + k, CType.INT16, len, mult), null, null));
        }
        List<Long> offset = new ArrayList<>();
        List<Long> shift = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            offset.add(sum.offset(c));
            shift.add((long) sum.shift(c));
        }
        return new CModel.SumRequant(shiftMode ? "shift" : "multiply", id + "_requant", product.spelling(),
                CType.storage(output).spelling(), clampMin(output, product), clampMax(output, product),
                helpers.get(0).function(), shiftMode ? helpers.get(1).function() : null, terms,
                constArray(prefix, id + "_offset", product, len, offset), constArray(prefix, id + "_shift", CType.UINT8, len, shift),
                helpers);
    }

    /** An int32_t product needs every intermediate below 2^31 and shifts below its width. */
    private static CType productType(long bound, int maxShift) {
        return bound <= Integer.MAX_VALUE && maxShift <= 30 ? CType.INT32 : CType.INT64;
    }

    /** The floor-shift helper, and in shift mode the left-shift helper, of the product type. */
    private static List<CModel.Helper> shiftHelpers(String prefix, CType product, boolean shiftMode) {
        CModel.ShiftHelper asr = new CModel.ShiftHelper(prefix + "_asr_" + product.suffix(), product.spelling(), false);
        if (!shiftMode) {
            return List.of(asr);
        }
        return List.of(asr, new CModel.ShiftHelper(prefix + "_shl_" + product.suffix(), product.spelling(), true));
    }

    /** A clamp the product type cannot exceed is left out (comparing against its own limit is a warning). */
    private static String clampMin(ActivationType output, CType product) {
        return output.min() <= product.min() ? null : CLiterals.signed(output.min(), product);
    }

    private static String clampMax(ActivationType output, CType product) {
        return output.max() >= product.max() ? null : CLiterals.signed(output.max(), product);
    }

    static CModel.ConstArray constArray(String prefix, String name, CType type, String length, List<Long> values) {
        List<String> literals = new ArrayList<>();
        for (long v : values) {
            literals.add(type.signed() ? CLiterals.signed(v, type) : CLiterals.unsigned(v));
        }
        return new CModel.ConstArray(name, type.spelling(), length, initializerLines(literals, VALUES_PER_LINE),
                (long) values.size() * type.bytes(), FlashData.read(prefix, type));
    }

    /** Comma-separated initializer lines, {@code perLine} values each, the last without a trailing comma. */
    static List<String> initializerLines(List<String> literals, int perLine) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < literals.size(); i += perLine) {
            List<String> chunk = literals.subList(i, Math.min(literals.size(), i + perLine));
            lines.add(String.join(", ", chunk) + (i + perLine < literals.size() ? "," : ""));
        }
        return lines;
    }
}
