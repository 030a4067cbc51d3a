package dev.bwn.codegen.verilog;

import dev.bwn.model.ActivationType;

/**
 * The data of {@code requant.v.ftl}: a weighted stage's four-stage requantization pipeline ({@link RequantPlan}), its
 * parameter ROM's field layout and the expressions of each stage, widths derived in Java.
 */
public record RequantView(String template, String name, String layer, String romModule, String parameterFile,
                          String outputType, boolean multiplierFree, int accumulatorBits, int multiplierBits,
                          int powerBits, int channelBits, int channels, int outputBits, int parameterBits,
                          int parameterBlock, int shiftLow, int biasBits, int biasLow, int biasHigh,
                          boolean variableShift, int shiftBits, int productBits, int sumBits, int minShift,
                          int alignedBits, String accumulatorExtended, String sumExpression, String alignedExpression,
                          String shiftExpression, boolean saturates, String outputExpression)
        implements TemplateViews.View {

    static RequantView of(VerilogDesign d, WeightedStage w) {
        RequantPlan rq = w.requantPlan();
        int ab = w.accumulatorBits();
        int pb = rq.productBits();
        int tb = rq.sumBits();
        int bb = rq.biasBits();
        int ob = w.outputType().bits();
        int alignedBits = rq.alignedBits();
        int multField = rq.multiplierFree() ? rq.powerBits() + 1 : rq.multiplierBits();
        String aligned = rq.minShift() >= tb ? "sum[" + (tb - 1) + "]"
                : rq.minShift() == 0 ? "sum" : "sum[" + (tb - 1) + ":" + rq.minShift() + "]";
        String shifted = rq.shiftBits() > 0 ? "stage3_aligned >>> stage3_shift" : "stage3_aligned";
        boolean saturates = rq.clampLow() || rq.clampHigh();
        String output = saturates ? saturation(w.outputType(), alignedBits)
                : ob == alignedBits ? "shifted" : ob < alignedBits ? "shifted[" + (ob - 1) + ":0]"
                : Bits.signExtend("shifted", alignedBits, ob);
        return new RequantView("verilog/requant.v.ftl", w.parts().requant(), w.moduleName(), d.romModule(),
                VerilogGenerator.requantFile(w), w.outputType().label(), rq.multiplierFree(), ab, rq.multiplierBits(),
                rq.powerBits(), w.channelBits(), rq.channels(), ob, rq.parameterBits(),
                rq.parametersInBlockRam() ? 1 : 0, rq.parameterBits() - rq.shiftBits(), bb, multField,
                multField + bb - 1, rq.shiftBits() > 0, Math.max(1, rq.shiftBits()), pb, tb, rq.minShift(), alignedBits,
                Bits.signExtend("stage1_accumulator", ab, pb),
                Bits.signExtend("stage2_product", pb, tb) + " + " + Bits.signExtend("stage2_bias", bb, tb), aligned,
                shifted, saturates, output);
    }

    /**
     * LUTs of {@link #saturation} (calibrated on yosys 0.23 synth_ice40): none when a signed value already fits (a sign
     * extension), else a mux per output bit and the OR over the bits above the output, about three bits a LUT.
     */
    public static int saturationLuts(ActivationType out, int bits) {
        if (out.signed() && bits <= out.bits()) {
            return 0;
        }
        return out.bits() + Math.max(0, bits - out.bits()) / 3;
    }

    /**
     * The clamp of the signed {@code bits}-wide {@code shifted} to the output type, written as saturation: the value is
     * out of range exactly when a bit above the output's bits differs from the sign (signed) or is set (unsigned), so
     * no wide comparison is needed. Exact for any value of {@code shifted}.
     */
    public static String saturation(ActivationType out, int bits) {
        int ob = out.bits();
        String sign = bits == 1 ? "shifted" : "shifted[" + (bits - 1) + "]";
        if (out.signed()) {
            if (bits <= ob) {
                return Bits.signExtend("shifted", bits, ob);
            }
            String top = "shifted[" + (bits - 1) + ":" + (ob - 1) + "]";
            String saturated = "{" + sign + ", {" + (ob - 1) + "{~" + sign + "}}}";
            return "(|" + top + " && !(&" + top + ")) ? " + saturated + " : shifted[" + (ob - 1) + ":0]";
        }
        int magnitude = bits - 1; // the bits below the sign
        String low;
        if (magnitude == 0) {
            low = Bits.unsignedLiteral(ob, 0);
        } else if (magnitude >= ob) {
            low = "shifted[" + (ob - 1) + ":0]";
        } else {
            low = "{" + Bits.unsignedLiteral(ob - magnitude, 0) + ", shifted[" + (magnitude - 1) + ":0]}";
        }
        String result = low;
        if (magnitude > ob) {
            result = "|shifted[" + (bits - 2) + ":" + ob + "] ? {" + ob + "{1'b1}} : " + low;
        }
        return sign + " ? " + Bits.unsignedLiteral(ob, 0) + " : " + (result.equals(low) ? low : "(" + result + ")");
    }
}
