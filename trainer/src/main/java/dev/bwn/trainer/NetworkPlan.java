package dev.bwn.trainer;

import dev.bwn.model.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * An architecture resolved against an input shape: every layer's input and output CHW shape, and
 * for each weighted layer its parameter shape. Weighted layers are numbered 0..n-1; parameters are
 * named {@code theta<k>}, {@code gamma<k>}, {@code beta<k>}.
 */
final class NetworkPlan {
  /** A layer with its shapes; {@code weightedIndex} is -1 for pooling and flatten. */
  record Step(LayerSpec spec, int weightedIndex, int[] inShape, int[] outShape) {
    boolean isConv() {
      return spec instanceof LayerSpec.Conv;
    }

    /** Conv weights are [kH, kW, inC, outC] (SameDiff's default YXIO), dense [in, out]. */
    long[] thetaShape() {
      if (spec instanceof LayerSpec.Conv c) {
        return new long[] {c.kernel(), c.kernel(), inShape[0], c.outChannels()};
      }
      LayerSpec.Dense d = (LayerSpec.Dense) spec;
      return new long[] {inShape[0], d.outFeatures()};
    }

    int outChannels() {
      return outShape[0];
    }

    int fanIn() {
      if (spec instanceof LayerSpec.Conv c) {
        return c.kernel() * c.kernel() * inShape[0];
      }
      return inShape[0];
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
    this.architecture = architecture;
    this.inputShape = new int[] {channels, height, width};
    this.classes = classes;
    List<Step> all = new ArrayList<>();
    List<Step> weightedSteps = new ArrayList<>();
    int[] shape = inputShape;
    for (LayerSpec spec : Architectures.layers(architecture, classes)) {
      int[] out;
      int index = -1;
      if (spec instanceof LayerSpec.Conv c) {
        int h = Shape.slide(shape[1], c.kernel(), c.stride(), c.padding());
        int w = Shape.slide(shape[2], c.kernel(), c.stride(), c.padding());
        out = new int[] {c.outChannels(), h, w};
        index = weightedSteps.size();
      } else if (spec instanceof LayerSpec.Pool p) {
        out = new int[] {shape[0], Shape.slide(shape[1], p.kernel(), p.stride(), 0), Shape.slide(shape[2], p.kernel(), p.stride(), 0)};
      } else if (spec instanceof LayerSpec.Flatten) {
        out = new int[] {shape[0] * shape[1] * shape[2], 1, 1};
      } else {
        LayerSpec.Dense d = (LayerSpec.Dense) spec;
        if (shape[1] != 1 || shape[2] != 1) {
          throw new IllegalArgumentException(architecture + ": dense layer after a non-flat " + shape[0]
              + "x" + shape[1] + "x" + shape[2] + " tensor; declare a flatten first");
        }
        out = new int[] {d.outFeatures(), 1, 1};
        index = weightedSteps.size();
      }
      if (out[0] < 1 || out[1] < 1 || out[2] < 1) {
        throw new IllegalArgumentException(architecture + " does not fit a " + channels + "x" + height + "x" + width + " input");
      }
      Step step = new Step(spec, index, shape, out);
      all.add(step);
      if (index >= 0) {
        weightedSteps.add(step);
      }
      shape = out;
    }
    this.steps = List.copyOf(all);
    this.weighted = List.copyOf(weightedSteps);
  }

  boolean isLastWeighted(int k) {
    return k == weighted.size() - 1;
  }
}
