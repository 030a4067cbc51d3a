package dev.bwn.model.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwn.model.Limits;
import dev.bwn.model.MaxPool;
import dev.bwn.model.Shape;

import java.util.List;
import java.util.Set;

/** {@code maxpool}: kernel, stride. */
final class MaxPoolCodec extends LayerCodec<MaxPool> {
    MaxPoolCodec() {
        super(MaxPool.KIND, MaxPool.class, 1, Set.of("kernel", "stride"));
    }

    @Override
    MaxPool read(JsonReader r, String name, List<Shape> inputs) {
        int[] k = r.ints("kernel", 2, 1, Limits.KERNEL);
        int[] s = r.ints("stride", 2, 1, Limits.KERNEL);
        return new MaxPool(name, k[0], k[1], s[0], s[1]);
    }

    @Override
    void write(MaxPool m, ObjectNode node) {
        node.putArray("kernel").add(m.kernelHeight()).add(m.kernelWidth());
        node.putArray("stride").add(m.strideY()).add(m.strideX());
    }
}
