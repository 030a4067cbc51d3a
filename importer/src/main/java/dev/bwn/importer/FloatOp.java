package dev.bwn.importer;

import dev.bwn.model.Shape;
import java.util.List;

/**
 * One node of the graph that depends on the image, parsed and checked, with its float semantics (batch 1, CHW order,
 * float32 values as ONNX defines them). The import maps these onto bwn layers and evaluates them to calibrate
 * activation scales and to measure how far the integer model is from the float graph.
 */
sealed interface FloatOp {
    OnnxNode node();

    /** The activation tensors it reads (constants excluded). */
    List<String> inputs();

    String output();

    /** The shape of its output; a rank-2 ONNX tensor [1, n] is the flat shape [n, 1, 1]. */
    Shape outShape();

    float[] apply(List<float[]> in);

    record Conv(OnnxNode node, String input, String output, Shape inShape, Shape outShape, float[] weight, float[] bias,
                int kernelHeight, int kernelWidth, int strideY, int strideX, int padY, int padX) implements FloatOp {
        public List<String> inputs() {
            return List.of(input);
        }

        int fanIn() {
            return inShape.channels() * kernelHeight * kernelWidth;
        }

        public float[] apply(List<float[]> in) {
            float[] x = in.get(0);
            int c = inShape.channels();
            int h = inShape.height();
            int w = inShape.width();
            float[] y = new float[outShape.size()];
            int fanIn = fanIn();
            for (int o = 0; o < outShape.channels(); o++) {
                for (int oy = 0; oy < outShape.height(); oy++) {
                    for (int ox = 0; ox < outShape.width(); ox++) {
                        double sum = bias == null ? 0 : bias[o];
                        for (int ic = 0; ic < c; ic++) {
                            for (int ky = 0; ky < kernelHeight; ky++) {
                                int iy = oy * strideY - padY + ky;
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                for (int kx = 0; kx < kernelWidth; kx++) {
                                    int ix = ox * strideX - padX + kx;
                                    if (ix >= 0 && ix < w) {
                                        sum += weight[o * fanIn + (ic * kernelHeight + ky) * kernelWidth + kx]
                                                * x[(ic * h + iy) * w + ix];
                                    }
                                }
                            }
                        }
                        y[(o * outShape.height() + oy) * outShape.width() + ox] = (float) sum;
                    }
                }
            }
            return y;
        }
    }

    /** Gemm or MatMul: weight rows are output features, [out][in]. */
    record Dense(OnnxNode node, String input, String output, Shape outShape, int inFeatures, float[] weight,
                 float[] bias) implements FloatOp {
        public List<String> inputs() {
            return List.of(input);
        }

        public float[] apply(List<float[]> in) {
            float[] x = in.get(0);
            float[] y = new float[outShape.channels()];
            for (int o = 0; o < y.length; o++) {
                double sum = bias == null ? 0 : bias[o];
                for (int i = 0; i < inFeatures; i++) {
                    sum += weight[o * inFeatures + i] * x[i];
                }
                y[o] = (float) sum;
            }
            return y;
        }
    }

    /** An Add of a per-channel constant: a bias after MatMul or a bias-less layer. */
    record Bias(OnnxNode node, String input, String output, Shape outShape, float[] bias) implements FloatOp {
        public List<String> inputs() {
            return List.of(input);
        }

        public float[] apply(List<float[]> in) {
            return perChannel(in.get(0), outShape, (c, v) -> v + bias[c]);
        }
    }

    record BatchNorm(OnnxNode node, String input, String output, Shape outShape, float[] gamma, float[] beta,
                     float[] mean, float[] variance, float epsilon) implements FloatOp {
        public List<String> inputs() {
            return List.of(input);
        }

        public float[] apply(List<float[]> in) {
            return perChannel(in.get(0), outShape,
                    (c, v) -> (float) (gamma[c] * (v - mean[c]) / Math.sqrt(variance[c] + epsilon) + beta[c]));
        }
    }

    /** Relu is Clip(0, +infinity). */
    record Clip(OnnxNode node, String input, String output, Shape outShape, float min, float max) implements FloatOp {
        public List<String> inputs() {
            return List.of(input);
        }

        public float[] apply(List<float[]> in) {
            return perChannel(in.get(0), outShape, (c, v) -> Math.min(max, Math.max(min, v)));
        }
    }

    record Quant(OnnxNode node, String input, String output, Shape outShape, QuantSpec spec) implements FloatOp {
        public List<String> inputs() {
            return List.of(input);
        }

        public float[] apply(List<float[]> in) {
            return spec.apply(new FloatTensor(new int[]{in.get(0).length}, in.get(0))).values();
        }
    }

    record MaxPool(OnnxNode node, String input, String output, Shape inShape, Shape outShape, int kernelHeight,
                   int kernelWidth, int strideY, int strideX) implements FloatOp {
        public List<String> inputs() {
            return List.of(input);
        }

        public float[] apply(List<float[]> in) {
            float[] x = in.get(0);
            float[] y = new float[outShape.size()];
            for (int c = 0; c < outShape.channels(); c++) {
                for (int oy = 0; oy < outShape.height(); oy++) {
                    for (int ox = 0; ox < outShape.width(); ox++) {
                        float best = Float.NEGATIVE_INFINITY;
                        for (int ky = 0; ky < kernelHeight; ky++) {
                            for (int kx = 0; kx < kernelWidth; kx++) {
                                best = Math.max(best, x[(c * inShape.height() + oy * strideY + ky) * inShape.width()
                                        + ox * strideX + kx]);
                            }
                        }
                        y[(c * outShape.height() + oy) * outShape.width() + ox] = best;
                    }
                }
            }
            return y;
        }
    }

    record GlobalAvgPool(OnnxNode node, String input, String output, Shape inShape, Shape outShape) implements FloatOp {
        public List<String> inputs() {
            return List.of(input);
        }

        public float[] apply(List<float[]> in) {
            float[] x = in.get(0);
            int positions = inShape.height() * inShape.width();
            float[] y = new float[inShape.channels()];
            for (int c = 0; c < y.length; c++) {
                double sum = 0;
                for (int i = 0; i < positions; i++) {
                    sum += x[c * positions + i];
                }
                y[c] = (float) (sum / positions);
            }
            return y;
        }
    }

    /** An Add of two activations of the same shape (a residual join). */
    record Sum(OnnxNode node, String input0, String input1, String output, Shape outShape) implements FloatOp {
        public List<String> inputs() {
            return List.of(input0, input1);
        }

        public float[] apply(List<float[]> in) {
            float[] y = new float[outShape.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = in.get(0)[i] + in.get(1)[i];
            }
            return y;
        }
    }

    /** Flatten, or a Reshape to [1, n]: the CHW order is the flat order, no value moves. */
    record Flatten(OnnxNode node, String input, String output, Shape outShape) implements FloatOp {
        public List<String> inputs() {
            return List.of(input);
        }

        public float[] apply(List<float[]> in) {
            return in.get(0);
        }
    }

    interface ChannelFunction {
        float apply(int channel, float value);
    }

    private static float[] perChannel(float[] x, Shape shape, ChannelFunction f) {
        float[] y = new float[x.length];
        int positions = shape.height() * shape.width();
        for (int i = 0; i < x.length; i++) {
            y[i] = f.apply(i / positions, x[i]);
        }
        return y;
    }
}
