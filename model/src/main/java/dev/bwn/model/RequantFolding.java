package dev.bwn.model;

import java.util.Arrays;

/**
 * Turns the float affine map a trained layer applies after its integer sum into integer requantization: the one place
 * where batch norm, weight scales and activation scales become multiplier, bias and shift. bwn's own trainer
 * ({@code IntegerExport}) and the ONNX importer both fold through here.
 *
 * <p>Scales follow one convention: a tensor's integer value is its float value times the tensor's scale S. A layer
 * whose float output is {@code y = k * sum + b}, where {@code sum} is the float dot product with weights +-1, reads
 * integers {@code x_int = x * S_in} and writes {@code y_int = y * S_out}, so {@code y_int = (k * S_out / S_in) * acc +
 * b * S_out}.
 */
public final class RequantFolding {
    private RequantFolding() {
    }

    /**
     * Per channel, {@code y_int = scale[c] * acc + offset[c]} as multiplier / 2^shift and bias / 2^shift.
     *
     * @throws IllegalArgumentException naming the channel when a scale or offset does not fit 16-bit multipliers and
     *                                  48-bit biases (or is not finite)
     */
    public static Requant perChannel(double[] scale, double[] offset) {
        int channels = scale.length;
        int[] multiplier = new int[channels];
        long[] bias = new long[channels];
        int[] shift = new int[channels];
        for (int c = 0; c < channels; c++) {
            long[] fixed;
            try {
                fixed = fixedPoint(scale[c], offset[c]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("channel " + c + ": " + e.getMessage(), e);
            }
            multiplier[c] = (int) fixed[0];
            bias[c] = fixed[1];
            shift[c] = (int) fixed[2];
        }
        return new Requant(multiplier, bias, shift);
    }

    /**
     * Batch norm {@code gamma * (z - mean) / sqrt(var + eps) + beta} applied to {@code z = weightScale[c] * sum +
     * preBias[c]} (a binary layer's per-channel weight magnitude and its own bias), folded for integer scales
     * {@code inScale} and {@code outScale}. The trainer passes weight scale 1 and bias 0.
     */
    public static Requant batchNorm(double[] weightScale, double[] preBias, double[] gamma, double[] beta, double[] mean,
                                    double[] variance, double epsilon, double inScale, double outScale) {
        int channels = gamma.length;
        double[] scale = new double[channels];
        double[] offset = new double[channels];
        for (int c = 0; c < channels; c++) {
            // the trainer's association of the products, so that its exports stay bit-identical
            double invStd = 1.0 / Math.sqrt(variance[c] + epsilon);
            scale[c] = gamma[c] * invStd * weightScale[c] * outScale / inScale;
            offset[c] = outScale * (beta[c] - gamma[c] * (mean[c] - preBias[c]) * invStd);
        }
        return perChannel(scale, offset);
    }

    /** {multiplier, bias, shift} with multiplier / 2^shift ~ scale and bias / 2^shift ~ offset, the largest shift that fits. */
    public static long[] fixedPoint(double scale, double offset) {
        if (!Double.isFinite(scale) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("scale " + scale + " / offset " + offset + " is not finite");
        }
        for (int s = Requant.MAX_SHIFT; s >= 0; s--) {
            double unit = Math.scalb(1.0, s);
            long m = Math.round(scale * unit);
            long b = Math.round(offset * unit);
            if (Math.abs(m) <= Requant.MAX_ABS_MULTIPLIER && Math.abs(b) <= Requant.MAX_ABS_BIAS) {
                return new long[]{m, b, s};
            }
        }
        throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                "scale %.6g / offset %.6g cannot be represented with a 16-bit multiplier and 48-bit bias", scale, offset));
    }

    /**
     * An add {@code y = x0 / inScale0 + x1 / inScale1} on the output scale: both multipliers share the largest shift
     * that keeps them within 32767, then common factors of two are taken out (equal scales give m = 1, shift 0).
     */
    public static Add add(String name, int channels, double inScale0, double inScale1, double outScale,
                          ActivationType output) {
        double[] ratios = {outScale / inScale0, outScale / inScale1};
        int shift = Requant.MAX_SHIFT;
        long[] m = new long[2];
        while (true) {
            for (int i = 0; i < 2; i++) {
                m[i] = Math.round(Math.scalb(ratios[i], shift));
            }
            if ((Math.abs(m[0]) <= Requant.MAX_ABS_MULTIPLIER && Math.abs(m[1]) <= Requant.MAX_ABS_MULTIPLIER) || shift == 0) {
                break;
            }
            shift--;
        }
        while (shift > 0 && m[0] % 2 == 0 && m[1] % 2 == 0) {
            m[0] /= 2;
            m[1] /= 2;
            shift--;
        }
        int[][] multipliers = {filled(channels, (int) m[0]), filled(channels, (int) m[1])};
        return new Add(name, multipliers, new long[channels], filled(channels, shift), output);
    }

    /** A global average pool's requantization: each channel's sum times {@code outScale / (inScale * positions)}. */
    public static Requant average(int channels, int positions, double inScale, double outScale) {
        long[] fixed = fixedPoint(outScale / (inScale * positions), 0);
        return new Requant(filled(channels, (int) fixed[0]), new long[channels], filled(channels, (int) fixed[2]));
    }

    private static int[] filled(int length, int value) {
        int[] array = new int[length];
        Arrays.fill(array, value);
        return array;
    }
}
