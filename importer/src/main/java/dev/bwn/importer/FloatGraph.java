package dev.bwn.importer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Evaluates the parsed graph in float for one image: the reference the integer model is compared with. */
final class FloatGraph {
    private final List<FloatOp> ops;
    private final String inputName;

    FloatGraph(List<FloatOp> ops, String inputName) {
        this.ops = ops;
        this.inputName = inputName;
    }

    /** Every tensor's values for the float input {@code image} (CHW). */
    Map<String, float[]> evaluate(float[] image) {
        Map<String, float[]> values = new HashMap<>();
        values.put(inputName, image);
        for (FloatOp op : ops) {
            List<float[]> in = new ArrayList<>(op.inputs().size());
            for (String name : op.inputs()) {
                in.add(values.get(name));
            }
            values.put(op.output(), op.apply(in));
        }
        return values;
    }
}
