package dev.bwn.model.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwn.model.ActivationType;
import dev.bwn.model.Layer;
import dev.bwn.model.Requant;
import dev.bwn.model.Shape;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A one-input kind whose own fields are {@code output} and a {@code requant} with one entry per input channel
 * ({@code globalavgpool}): one codec for every such kind, given the kind's constructor and accessors.
 */
final class RequantLayerCodec<L extends Layer> extends LayerCodec<L> {
    /** The kind's constructor: {@code (name, requant, output)}. */
    interface Factory<L> {
        L make(String name, Requant requant, ActivationType output);
    }

    private final Factory<L> factory;
    private final Function<L, Requant> requant;
    private final Function<L, ActivationType> output;

    RequantLayerCodec(String kind, Class<L> type, Factory<L> factory, Function<L, Requant> requant,
                      Function<L, ActivationType> output) {
        super(kind, type, 1, Set.of("output", "requant"));
        this.factory = factory;
        this.requant = requant;
        this.output = output;
    }

    @Override
    L read(JsonReader r, String name, List<Shape> inputs) {
        return factory.make(name, LayerFields.requant(r, inputs.get(0).channels()), LayerFields.activation(r.object("output")));
    }

    @Override
    void write(L layer, ObjectNode node) {
        LayerFields.putActivation(node.putObject("output"), output.apply(layer));
        LayerFields.putRequant(node, requant.apply(layer));
    }
}
