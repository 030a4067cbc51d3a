package dev.bwn.codegen.c;

import dev.bwn.model.Add;
import dev.bwn.model.LayerInfo;
import dev.bwn.model.Shape;

/**
 * add in C (template {@code c/add.c.ftl}): one pass over both inputs, each value pair requantized by
 * {@code id_requant} ({@link RequantC#addRequant}: multiplies only in multiply mode, shifts only in shift mode). The
 * loop itself adds and compares only; it may write over an input whose last reader it is ({@link BufferPlan}).
 */
final class AddC {
    private AddC() {
    }

    static CStep lower(StepContext ctx, Add add) {
        LayerInfo info = ctx.step().layer();
        Shape shape = info.outputShape();
        CModel.AddRequant requant = RequantC.addRequant(ctx.prefix(), ctx.id(), ctx.net().requantMode(), add,
                info.inputTypes(), info.outputType());
        CModel.BufferRef out = ctx.output();
        String details = ctx.writesOverAnInput() ? ", in place of the input it reads last" : "";
        return new CStep.AddStep(ctx.layerIndex(), ctx.layerName(), ctx.id(), ctx.describe(info, details), ctx.input(0),
                ctx.input(1), out, CLiterals.unsigned(shape.channels()),
                CLiterals.unsigned((long) shape.height() * shape.width()), requant, ctx.tap());
    }
}
