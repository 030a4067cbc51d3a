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
        Onnx.AttributeProto a = attributes.get(key);
        if (a == null) {
            return defaultValue;
        }
        if (a.getType() != Onnx.AttributeProto.AttributeType.INT) {
            throw problem("attribute " + key + " must be an integer");
        }
        return a.getI();
    }

    float floatAttribute(String key, float defaultValue) {
        Onnx.AttributeProto a = attributes.get(key);
        if (a == null) {
            return defaultValue;
        }
        if (a.getType() != Onnx.AttributeProto.AttributeType.FLOAT) {
            throw problem("attribute " + key + " must be a float");
        }
        return a.getF();
    }

    String stringAttribute(String key, String defaultValue) {
        Onnx.AttributeProto a = attributes.get(key);
        if (a == null) {
            return defaultValue;
        }
        if (a.getType() != Onnx.AttributeProto.AttributeType.STRING) {
            throw problem("attribute " + key + " must be a string");
        }
        return a.getS().toStringUtf8();
    }

    /** An integer list attribute, or null when absent. */
    long[] intsAttribute(String key) {
        Onnx.AttributeProto a = attributes.get(key);
        if (a == null) {
            return null;
        }
        if (a.getType() != Onnx.AttributeProto.AttributeType.INTS) {
            throw problem("attribute " + key + " must be a list of integers");
        }
        return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
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
