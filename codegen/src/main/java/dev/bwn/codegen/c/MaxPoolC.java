package dev.bwn.codegen.c;

import dev.bwn.model.LayerInfo;
import dev.bwn.model.MaxPool;
import dev.bwn.model.Shape;

import static dev.bwn.codegen.Identifiers.commentText;

/**
 * maxpool in C: stand-alone (template {@code c/maxpool.c.ftl}) when its windows overlap or its input has other
 * readers; otherwise fused into the conv before it ({@link Conv2dC}).
 */
final class MaxPoolC {
    private MaxPoolC() {
    }

    static CStep lower(StepContext ctx, MaxPool p) {
        LayerInfo info = ctx.step().layer();
        return new CStep.MaxPoolStep(ctx.layerIndex(), ctx.layerName(), ctx.id(), ctx.describe(info, details(info)),
                ctx.input(0), ctx.output(), pool(info));
    }

    static String details(LayerInfo info) {
        MaxPool p = (MaxPool) info.layer();
        return ", window " + p.kernelHeight() + "x" + p.kernelWidth() + ", stride " + p.strideY() + "x" + p.strideX();
    }

    static CModel.Pool pool(LayerInfo info) {
        MaxPool p = (MaxPool) info.layer();
        Shape in = info.inputShape();
        Shape out = info.outputShape();
        return new CModel.Pool(Integer.toString(info.index()), commentText(p.name()),
                CLiterals.unsigned(in.channels()), CLiterals.unsigned(in.height()), CLiterals.unsigned(in.width()),
                CLiterals.unsigned(p.kernelHeight()), CLiterals.unsigned(p.kernelWidth()), CLiterals.unsigned(p.strideY()),
                CLiterals.unsigned(p.strideX()), CLiterals.unsigned(out.height()), CLiterals.unsigned(out.width()));
    }
}
