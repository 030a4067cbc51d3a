package dev.bwn.trainer;

import static dev.bwn.trainer.LayerSpec.conv;
import static dev.bwn.trainer.LayerSpec.dense;
import static dev.bwn.trainer.LayerSpec.flatten;
import static dev.bwn.trainer.LayerSpec.pool;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every architecture the trainer knows, declared once. The last dense layer's width is the number
 * of classes and is filled in from the dataset.
 */
public final class Architectures {
  private static final Map<String, List<LayerSpec>> HIDDEN = new LinkedHashMap<>();

  static {
    HIDDEN.put("mlp", List.of(flatten(), dense(256), dense(256)));
    // LeCun et al. 1998 widths; padding 2 on the first conv keeps the 32x32 geometry on 28x28 input.
    HIDDEN.put("lenet5", List.of(
        conv(6, 5, 2), pool(2), conv(16, 5, 0), pool(2), flatten(), dense(120), dense(84)));
    // The Caffe LeNet widths (20-50-500) used by most binary-network papers for MNIST.
    HIDDEN.put("lenet5-wide", List.of(
        conv(20, 5, 0), pool(2), conv(50, 5, 0), pool(2), flatten(), dense(500)));
    // Sized for a 2 KB-RAM microcontroller: the largest ping-pong pair is the 784-byte input
    // plus the pooled 6x12x12 first feature map (864 bytes) = 1648 bytes of 8-bit activations.
    HIDDEN.put("tiny", List.of(
        conv(6, 5, 0), pool(2), conv(24, 5, 0), pool(2), flatten(), dense(96)));
    // VGG-Small of the binary-network literature (CIFAR-10): 2x128, 2x256, 2x512 3x3 convs.
    HIDDEN.put("vgg-small", List.of(
        conv(128, 3, 1), conv(128, 3, 1), pool(2),
        conv(256, 3, 1), conv(256, 3, 1), pool(2),
        conv(512, 3, 1), conv(512, 3, 1), pool(2), flatten()));
  }

  private Architectures() {}

  public static List<String> names() {
    return List.copyOf(HIDDEN.keySet());
  }

  /** The layers of {@code name} ending in a dense layer with {@code classes} outputs. */
  public static List<LayerSpec> layers(String name, int classes) {
    List<LayerSpec> hidden = HIDDEN.get(name);
    if (hidden == null) {
      throw new IllegalArgumentException(
          "unknown architecture '" + name + "'; expected one of " + String.join(", ", names()));
    }
    List<LayerSpec> all = new java.util.ArrayList<>(hidden);
    all.add(dense(classes));
    return List.copyOf(all);
  }
}
