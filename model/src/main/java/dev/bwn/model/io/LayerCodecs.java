package dev.bwn.model.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwn.model.GlobalAvgPool;
import dev.bwn.model.Layer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** THE list of layer kinds the file format knows, found by the kind's name. */
final class LayerCodecs {
    static final List<LayerCodec<?>> ALL = List.of(new Conv2dCodec(), new DenseCodec(), new MaxPoolCodec(), new FlattenCodec(),
            new AddCodec(),
            new RequantLayerCodec<>(GlobalAvgPool.KIND, GlobalAvgPool.class, GlobalAvgPool::new, GlobalAvgPool::requant,
                    GlobalAvgPool::output));

    private static final Map<String, LayerCodec<?>> BY_KIND = new LinkedHashMap<>();

    static {
        ALL.forEach(c -> BY_KIND.put(c.kind(), c));
    }

    private LayerCodecs() {
    }

    static Optional<LayerCodec<?>> byKind(String kind) {
        return Optional.ofNullable(BY_KIND.get(kind));
    }

    /** "conv2d, dense, ... or globalavgpool", for messages. */
    static String kinds() {
        List<String> names = List.copyOf(BY_KIND.keySet());
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    static void write(Layer layer, ObjectNode node) {
        LayerCodec<?> codec = byKind(layer.kind()).orElseThrow(() -> new IllegalStateException("no codec for " + layer.kind()));
        writeAs(codec, layer, node);
    }

    private static <L extends Layer> void writeAs(LayerCodec<L> codec, Layer layer, ObjectNode node) {
        codec.write(codec.type().cast(layer), node);
    }
}
