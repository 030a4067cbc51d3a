package dev.bwn.codegen.c;

import dev.bwn.model.Flatten;

/**
 * flatten in C: the tensor is its input's memory in the same order ({@link BufferPlan}); nothing is computed, the
 * debug build reports its values (template {@code c/flatten.c.ftl}).
 */
final class FlattenC {
    private FlattenC() {
    }

    static CStep lower(StepContext ctx, Flatten f) {
        return new CStep.FlattenStep(ctx.layerIndex(), ctx.layerName(), ctx.describe(ctx.step().layer(), ""),
                ctx.input(0), ctx.output());
    }
}
