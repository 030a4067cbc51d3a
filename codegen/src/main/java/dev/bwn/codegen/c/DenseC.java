package dev.bwn.codegen.c;

import dev.bwn.model.Dense;

/** dense in C: one dot product per output feature over the whole flat input (template {@code c/dense.c.ftl}). */
final class DenseC {
    private DenseC() {
    }

    static CStep lower(StepContext ctx, Dense d) {
        CModel.Weights weights = WeightsC.weights(ctx, d);
        return new CStep.DenseStep(ctx.layerIndex(), ctx.layerName(), ctx.id(), ctx.describe(ctx.step().layer(), ""),
                ctx.input(0), ctx.output(), ctx.placed(ctx.scratch().tables()), weights,
                WeightsC.requant(ctx, d, weights), ctx.tap());
    }
}
