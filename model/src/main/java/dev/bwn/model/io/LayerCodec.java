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
interface LayerCodec<L extends Layer> {
    String kind();

    Class<L> type();

    /** How many tensors the kind reads (checked before its fields are read). */
    int inputCount();

    /** The kind's own fields: every other field is refused. */
    Set<String> fields();

    /** Reads the layer; {@code inputs} are the shapes of the tensors it reads, {@link #inputCount()} of them. */
    L read(JsonReader layer, String name, List<Shape> inputs);

    /** Writes the kind's own fields in a fixed order. */
    void write(L layer, ObjectNode node);
}
