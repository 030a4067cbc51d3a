package dev.bwn.model.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwn.model.GlobalAvgPool;
import dev.bwn.model.Shape;

import java.util.List;
import java.util.Set;

/** {@code globalavgpool}: output, requant with one entry per input channel. */
final class GlobalAvgPoolCodec extends LayerCodec<GlobalAvgPool> {
    GlobalAvgPoolCodec() {
        super(GlobalAvgPool.KIND, GlobalAvgPool.class, 1, Set.of("output", "requant"));
    }

    @Override
    GlobalAvgPool read(JsonReader r, String name, List<Shape> inputs) {
        return new GlobalAvgPool(name, LayerFields.requant(r, inputs.get(0).channels()), LayerFields.activation(r.object("output")));
    }

    @Override
    void write(GlobalAvgPool g, ObjectNode node) {
        LayerFields.putActivation(node.putObject("output"), g.output());
        LayerFields.putRequant(node, g.requant());
    }
}
