package dev.bwn.model.io;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwn.model.Add;
import dev.bwn.model.Requant;
import dev.bwn.model.Shape;

import java.util.List;
import java.util.Set;

/** {@code add}: output, requant {multipliers: [[C], [C]], bias: [C], shift: [C]} with C the inputs' channels. */
final class AddCodec extends LayerCodec<Add> {
    AddCodec() {
        super(Add.KIND, Add.class, Add.INPUTS, Set.of("output", "requant"));
    }

    @Override
    Add read(JsonReader r, String name, List<Shape> inputs) {
        int channels = inputs.get(0).channels();
        JsonReader q = r.object("requant");
        q.allowOnly(Set.of("multipliers", "bias", "shift"));
        int[][] m = q.intRows("multipliers", Add.INPUTS, channels, -Requant.MAX_ABS_MULTIPLIER, Requant.MAX_ABS_MULTIPLIER);
        long[] b = q.longs("bias", channels, -Requant.MAX_ABS_BIAS, Requant.MAX_ABS_BIAS);
        int[] s = q.ints("shift", channels, 0, Requant.MAX_SHIFT);
        return new Add(name, m, b, s, LayerFields.activation(r.object("output")));
    }

    @Override
    void write(Add a, ObjectNode node) {
        LayerFields.putActivation(node.putObject("output"), a.output());
        ObjectNode q = node.putObject("requant");
        ArrayNode rows = q.putArray("multipliers");
        for (int k = 0; k < Add.INPUTS; k++) {
            ArrayNode row = rows.addArray();
            for (int c = 0; c < a.channels(); c++) {
                row.add(a.multiplier(k, c));
            }
        }
        ArrayNode bias = q.putArray("bias");
        ArrayNode shift = q.putArray("shift");
        for (int c = 0; c < a.channels(); c++) {
            bias.add(a.bias(c));
            shift.add(a.shift(c));
        }
    }
}
