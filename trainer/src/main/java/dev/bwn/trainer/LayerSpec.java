package dev.bwn.trainer;

/**
 * One layer of an architecture as declared in {@link Architectures}. Every {@link Conv} and
 * {@link Dense} is followed by batch norm; a clamped one then by the bounded ReLU clamp(., 0, 1)
 * that the integer model implements as the clamp of an unsigned output. The last dense layer (the
 * logits) and a conv declared {@code clamped = false} (the end of a residual branch) keep the
 * signed batch-norm output.
 */
public sealed interface LayerSpec {
  /** Square convolution, zero padding on all sides. */
  record Conv(int outChannels, int kernel, int stride, int padding, boolean clamped) implements LayerSpec {
    /** A convolution followed by the bounded ReLU. */
    public Conv(int outChannels, int kernel, int stride, int padding) {
      this(outChannels, kernel, stride, padding, true);
    }
  }

  /** Square max pooling, no padding. */
  record Pool(int kernel, int stride) implements LayerSpec {}

  /** CHW tensor to a flat vector in the same order; must precede a dense layer that follows convs. */
  record Flatten() implements LayerSpec {}

  /** Bounded ReLU of the sum of two tensors of one shape: clamp(a + b, 0, 1), a residual join. */
  record Add() implements LayerSpec {}

  /** Per-channel mean over height and width: C x H x W to a flat C vector. */
  record GlobalAvgPool() implements LayerSpec {}

  record Dense(int outFeatures) implements LayerSpec {}

  /** How many tensors the layer reads. */
  default int inputCount() {
    return this instanceof Add ? 2 : 1;
  }

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
