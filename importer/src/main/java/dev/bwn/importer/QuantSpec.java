package dev.bwn.importer;

import java.util.List;
import java.util.Locale;

/**
 * A QONNX {@code Quant} node (QONNX docs/qonnx-custom-ops/quant_op.md): {@code q = round(clamp(x / scale + zeropt,
 * min, max))}, {@code y = (q - zeropt) * scale}, with min and max from bit width, signed and narrow, and the rounding
 * modes of the specification's table (ROUND is half to even). Scale, zero point and bit width must be constants.
 */
record QuantSpec(OnnxNode node, FloatTensor scale, FloatTensor zeroPoint, int bits, boolean signed, boolean narrow,
                 String rounding) {

    static QuantSpec of(OnnxNode node, List<FloatTensor> constantInputs) {
        node.onlyAttributes("signed", "narrow", "rounding_mode");
        if (constantInputs.size() != 4 || constantInputs.subList(1, 4).contains(null)) {
            throw node.problem("needs constant scale, zero point and bit width inputs");
        }
        float bitWidth = constantInputs.get(3).only("the bit width");
        if (bitWidth != Math.rint(bitWidth) || bitWidth < 1 || bitWidth > 32) {
            throw node.problem("bit width " + bitWidth + " is not an integer in 1..32");
        }
        String rounding = node.stringAttribute("rounding_mode", "ROUND").toUpperCase(Locale.ROOT);
        if (!List.of("ROUND", "CEIL", "FLOOR", "UP", "DOWN", "HALF_UP", "HALF_DOWN").contains(rounding)) {
            throw node.problem("rounding mode " + rounding + " is not one of the specification's");
        }
        for (float s : constantInputs.get(1).values()) {
            if (!(s > 0) || !Float.isFinite(s)) {
                throw node.problem("scale " + s + " is not a positive number");
            }
        }
        return new QuantSpec(node, constantInputs.get(1), constantInputs.get(2), (int) bitWidth,
                node.intAttribute("signed", 1) != 0, node.intAttribute("narrow", 0) != 0, rounding);
    }

    long minInt() {
        if (!signed) {
            return 0;
        }
        return narrow ? -(1L << (bits - 1)) + 1 : -(1L << (bits - 1));
    }

    long maxInt() {
        if (!signed) {
            return narrow ? (1L << bits) - 2 : (1L << bits) - 1;
        }
        return (1L << (bits - 1)) - 1;
    }

    FloatTensor apply(FloatTensor x) {
        float min = minInt();
        float max = maxInt();
        FloatTensor shifted = ConstantFolding.Broadcast.apply(
                ConstantFolding.Broadcast.apply(x, scale, (v, s) -> v / s), zeroPoint, Float::sum);
        FloatTensor q = ConstantFolding.map(shifted, v -> round(Math.min(max, Math.max(min, v))));
        return ConstantFolding.Broadcast.apply(ConstantFolding.Broadcast.apply(q, zeroPoint, (v, z) -> v - z), scale,
                (v, s) -> v * s);
    }

    float round(float v) {
        double r = switch (rounding) {
            case "ROUND" -> Math.rint(v);
            case "CEIL" -> Math.ceil(v);
            case "FLOOR" -> Math.floor(v);
            case "UP" -> v >= 0 ? Math.ceil(v) : Math.floor(v);
            case "DOWN" -> v >= 0 ? Math.floor(v) : Math.ceil(v);
            case "HALF_UP" -> v >= 0 ? Math.floor(v + 0.5) : -Math.floor(-v + 0.5);
            default -> v >= 0 ? Math.ceil(v - 0.5) : -Math.ceil(-v - 0.5);
        };
        return (float) r;
    }

    /** For an activation: one scale for the whole tensor and zero point 0, else the node is refused. */
    float tensorScale() {
        if (scale.size() != 1) {
            throw node.problem("a per-channel scale on an activation is not supported (one scale per tensor)");
        }
        for (float z : zeroPoint.values()) {
            if (z != 0) {
                throw node.problem("zero point " + z + " on an activation is not supported (bwn tensors have zero point 0)");
            }
        }
        return scale.values()[0];
    }
}
