package dev.bwn.model.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwn.model.BinaryWeights;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Limits;
import dev.bwn.model.Shape;

import java.util.List;
import java.util.Set;

/** {@code conv2d}: outChannels, kernel, stride, padding, output, weights, requant. */
final class Conv2dCodec extends LayerCodec<Conv2d> {
    Conv2dCodec() {
        super(Conv2d.KIND, Conv2d.class, 1, Set.of("outChannels", "kernel", "stride", "padding", "output", "weights", "requant"));
    }

    @Override
    Conv2d read(JsonReader r, String name, List<Shape> inputs) {
        int out = r.integer("outChannels", 1, Limits.DIMENSION);
        int[] k = r.ints("kernel", 2, 1, Limits.KERNEL);
        int[] s = r.ints("stride", 2, 1, Limits.KERNEL);
        int[] pad = r.ints("padding", 2, 0, Limits.KERNEL - 1);
        int fanIn = Math.multiplyExact(inputs.get(0).channels(), k[0] * k[1]);
        LayerFields.checkFanIn(r, fanIn);
        BinaryWeights w = LayerFields.weights(r, out, fanIn);
        return new Conv2d(name, out, k[0], k[1], s[0], s[1], pad[0], pad[1], w, LayerFields.requant(r, out),
                LayerFields.activation(r.object("output")));
    }

    @Override
    void write(Conv2d c, ObjectNode node) {
        node.put("outChannels", c.outChannels());
        node.putArray("kernel").add(c.kernelHeight()).add(c.kernelWidth());
        node.putArray("stride").add(c.strideY()).add(c.strideX());
        node.putArray("padding").add(c.padY()).add(c.padX());
        LayerFields.putActivation(node.putObject("output"), c.output());
        LayerFields.putRequant(node, c.requant());
        LayerFields.putWeights(node, c.weights());
    }
}
