package dev.bwn.trainer;

/**
 * Batch norm over a tensor laid out [N, C, S] (S = H x W for a convolution, 1 for a dense layer),
 * optionally followed by the bounded ReLU clamp(., 0, 1), forward and backward, as plain loops: the
 * same function as {@link Graphs}' composition y = h s + (beta - mean s), s = gamma / sqrt(var + eps),
 * var = E[h^2] - E[h]^2 over N and S, and its exact derivative with the batch statistics
 * differentiated too. Per-channel sums are accumulated in double.
 */
final class BatchNormClamp {
  private final int batch;
  private final int channels;
  private final int spatial;
  private final boolean clamped;
  final double[] mean;
  final double[] variance;
  private final float[] scale;

  BatchNormClamp(int batch, int channels, int spatial, boolean clamped) {
    this.batch = batch;
    this.channels = channels;
    this.spatial = spatial;
    this.clamped = clamped;
    mean = new double[channels];
    variance = new double[channels];
    scale = new float[channels];
  }

  private int count() {
    return batch * spatial;
  }

  /** Batch statistics of h into {@link #mean} and {@link #variance}. */
  void measure(float[] h) {
    double[] sum = new double[channels];
    double[] sumOfSquares = new double[channels];
    for (int n = 0; n < batch; n++) {
      for (int c = 0; c < channels; c++) {
        int base = (n * channels + c) * spatial;
        double s = 0;
        double q = 0;
        for (int i = base; i < base + spatial; i++) {
          double v = h[i];
          s += v;
          q += v * v;
        }
        sum[c] += s;
        sumOfSquares[c] += q;
      }
    }
    for (int c = 0; c < channels; c++) {
      mean[c] = sum[c] / count();
      variance[c] = sumOfSquares[c] / count() - mean[c] * mean[c];
    }
  }

  /** y = clamp((h - mean) gamma / sqrt(var + eps) + beta) with the given statistics (batch or population). */
  float[] apply(float[] h, float[] gamma, float[] beta, double[] mean, double[] variance) {
    float[] shift = new float[channels];
    for (int c = 0; c < channels; c++) {
      double s = gamma[c] / Math.sqrt(variance[c] + Graphs.BN_EPSILON);
      scale[c] = (float) s;
      shift[c] = (float) (beta[c] - mean[c] * s);
    }
    float[] y = new float[h.length];
    for (int n = 0; n < batch; n++) {
      for (int c = 0; c < channels; c++) {
        int base = (n * channels + c) * spatial;
        float s = scale[c];
        float t = shift[c];
        for (int i = base; i < base + spatial; i++) {
          float v = h[i] * s + t;
          y[i] = clamped ? Math.min(Math.max(v, 0f), 1f) : v;
        }
      }
    }
    return y;
  }

  /**
   * dLoss/dh, and dLoss/dgamma, dLoss/dbeta into the given arrays, from dLoss/dy for the h, y and batch
   * statistics of the last training forward pass. The clamp passes the gradient where 0 < y < 1
   * (SameDiff's clipByValue: strictly inside), which the clamped output tells as well as its input.
   */
  float[] backward(float[] h, float[] y, float[] outputGradient, float[] gamma, float[] gammaGradient,
      float[] betaGradient) {
    float[] g = outputGradient;
    if (clamped) {
      g = new float[outputGradient.length];
      for (int i = 0; i < g.length; i++) {
        g[i] = y[i] > 0f && y[i] < 1f ? outputGradient[i] : 0f;
      }
    }
    double[] sumG = new double[channels];
    double[] sumGh = new double[channels];
    for (int n = 0; n < batch; n++) {
      for (int c = 0; c < channels; c++) {
        int base = (n * channels + c) * spatial;
        double a = 0;
        double b = 0;
        for (int i = base; i < base + spatial; i++) {
          a += g[i];
          b += (double) g[i] * h[i];
        }
        sumG[c] += a;
        sumGh[c] += b;
      }
    }
    float[] direct = new float[channels];
    float[] slope = new float[channels];
    float[] offset = new float[channels];
    float[] center = new float[channels];
    for (int c = 0; c < channels; c++) {
      double inverse = 1 / Math.sqrt(variance[c] + Graphs.BN_EPSILON);
      double s = gamma[c] * inverse;
      double centered = sumGh[c] - mean[c] * sumG[c];
      gammaGradient[c] = (float) (inverse * centered);
      betaGradient[c] = (float) sumG[c];
      double c1 = -s * inverse * inverse * centered / count();
      direct[c] = (float) s;
      center[c] = (float) mean[c];
      slope[c] = (float) c1;
      offset[c] = (float) (-s * sumG[c] / count());
    }
    float[] inputGradient = new float[h.length];
    for (int n = 0; n < batch; n++) {
      for (int c = 0; c < channels; c++) {
        int base = (n * channels + c) * spatial;
        float s = direct[c];
        float k = slope[c];
        float o = offset[c];
        float m = center[c];
        for (int i = base; i < base + spatial; i++) {
          // (h - mean) rather than h: the two terms would cancel in float when the mean is large.
          inputGradient[i] = s * g[i] + k * (h[i] - m) + o;
        }
      }
    }
    return inputGradient;
  }
}
