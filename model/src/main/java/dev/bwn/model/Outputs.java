package dev.bwn.model;

import java.util.List;

/**
 * Result of one reference inference: the predicted class (argmax of {@code logits}, ties to the lowest index),
 * the final layer's integer outputs, and every layer's output when requested (else empty).
 */
public record Outputs(int predictedClass, int[] logits, List<int[]> layerOutputs) {
}
