package dev.bwn.codegen.c;

import dev.bwn.model.Conv2d;
import dev.bwn.model.LayerInfo;
import dev.bwn.model.Shape;

/**
 * conv2d in C: a gather of each output position's receptive field and one dot product per output channel
 * (templates {@code c/conv2d.c.ftl}, fused with the max-pool after it {@code c/conv2d_pool.c.ftl}), or the lut4v
 * band kernel ({@code c/conv2d_lut4v.c.ftl}).
 */
final class Conv2dC {
    private Conv2dC() {
    }

    static CStep lower(StepContext ctx, Conv2d c) {
        LayerInfo info = ctx.step().layer();
        LayerInfo pool = ctx.step().fusedPool();
        CModel.Weights weights = WeightsC.weights(ctx, c);
        CModel.Requant requant = WeightsC.requant(ctx, c, weights);
        CModel.Conv conv = conv(ctx.id(), info, c);
        String comment = ctx.describe(info, details(c)) + (pool != null ? "; fused with "
                + ctx.describe(pool, MaxPoolC.details(pool)) + " (the full conv map is never stored)" : "");
        CModel.Pool fused = pool != null ? MaxPoolC.pool(pool) : null;
        CModel.BufferRef tables = ctx.placed(ctx.scratch().tables());
        if (ctx.kernel().usesLanes()) {
            return new CStep.ConvLanesStep(ctx.layerIndex(), ctx.layerName(), ctx.id(), comment, ctx.input(0),
                    ctx.output(), tables, weights, requant, conv, fused, pool != null, ctx.tap(), WeightsC.lanes(ctx, c));
        }
        CModel.BufferRef window = ctx.placed(ctx.scratch().window());
        if (pool != null) {
            return new CStep.ConvPoolStep(ctx.layerIndex(), ctx.layerName(), ctx.id(), comment, ctx.input(0),
                    ctx.output(), window, tables, weights, requant, conv, fused, ctx.tap());
        }
        return new CStep.ConvStep(ctx.layerIndex(), ctx.layerName(), ctx.id(), comment, ctx.input(0), ctx.output(),
                window, tables, weights, requant, conv, ctx.tap());
    }

    static String details(Conv2d c) {
        return ", kernel " + c.kernelHeight() + "x" + c.kernelWidth() + ", stride " + c.strideY() + "x" + c.strideX()
                + ", padding " + c.padY() + "x" + c.padX();
    }

    private static CModel.Conv conv(String id, LayerInfo info, Conv2d c) {
        Shape in = info.inputShape();
        Shape out = info.outputShape();
        return new CModel.Conv(id + "_gather", CLiterals.unsigned(in.channels()), CLiterals.unsigned(in.height()),
                CLiterals.unsigned(in.width()), CLiterals.unsigned(c.kernelHeight()), CLiterals.unsigned(c.kernelWidth()),
                CLiterals.unsigned(c.strideY()), CLiterals.unsigned(c.strideX()), CLiterals.unsigned(c.padY()),
                CLiterals.unsigned(c.padX()), CLiterals.unsigned(out.channels()), CLiterals.unsigned(out.height()),
                CLiterals.unsigned(out.width()), c.padY() > 0 || c.padX() > 0);
    }
}
