package dev.bwn.model.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwn.model.Layer;
import dev.bwn.model.Shape;

import java.util.List;
import java.util.Set;

/**
 * One layer kind in {@code *.bwn.json}: its own fields (besides {@code kind}, {@code name} and {@code inputs}),
 * read strictly with every value checked before anything is allocated, and written back. Registered in
 * {@link LayerCodecs#ALL}; docs/ADDING_A_LAYER_KIND.md lists the other places a kind has.
 */
abstract class LayerCodec<L extends Layer> {
    private final String kind;
    private final Class<L> type;
    private final int inputCount;
    private final Set<String> fields;

    /** {@code inputCount}: how many tensors the kind reads; {@code fields}: its own fields (any other is refused). */
    LayerCodec(String kind, Class<L> type, int inputCount, Set<String> fields) {
        this.kind = kind;
        this.type = type;
        this.inputCount = inputCount;
        this.fields = Set.copyOf(fields);
    }

    final String kind() {
        return kind;
    }

    final Class<L> type() {
        return type;
    }

    final int inputCount() {
        return inputCount;
    }

    final Set<String> fields() {
        return fields;
    }

    /** Reads the layer; {@code inputs} are the shapes of the tensors it reads, {@link #inputCount()} of them. */
    abstract L read(JsonReader layer, String name, List<Shape> inputs);

    /** Writes the kind's own fields in a fixed order. */
    abstract void write(L layer, ObjectNode node);
}
