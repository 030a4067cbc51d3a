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
                          boolean variableShift, int shiftBits, int productBits, int sumBits,
                          String accumulatorExtended, String sumExpression, String shiftExpression,
                          String clampExpression, String outputExpression) implements TemplateViews.View {

    static RequantView of(VerilogDesign d, WeightedStage w) {
        RequantPlan rq = w.requantPlan();
        int ab = w.accumulatorBits();
        int pb = rq.productBits();
        int tb = rq.sumBits();
        int bb = rq.biasBits();
        int ob = w.outputType().bits();
        int multField = rq.multiplierFree() ? rq.powerBits() + 1 : rq.multiplierBits();
        String shifted;
        if (rq.shiftBits() > 0) {
            shifted = "stage3_sum >>> stage3_shift";
        } else if (rq.constantShift() == 0) {
            shifted = "stage3_sum";
        } else {
            shifted = "stage3_sum >>> " + rq.constantShift();
        }
        ActivationType out = w.outputType();
        String clamp = "shifted";
        if (rq.clampHigh()) {
            clamp = "shifted > " + TemplateViews.signed(tb, out.max()) + " ? " + TemplateViews.signed(tb, out.max()) + " : " + clamp;
        }
        if (rq.clampLow()) {
            clamp = "shifted < " + TemplateViews.signed(tb, out.min()) + " ? " + TemplateViews.signed(tb, out.min()) + " : "
                    + (rq.clampHigh() ? "(" + clamp + ")" : clamp);
        }
        String output = ob <= tb ? (ob == tb ? "clamped" : "clamped[" + (ob - 1) + ":0]") : Bits.signExtend("clamped", tb, ob);
        return new RequantView("verilog/requant.v.ftl", w.parts().requant(), w.moduleName(), d.romModule(),
                VerilogGenerator.requantFile(w), out.label(), rq.multiplierFree(), ab, rq.multiplierBits(), rq.powerBits(),
                w.channelBits(), rq.channels(), ob, rq.parameterBits(), rq.parametersInBlockRam() ? 1 : 0,
                rq.parameterBits() - rq.shiftBits(), bb, multField, multField + bb - 1, rq.shiftBits() > 0,
                Math.max(1, rq.shiftBits()), pb, tb, Bits.signExtend("stage1_accumulator", ab, pb),
                Bits.signExtend("stage2_product", pb, tb) + " + " + Bits.signExtend("stage2_bias", bb, tb), shifted, clamp,
                output);
    }
}
