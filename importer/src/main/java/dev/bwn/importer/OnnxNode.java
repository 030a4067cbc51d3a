package dev.bwn.importer;

import java.util.List;
import java.util.Map;
import onnx.Onnx;

/**
 * One node of the graph with its attributes; every problem it reports names the node as {@code node 'NAME' (OP)}.
 * Empty input names (ONNX's way to skip an optional input) are kept so that inputs keep their positions.
 */
record OnnxNode(String name, String op, String domain, List<String> inputs, List<String> outputs,
                Map<String, Onnx.AttributeProto> attributes) {

    String shown() {
        return "node '" + name + "' (" + op + ")";
    }

    ImportException problem(String what) {
        return new ImportException(shown() + ": " + what);
    }

    /** Input i, or "" when the node has fewer inputs. */
    String input(int i) {
        return i < inputs.size() ? inputs.get(i) : "";
    }

    String output() {
        return outputs.get(0);
    }

    long intAttribute(String key, long defaultValue) {
        Onnx.AttributeProto a = typed(key, Onnx.AttributeProto.AttributeType.INT, "an integer");
        return a == null ? defaultValue : a.getI();
    }

    float floatAttribute(String key, float defaultValue) {
        Onnx.AttributeProto a = typed(key, Onnx.AttributeProto.AttributeType.FLOAT, "a float");
        return a == null ? defaultValue : a.getF();
    }

    String stringAttribute(String key, String defaultValue) {
        Onnx.AttributeProto a = typed(key, Onnx.AttributeProto.AttributeType.STRING, "a string");
        return a == null ? defaultValue : a.getS().toStringUtf8();
    }

    /** An integer list attribute, or null when absent. */
    long[] intsAttribute(String key) {
        Onnx.AttributeProto a = typed(key, Onnx.AttributeProto.AttributeType.INTS, "a list of integers");
        return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** The attribute, or null when absent; one of another type is refused. */
    private Onnx.AttributeProto typed(String key, Onnx.AttributeProto.AttributeType type, String shown) {
        Onnx.AttributeProto a = attributes.get(key);
        if (a != null && a.getType() != type) {
            throw problem("attribute " + key + " must be " + shown);
        }
        return a;
    }

    /** Refuses attributes this importer does not read, so a meaning it would ignore cannot slip through. */
    void onlyAttributes(String... known) {
        for (String key : attributes.keySet()) {
            if (!List.of(known).contains(key)) {
                throw problem("attribute " + key + " is not supported");
            }
        }
    }
}
