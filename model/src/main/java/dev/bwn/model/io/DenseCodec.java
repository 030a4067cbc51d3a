package dev.bwn.model.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwn.model.BinaryWeights;
import dev.bwn.model.Dense;
import dev.bwn.model.Limits;
import dev.bwn.model.Shape;

import java.util.List;
import java.util.Set;

/** {@code dense}: outFeatures, output, weights, requant. */
final class DenseCodec extends LayerCodec<Dense> {
    DenseCodec() {
        super(Dense.KIND, Dense.class, 1, Set.of("outFeatures", "output", "weights", "requant"));
    }

    @Override
    Dense read(JsonReader r, String name, List<Shape> inputs) {
        int out = r.integer("outFeatures", 1, Limits.DIMENSION);
        int fanIn = inputs.get(0).size();
        LayerFields.checkFanIn(r, fanIn);
        BinaryWeights w = LayerFields.weights(r, out, fanIn);
        return new Dense(name, out, w, LayerFields.requant(r, out), LayerFields.activation(r.object("output")));
    }

    @Override
    void write(Dense d, ObjectNode node) {
        node.put("outFeatures", d.outFeatures());
        LayerFields.putActivation(node.putObject("output"), d.output());
        LayerFields.putRequant(node, d.requant());
        LayerFields.putWeights(node, d.weights());
    }
}
