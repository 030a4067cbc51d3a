package dev.bwn.codegen.c;

import dev.bwn.codegen.GenerationException;
import dev.bwn.model.Add;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.Flatten;
import dev.bwn.model.GlobalAvgPool;
import dev.bwn.model.Layer;
import dev.bwn.model.LayerVisitor;
import dev.bwn.model.MaxPool;
import dev.bwn.model.Network;

/** The layer kinds the C backend lowers; a kind it cannot lower yet is refused in one line before lowering starts. */
final class CKindSupport implements LayerVisitor<Void> {
    private static final CKindSupport INSTANCE = new CKindSupport();

    private CKindSupport() {
    }

    static void check(Network net) {
        for (Layer layer : net.layers()) {
            layer.accept(INSTANCE);
        }
    }

    @Override
    public Void conv2d(Conv2d layer) {
        return null;
    }

    @Override
    public Void dense(Dense layer) {
        return null;
    }

    @Override
    public Void maxPool(MaxPool layer) {
        return null;
    }

    @Override
    public Void flatten(Flatten layer) {
        return null;
    }

    @Override
    public Void add(Add layer) {
        throw unsupported(layer);
    }

    @Override
    public Void globalAvgPool(GlobalAvgPool layer) {
        throw unsupported(layer);
    }

    private static GenerationException unsupported(Layer layer) {
        return new GenerationException("the C backend does not support layer kind " + layer.kind() + " yet (layer "
                + layer.name() + ")");
    }
}
