package dev.bwn.trainer;

/**
 * One layer of an architecture as declared in {@link Architectures}. Every {@link Conv} and
 * {@link Dense} is followed by batch norm and, except for the last one, by the bounded ReLU that
 * the integer model implements as its clamp.
 */
public sealed interface LayerSpec {
  /** Square convolution, zero padding on all sides. */
  record Conv(int outChannels, int kernel, int stride, int padding) implements LayerSpec {}

  /** Square max pooling, no padding. */
  record Pool(int kernel, int stride) implements LayerSpec {}

  /** CHW tensor to a flat vector in the same order; must precede a dense layer that follows convs. */
  record Flatten() implements LayerSpec {}

  record Dense(int outFeatures) implements LayerSpec {}

  static Conv conv(int outChannels, int kernel, int padding) {
    return new Conv(outChannels, kernel, 1, padding);
  }

  static Pool pool(int size) {
    return new Pool(size, size);
  }

  static Flatten flatten() {
    return new Flatten();
  }

  static Dense dense(int outFeatures) {
    return new Dense(outFeatures);
  }
}
