package dev.bwn.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph rules of a network, in one place (docs/SEMANTICS.md, "Graphs"): tensor names are unique (the input's and
 * every layer's), each layer reads tensors written earlier in the file, so the file order is a topological order and
 * there are no cycles, and every tensor but the last layer's is read by a later layer. Tensor 0 is the network input,
 * tensor {@code i+1} is layer {@code i}'s output. Errors name the layer and the offending input.
 */
public final class Wiring {
    private Wiring() {
    }

    /** The inputs of a chain: layer 0 reads the network input, layer i reads layer i-1. */
    public static List<List<String>> chain(String inputName, List<String> layerNames) {
        List<List<String>> inputs = new ArrayList<>();
        for (int i = 0; i < layerNames.size(); i++) {
            inputs.add(List.of(i == 0 ? inputName : layerNames.get(i - 1)));
        }
        return inputs;
    }

    /** Where a layer is in messages: {@code layers[3] (conv1)}. */
    public static String where(int layer, String name) {
        return "layers[" + layer + "] (" + name + ")";
    }

    /**
     * Checks the names and that each input is written earlier, and returns, per layer, the tensor indices it reads.
     * Throws {@link ModelException} naming the layer and the problem.
     */
    public static List<List<Integer>> resolve(String inputName, List<String> layerNames, List<List<String>> layerInputs) {
        if (layerInputs.size() != layerNames.size()) {
            throw new IllegalArgumentException(layerNames.size() + " layers but " + layerInputs.size() + " input lists");
        }
        NameRules.check("input.name", inputName);
        Map<String, Integer> tensorOf = new HashMap<>();
        tensorOf.put(inputName, 0);
        for (int i = 0; i < layerNames.size(); i++) {
            String name = layerNames.get(i);
            NameRules.check("layers[" + i + "].name", name);
            Integer earlier = tensorOf.putIfAbsent(name, i + 1);
            if (earlier != null) {
                throw new ModelException("layers[" + i + "].name", earlier == 0
                        ? "\"" + name + "\" is the name of the network input; tensor and layer names must be unique"
                        : "duplicate layer name \"" + name + "\"");
            }
        }
        List<List<Integer>> resolved = new ArrayList<>();
        for (int i = 0; i < layerNames.size(); i++) {
            List<String> names = layerInputs.get(i);
            List<Integer> tensors = new ArrayList<>(names.size());
            for (int k = 0; k < names.size(); k++) {
                String wanted = names.get(k);
                Integer tensor = tensorOf.get(wanted);
                String at = where(i, layerNames.get(i)) + ".inputs[" + k + "]";
                if (tensor == null) {
                    throw new ModelException(at, "no tensor is named \"" + wanted + "\" (neither the input nor a layer)");
                }
                if (tensor > i) {
                    int writer = tensor - 1;
                    throw new ModelException(at, writer == i ? "the layer reads its own output (a cycle)"
                            : dependsOn(writer, i, tensorOf, layerInputs)
                            ? "reads \"" + wanted + "\", written by the later layers[" + writer + "], which itself depends on this layer (a cycle)"
                            : "reads \"" + wanted + "\" before layers[" + writer + "] writes it; every tensor must be written by an "
                            + "earlier layer (the file is in topological order)");
                }
                tensors.add(tensor);
            }
            resolved.add(Collections.unmodifiableList(tensors));
        }
        return Collections.unmodifiableList(resolved);
    }

    /**
     * Checks that every tensor but the last layer's is read by a later layer, so every tensor reaches the output.
     * (The input always is: layer 0 can read nothing else.)
     */
    public static void checkReachesOutput(List<String> layerNames, List<List<Integer>> inputTensors) {
        List<List<Integer>> consumers = consumers(inputTensors);
        for (int i = 0; i + 1 < layerNames.size(); i++) {
            if (consumers.get(i + 1).isEmpty()) {
                throw new ModelException(where(i, layerNames.get(i)), "no later layer reads its output; every tensor must reach the "
                        + "output (the last layer's tensor)");
            }
        }
    }

    /** Per tensor (0 = input, i+1 = layer i), the layers that read it, in order. */
    public static List<List<Integer>> consumers(List<List<Integer>> inputTensors) {
        List<List<Integer>> readers = new ArrayList<>();
        for (int t = 0; t <= inputTensors.size(); t++) {
            readers.add(new ArrayList<>());
        }
        for (int i = 0; i < inputTensors.size(); i++) {
            for (int t : new java.util.TreeSet<>(inputTensors.get(i))) {
                readers.get(t).add(i);
            }
        }
        List<List<Integer>> fixed = new ArrayList<>();
        readers.forEach(r -> fixed.add(List.copyOf(r)));
        return fixed;
    }

    /** Checks that a layer of {@code kind}, which reads {@code expected} tensors, names that many inputs. */
    public static void checkArity(String where, String kind, int expected, int inputs) {
        if (inputs != expected) {
            throw new ModelException(where + ".inputs", kind + " reads " + expected + (expected == 1 ? " tensor" : " tensors")
                    + ", got " + inputs);
        }
    }

    /** True when layer {@code from} reads, directly or through other layers, the output of layer {@code target}. */
    private static boolean dependsOn(int from, int target, Map<String, Integer> tensorOf, List<List<String>> layerInputs) {
        Deque<Integer> todo = new ArrayDeque<>(List.of(from));
        Set<Integer> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            int layer = todo.pop();
            if (!seen.add(layer)) {
                continue;
            }
            for (String name : layerInputs.get(layer)) {
                Integer tensor = tensorOf.get(name);
                if (tensor == null || tensor == 0) {
                    continue;
                }
                if (tensor - 1 == target) {
                    return true;
                }
                todo.push(tensor - 1);
            }
        }
        return false;
    }
}
