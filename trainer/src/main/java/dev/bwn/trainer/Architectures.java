package dev.bwn.trainer;

import static dev.bwn.trainer.LayerSpec.conv;
import static dev.bwn.trainer.LayerSpec.dense;
import static dev.bwn.trainer.LayerSpec.flatten;
import static dev.bwn.trainer.LayerSpec.pool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every architecture the trainer knows, declared once, as a graph: a list of named layers, each
 * reading named tensors. A chain is the special case where each layer reads the one before. The
 * last dense layer's width is the number of classes and is filled in from the dataset.
 */
public final class Architectures {
  /** The name of the network input tensor. */
  public static final String INPUT = "input";

  private static final Map<String, List<LayerNode>> HIDDEN = new LinkedHashMap<>();

  static {
    HIDDEN.put("mlp", chain(flatten(), dense(256), dense(256)));
    // LeCun et al. 1998 widths; padding 2 on the first conv keeps the 32x32 geometry on 28x28 input.
    HIDDEN.put("lenet5", chain(
        conv(6, 5, 2), pool(2), conv(16, 5, 0), pool(2), flatten(), dense(120), dense(84)));
    // The Caffe LeNet widths (20-50-500) used by most binary-network papers for MNIST.
    HIDDEN.put("lenet5-wide", chain(
        conv(20, 5, 0), pool(2), conv(50, 5, 0), pool(2), flatten(), dense(500)));
    // Sized for a 2 KB-RAM microcontroller: the largest ping-pong pair is the 784-byte input
    // plus the pooled 6x12x12 first feature map (864 bytes) = 1648 bytes of 8-bit activations.
    HIDDEN.put("tiny", chain(
        conv(6, 5, 0), pool(2), conv(24, 5, 0), pool(2), flatten(), dense(96)));
    // VGG-Small of the binary-network literature (CIFAR-10): 2x128, 2x256, 2x512 3x3 convs.
    HIDDEN.put("vgg-small", chain(
        conv(128, 3, 1), conv(128, 3, 1), pool(2),
        conv(256, 3, 1), conv(256, 3, 1), pool(2),
        conv(512, 3, 1), conv(512, 3, 1), pool(2), flatten()));
    HIDDEN.put("resnet8", resnet8());
  }

  private Architectures() {}

  public static List<String> names() {
    return List.copyOf(HIDDEN.keySet());
  }

  /** The layers of {@code name} ending in a dense layer with {@code classes} outputs. */
  public static List<LayerNode> layers(String name, int classes) {
    List<LayerNode> hidden = HIDDEN.get(name);
    if (hidden == null) {
      throw new IllegalArgumentException(
          "unknown architecture '" + name + "'; expected one of " + String.join(", ", names()));
    }
    List<LayerNode> all = new ArrayList<>(hidden);
    all.add(new LayerNode("dense" + weightedCount(hidden), dense(classes),
        List.of(hidden.get(hidden.size() - 1).name())));
    return List.copyOf(all);
  }

  /**
   * A small residual network for 28x28 images, after MLPerf Tiny's ResNet-8 (a 3x3 stem and three
   * stages of one basic block at 16, 32 and 64 channels, global average pooling, one dense layer):
   * 8 weighted layers on the main path plus two 1x1 projections. The stem has stride 2, so the
   * blocks run at 14x14, 7x7 and 4x4: training time here is dominated by the elementwise batch-norm
   * and clamp passes over the activations, and the 28x28 stem map alone was a third of them.
   */
  private static List<LayerNode> resnet8() {
    List<LayerNode> nodes = new ArrayList<>();
    String x = append(nodes, "stem", new LayerSpec.Conv(16, 3, 2, 1), INPUT);
    x = basicBlock(nodes, "block1", x, 16, 1, false);
    x = basicBlock(nodes, "block2", x, 32, 2, true);
    x = basicBlock(nodes, "block3", x, 64, 2, true);
    append(nodes, "gap", new LayerSpec.GlobalAvgPool(), x);
    return List.copyOf(nodes);
  }

  /**
   * He et al.'s basic block: conv3x3 (stride) + BN + ReLU, conv3x3 + BN, added to the skip (the
   * block input, or a 1x1 conv + BN with the same stride when {@code project}), then ReLU. The
   * two summands are not clamped: they are signed tensors until the add.
   */
  private static String basicBlock(
      List<LayerNode> nodes, String name, String input, int channels, int stride, boolean project) {
    String hidden = append(nodes, name + "_conv1", new LayerSpec.Conv(channels, 3, stride, 1), input);
    String main = append(nodes, name + "_conv2", new LayerSpec.Conv(channels, 3, 1, 1, false), hidden);
    String skip = project
        ? append(nodes, name + "_project", new LayerSpec.Conv(channels, 1, stride, 0, false), input)
        : input;
    return append(nodes, name + "_add", new LayerSpec.Add(), main, skip);
  }

  private static String append(List<LayerNode> nodes, String name, LayerSpec spec, String... inputs) {
    nodes.add(new LayerNode(name, spec, List.of(inputs)));
    return name;
  }

  /** Layers that each read the one before, named as bwn always named them: conv0, pool0, dense2, flatten. */
  private static List<LayerNode> chain(LayerSpec... specs) {
    List<LayerNode> nodes = new ArrayList<>();
    String previous = INPUT;
    int pools = 0;
    for (LayerSpec spec : specs) {
      int weighted = weightedCount(nodes);
      String name;
      if (spec instanceof LayerSpec.Conv) {
        name = "conv" + weighted;
      } else if (spec instanceof LayerSpec.Dense) {
        name = "dense" + weighted;
      } else if (spec instanceof LayerSpec.Pool) {
        name = "pool" + pools++;
      } else {
        name = "flatten";
      }
      previous = append(nodes, name, spec, previous);
    }
    return List.copyOf(nodes);
  }

  private static int weightedCount(List<LayerNode> nodes) {
    return (int) nodes.stream()
        .filter(n -> n.spec() instanceof LayerSpec.Conv || n.spec() instanceof LayerSpec.Dense).count();
  }
}
