package dev.bwn.codegen.c;

import dev.bwn.model.GlobalAvgPool;
import dev.bwn.model.LayerInfo;
import dev.bwn.model.Shape;

/**
 * globalavgpool in C (template {@code c/globalavgpool.c.ftl}): per channel the sum of its H x W values (additions
 * only), then the usual requantization ({@link RequantC#requant}). The sum's C type comes from
 * {@link GlobalAvgPool#accumulatorRange}.
 */
final class GlobalAvgPoolC {
    private GlobalAvgPoolC() {
    }

    static CStep lower(StepContext ctx, GlobalAvgPool gap) {
        LayerInfo info = ctx.step().layer();
        Shape in = info.inputShape();
        var range = GlobalAvgPool.accumulatorRange(in, info.inputType());
        CType acc = RequantC.accumulatorType(range.signedBits());
        long accMax = Math.max(Math.abs(range.min()), Math.abs(range.max()));
        CModel.Requant requant = RequantC.requant(ctx.prefix(), ctx.id(), ctx.net().requantMode(), gap.requant(),
                info.outputType(), acc, new long[in.channels()], accMax);
        return new CStep.GlobalAvgPoolStep(ctx.layerIndex(), ctx.layerName(), ctx.id(), ctx.describe(info, ""),
                ctx.input(0), ctx.output(), CLiterals.unsigned(in.channels()),
                CLiterals.unsigned((long) in.height() * in.width()), requant, ctx.tap());
    }
}
