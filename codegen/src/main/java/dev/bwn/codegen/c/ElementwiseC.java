package dev.bwn.codegen.c;

import dev.bwn.model.ElementwiseLayer;
import dev.bwn.model.LayerInfo;
import dev.bwn.model.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * Every kind of the elementwise family in C ({@code add}; template {@code c/elementwise.c.ftl}): one pass over the
 * inputs, each index's values requantized by {@code id_requant} ({@link RequantC#sumRequant}: multiplies only in
 * multiply mode, shifts only in shift mode). The loop itself adds and compares only; it may write over an input whose
 * last reader it is ({@link BufferPlan}).
 */
final class ElementwiseC {
    private ElementwiseC() {
    }

    static CStep lower(StepContext ctx, ElementwiseLayer layer) {
        LayerInfo info = ctx.step().layer();
        Shape shape = info.outputShape();
        CModel.SumRequant requant = RequantC.sumRequant(ctx.prefix(), ctx.id(), ctx.net().requantMode(), layer.sum(),
                info.inputTypes(), info.outputType());
        List<CModel.BufferRef> inputs = new ArrayList<>();
        for (int k = 0; k < layer.inputCount(); k++) {
            inputs.add(ctx.input(k));
        }
        String details = ctx.writesOverAnInput() ? ", in place of the input it reads last" : "";
        return new CStep.ElementwiseStep(ctx.layerIndex(), ctx.layerName(), ctx.id(), ctx.describe(info, details), inputs,
                ctx.output(), CLiterals.unsigned(shape.channels()), CLiterals.unsigned((long) shape.height() * shape.width()),
                requant, ctx.tap());
    }
}
