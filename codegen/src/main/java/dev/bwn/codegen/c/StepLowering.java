package dev.bwn.codegen.c;

import dev.bwn.model.Add;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.Flatten;
import dev.bwn.model.GlobalAvgPool;
import dev.bwn.model.LayerVisitor;
import dev.bwn.model.MaxPool;

/**
 * Finds each layer kind's C lowering ({@code KINDC.lower}) through the model's {@link LayerVisitor}: a kind the C
 * backend does not handle fails to compile here.
 */
record StepLowering(StepContext ctx) implements LayerVisitor<CStep> {
    @Override
    public CStep conv2d(Conv2d layer) {
        return Conv2dC.lower(ctx, layer);
    }

    @Override
    public CStep dense(Dense layer) {
        return DenseC.lower(ctx, layer);
    }

    @Override
    public CStep maxPool(MaxPool layer) {
        return MaxPoolC.lower(ctx, layer);
    }

    @Override
    public CStep flatten(Flatten layer) {
        return FlattenC.lower(ctx, layer);
    }

    @Override
    public CStep add(Add layer) {
        return ElementwiseC.lower(ctx, layer);
    }

    @Override
    public CStep globalAvgPool(GlobalAvgPool layer) {
        return GlobalAvgPoolC.lower(ctx, layer);
    }
}
