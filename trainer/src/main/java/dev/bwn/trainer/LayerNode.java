package dev.bwn.trainer;

import java.util.List;

/**
 * One layer of an architecture graph: its name (the tensor it writes has the same name), what it
 * computes, and the names of the tensors it reads ({@link Architectures#INPUT} or earlier layers).
 * A list of nodes is in topological order and its last node is the network output, as in the
 * integer model's graph.
 */
public record LayerNode(String name, LayerSpec spec, List<String> inputs) {
  public LayerNode {
    inputs = List.copyOf(inputs);
    if (inputs.size() != spec.inputCount()) {
      throw new IllegalArgumentException(name + " reads " + inputs.size() + " tensors but needs " + spec.inputCount());
    }
  }
}
