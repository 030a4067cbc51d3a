package dev.bwn.trainer;

import dev.bwn.model.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An architecture graph resolved against an input shape: every layer's input and output CHW
 * shapes, and for each weighted layer its parameter shape. Steps are in the architecture's
 * topological order and the last one is the network output. Weighted layers are numbered
 * 0..n-1 in that order; parameters are named {@code theta<k>}, {@code gamma<k>}, {@code beta<k>}.
 */
final class NetworkPlan {
  /** The network input as a step's input index. */
  static final int NETWORK_INPUT = -1;

  /**
   * A layer with its shapes; {@code weightedIndex} is -1 for layers without weights; {@code inputs}
   * are the indices of the steps it reads ({@link #NETWORK_INPUT} for the network input).
   */
  record Step(String name, LayerSpec spec, int weightedIndex, List<Integer> inputs, List<int[]> inShapes,
              int[] outShape) {
    Step {
      inputs = List.copyOf(inputs);
      inShapes = List.copyOf(inShapes);
    }

    /** A single-input step reading the network input (for tests of one layer). */
    Step(LayerSpec spec, int weightedIndex, int[] inShape, int[] outShape) {
      this("layer", spec, weightedIndex, List.of(NETWORK_INPUT), List.of(inShape), outShape);
    }

    /** The shape of the first (for all but add, the only) input. */
    int[] inShape() {
      return inShapes.get(0);
    }

    boolean isConv() {
      return spec instanceof LayerSpec.Conv;
    }

    /** Conv weights are [kH, kW, inC, outC] (SameDiff's default YXIO), dense [in, out]. */
    long[] thetaShape() {
      if (spec instanceof LayerSpec.Conv c) {
        return new long[] {c.kernel(), c.kernel(), inShape()[0], c.outChannels()};
      }
      LayerSpec.Dense d = (LayerSpec.Dense) spec;
      return new long[] {inShape()[0], d.outFeatures()};
    }

    int outChannels() {
      return outShape[0];
    }

    int fanIn() {
      if (spec instanceof LayerSpec.Conv c) {
        return c.kernel() * c.kernel() * inShape()[0];
      }
      return inShape()[0];
    }

    /** The axes of theta that make up one output channel's fan-in: the default weight group. */
    int[] groupAxes() {
      return isConv() ? new int[] {0, 1, 2} : new int[] {0};
    }
  }

  final String architecture;
  final int[] inputShape;
  final int classes;
  final List<Step> steps;
  final List<Step> weighted;

  NetworkPlan(String architecture, int channels, int height, int width, int classes) {
    this(architecture, Architectures.layers(architecture, classes), channels, height, width, classes);
  }

  /**
   * Resolves {@code nodes} (the layers of {@code architecture}, ending in the logits) against the
   * input shape. The nodes must form a graph the integer model can express: each input names the
   * network input or an earlier layer, names are unique, the two inputs of an add have one shape,
   * a dense layer reads a flat tensor, and every layer but the last is read by a later one.
   */
  NetworkPlan(String architecture, List<LayerNode> nodes, int channels, int height, int width, int classes) {
    this.architecture = architecture;
    this.inputShape = new int[] {channels, height, width};
    this.classes = classes;
    List<Step> all = new ArrayList<>();
    List<Step> weightedSteps = new ArrayList<>();
    Map<String, Integer> indexOf = new HashMap<>();
    indexOf.put(Architectures.INPUT, NETWORK_INPUT);
    boolean[] read = new boolean[nodes.size()];
    for (LayerNode node : nodes) {
      List<Integer> inputs = new ArrayList<>();
      List<int[]> inShapes = new ArrayList<>();
      for (String input : node.inputs()) {
        Integer index = indexOf.get(input);
        if (index == null) {
          throw new IllegalArgumentException(architecture + ": " + node.name() + " reads '" + input
              + "', which is not the input or an earlier layer");
        }
        inputs.add(index);
        inShapes.add(index == NETWORK_INPUT ? inputShape : all.get(index).outShape());
        if (index != NETWORK_INPUT) {
          read[index] = true;
        }
      }
      boolean weightedLayer = node.spec() instanceof LayerSpec.Conv || node.spec() instanceof LayerSpec.Dense;
      int[] out = outputShape(node, inShapes);
      if (out[0] < 1 || out[1] < 1 || out[2] < 1) {
        throw new IllegalArgumentException(architecture + " does not fit a " + channels + "x" + height + "x" + width + " input");
      }
      Step step = new Step(node.name(), node.spec(), weightedLayer ? weightedSteps.size() : -1, inputs, inShapes, out);
      if (indexOf.putIfAbsent(node.name(), all.size()) != null) {
        throw new IllegalArgumentException(architecture + ": two layers are named " + node.name());
      }
      all.add(step);
      if (weightedLayer) {
        weightedSteps.add(step);
      }
    }
    if (all.isEmpty() || !(all.get(all.size() - 1).spec() instanceof LayerSpec.Dense)) {
      throw new IllegalArgumentException(architecture + ": the last layer must be the dense layer of the logits");
    }
    for (int i = 0; i + 1 < all.size(); i++) {
      if (!read[i]) {
        throw new IllegalArgumentException(architecture + ": no layer reads " + all.get(i).name());
      }
    }
    this.steps = List.copyOf(all);
    this.weighted = List.copyOf(weightedSteps);
  }

  private String describe(int[] shape) {
    return shape[0] + "x" + shape[1] + "x" + shape[2];
  }

  private int[] outputShape(LayerNode node, List<int[]> inShapes) {
    int[] shape = inShapes.get(0);
    LayerSpec spec = node.spec();
    if (spec instanceof LayerSpec.Conv c) {
      int h = Shape.slide(shape[1], c.kernel(), c.stride(), c.padding());
      int w = Shape.slide(shape[2], c.kernel(), c.stride(), c.padding());
      return new int[] {c.outChannels(), h, w};
    }
    if (spec instanceof LayerSpec.Pool p) {
      return new int[] {shape[0], Shape.slide(shape[1], p.kernel(), p.stride(), 0), Shape.slide(shape[2], p.kernel(), p.stride(), 0)};
    }
    if (spec instanceof LayerSpec.Flatten) {
      return new int[] {shape[0] * shape[1] * shape[2], 1, 1};
    }
    if (spec instanceof LayerSpec.GlobalAvgPool) {
      return new int[] {shape[0], 1, 1};
    }
    if (spec instanceof LayerSpec.Add) {
      if (!Arrays.equals(shape, inShapes.get(1))) {
        throw new IllegalArgumentException(architecture + ": " + node.name() + " adds a " + describe(shape)
            + " tensor to a " + describe(inShapes.get(1)) + " tensor");
      }
      return shape.clone();
    }
    LayerSpec.Dense d = (LayerSpec.Dense) spec;
    if (shape[1] != 1 || shape[2] != 1) {
      throw new IllegalArgumentException(architecture + ": dense layer after a non-flat " + describe(shape)
          + " tensor; declare a flatten first");
    }
    return new int[] {d.outFeatures(), 1, 1};
  }

  boolean isLastWeighted(int k) {
    return k == weighted.size() - 1;
  }

  /** True when the step's output is clamped to [0, 1] by the bounded ReLU. */
  boolean isClamped(Step step) {
    if (step.spec() instanceof LayerSpec.Conv c) {
      return c.clamped();
    }
    if (step.spec() instanceof LayerSpec.Dense) {
      return !isLastWeighted(step.weightedIndex());
    }
    return step.spec() instanceof LayerSpec.Add;
  }
}
