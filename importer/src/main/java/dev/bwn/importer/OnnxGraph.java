package dev.bwn.importer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A checked ONNX graph: one data input of shape [1, C, H, W] (the batch dimension may be symbolic), one output, its
 * nodes in a topological order, and its constant tensors (initializers and {@code Constant} nodes) by name.
 */
record OnnxGraph(Path file, String inputName, int[] inputChannelsHeightWidth, String outputName, List<OnnxNode> nodes,
                 Map<String, FloatTensor> constants) {
}
