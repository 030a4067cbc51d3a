package dev.bwn.model.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwn.model.Flatten;
import dev.bwn.model.Shape;

import java.util.List;
import java.util.Set;

/** {@code flatten}: no fields of its own. */
final class FlattenCodec implements LayerCodec<Flatten> {
    @Override
    public String kind() {
        return Flatten.KIND;
    }

    @Override
    public Class<Flatten> type() {
        return Flatten.class;
    }

    @Override
    public int inputCount() {
        return 1;
    }

    @Override
    public Set<String> fields() {
        return Set.of();
    }

    @Override
    public Flatten read(JsonReader r, String name, List<Shape> inputs) {
        return new Flatten(name);
    }

    @Override
    public void write(Flatten f, ObjectNode node) {
    }
}
