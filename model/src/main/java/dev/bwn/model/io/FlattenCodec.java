package dev.bwn.model.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwn.model.Flatten;
import dev.bwn.model.Shape;

import java.util.List;
import java.util.Set;

/** {@code flatten}: no fields of its own. */
final class FlattenCodec extends LayerCodec<Flatten> {
    FlattenCodec() {
        super(Flatten.KIND, Flatten.class, 1, Set.of());
    }

    @Override
    Flatten read(JsonReader r, String name, List<Shape> inputs) {
        return new Flatten(name);
    }

    @Override
    void write(Flatten f, ObjectNode node) {
    }
}
