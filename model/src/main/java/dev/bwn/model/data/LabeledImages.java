package dev.bwn.model.data;

import java.util.Arrays;

/**
 * Images with their class labels, as the integer model consumes them: each image is a flat CHW array
 * of uint8 pixel values (0..255) of length {@code channels * height * width}.
 *
 * <p>The arrays are shared, not copied; treat them as read-only.
 */
public record LabeledImages(
    String name, int channels, int height, int width, int classes, int[][] images, int[] labels) {

  public LabeledImages {
    if (images.length != labels.length) {
      throw new IllegalArgumentException(
          "images (" + images.length + ") and labels (" + labels.length + ") differ in count");
    }
    int pixels = channels * height * width;
    for (int i = 0; i < images.length; i++) {
      if (images[i].length != pixels) {
        throw new IllegalArgumentException(
            "image " + i + " has " + images[i].length + " pixels, expected " + pixels);
      }
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            "label " + labels[i] + " of image " + i + " is outside 0.." + (classes - 1));
      }
    }
  }

  public int size() {
    return images.length;
  }

  public int pixelsPerImage() {
    return channels * height * width;
  }

  /** The same examples declared to come from {@code count} classes (at least as many as the labels need). */
  public LabeledImages withClasses(int count) {
    return new LabeledImages(name, channels, height, width, count, images, labels);
  }

  /** The first {@code count} examples (or all, if there are fewer). */
  public LabeledImages head(int count) {
    int n = Math.min(count, size());
    return new LabeledImages(
        name, channels, height, width, classes,
        Arrays.copyOf(images, n), Arrays.copyOf(labels, n));
  }

  /** The examples in the order given by {@code order} (a permutation or any list of indices). */
  public LabeledImages select(int[] order) {
    int[][] selectedImages = new int[order.length][];
    int[] selectedLabels = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      selectedImages[i] = images[order[i]];
      selectedLabels[i] = labels[order[i]];
    }
    return new LabeledImages(name, channels, height, width, classes, selectedImages, selectedLabels);
  }

  /** A copy in a seeded random order; the same seed always gives the same order. */
  public LabeledImages shuffled(long seed) {
    return select(Shuffle.permutation(size(), seed));
  }
}
