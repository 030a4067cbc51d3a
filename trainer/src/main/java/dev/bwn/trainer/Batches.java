package dev.bwn.trainer;

import dev.bwn.model.data.LabeledImages;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Turns uint8 images into ND4J batches; the float input is pixel / 255, so it maps back exactly. */
final class Batches {
  static final float PIXEL_SCALE = 255f;

  private Batches() {}

  /** Images {@code order[from..to)} as an [n, C, H, W] float array, optionally shifted at random. */
  static INDArray features(LabeledImages data, int[] order, int from, int to, int maxShift, SplittableRandom random) {
    int n = to - from;
    int c = data.channels();
    int h = data.height();
    int w = data.width();
    int pixels = c * h * w;
    float[] buffer = new float[n * pixels];
    for (int i = 0; i < n; i++) {
      int[] image = data.images()[order == null ? from + i : order[from + i]];
      int base = i * pixels;
      if (maxShift == 0) {
        for (int p = 0; p < pixels; p++) {
          buffer[base + p] = image[p] / PIXEL_SCALE;
        }
        continue;
      }
      int dy = random.nextInt(2 * maxShift + 1) - maxShift;
      int dx = random.nextInt(2 * maxShift + 1) - maxShift;
      for (int ch = 0; ch < c; ch++) {
        for (int y = 0; y < h; y++) {
          int sy = y - dy;
          if (sy < 0 || sy >= h) {
            continue;
          }
          for (int x = 0; x < w; x++) {
            int sx = x - dx;
            if (sx >= 0 && sx < w) {
              buffer[base + (ch * h + y) * w + x] = image[(ch * h + sy) * w + sx] / PIXEL_SCALE;
            }
          }
        }
      }
    }
    return Nd4j.create(buffer, new long[] {n, c, h, w}, 'c');
  }

  static INDArray oneHot(LabeledImages data, int[] order, int from, int to) {
    int n = to - from;
    float[] buffer = new float[n * data.classes()];
    for (int i = 0; i < n; i++) {
      int label = data.labels()[order == null ? from + i : order[from + i]];
      buffer[i * data.classes() + label] = 1f;
    }
    return Nd4j.create(buffer, new long[] {n, data.classes()}, 'c');
  }
}
