package dev.bwn.trainer;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2DDerivative;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training step's forward and backward pass through a {@link NetworkPlan}, written out: the
 * convolution, pooling and matrix kernels are ND4J's (oneDNN) called directly, batch norm, the clamp,
 * the residual add, global average pooling, the loss and the group weight transform are loops
 * ({@link BatchNormClamp}, {@link WeightTransform}). It computes the function of
 * {@link Graphs#training} and its exact gradient (checked against SameDiff's autodiff of that graph by
 * ExplicitBackpropTest), without SameDiff's per-op bookkeeping, which cost more than the kernels
 * (docs/BENCHMARKS.md). Every off-heap array a pass allocates belongs to the {@link Pass} and is freed
 * when it is closed, so memory does not wait for the garbage collector.
 */
final class ExplicitBackprop {
  private final NetworkPlan plan;
  private final Method[] methods;
  private final WeightTransform[] transforms;

  ExplicitBackprop(NetworkPlan plan, Method[] methods, int groupSize) {
    this.plan = plan;
    this.methods = methods.clone();
    transforms = new WeightTransform[plan.weighted.size()];
    for (int k = 0; k < transforms.length; k++) {
      if (methods[k] == Method.GROUP) {
        transforms[k] = new WeightTransform(plan.weighted.get(k), groupSize);
      }
    }
  }

  /** A step's loss, predictions and parameter gradients; closing it frees its off-heap arrays. */
  static final class Pass implements AutoCloseable {
    private final List<INDArray> owned = new ArrayList<>();
    private final Map<String, INDArray> gradients = new LinkedHashMap<>();
    private double loss;
    private int[] predicted;

    double loss() {
      return loss;
    }

    /** The class with the largest logit, per image. */
    int[] predicted() {
      return predicted;
    }

    /** dLoss/d(name) for every trainable variable of {@link Model#trainableNames()}. */
    Map<String, INDArray> gradients() {
      return gradients;
    }

    INDArray own(INDArray array) {
      owned.add(array);
      return array;
    }

    INDArray own(float[] values, long... shape) {
      INDArray array = own(Nd4j.createUninitialized(DataType.FLOAT, shape, 'c'));
      buffer(array).put(0, values);
      return array;
    }

    INDArray create(long... shape) {
      return own(Nd4j.createUninitialized(DataType.FLOAT, shape, 'c'));
    }

    @Override
    public void close() {
      for (INDArray array : owned) {
        if (!array.wasClosed()) {
          array.close();
        }
      }
      owned.clear();
    }
  }

  static FloatBuffer buffer(INDArray array) {
    return array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  /** The values of a c-ordered array that owns its whole buffer (as every array here does). */
  static float[] read(INDArray array) {
    float[] values = new float[(int) array.length()];
    buffer(array).get((int) array.offset(), values);
    return values;
  }

  /** A tensor of the forward pass: on-heap values for the loops, an off-heap copy for the kernels. */
  private record Tensor(float[] values, INDArray array) {}

  /**
   * Forward and backward pass on one batch: {@code input} [n, C, H, W], {@code labels} the class of each
   * image, {@code alpha} the sharpening exponent. Parameters are read from {@code model}'s arrays.
   */
  Pass run(Model model, INDArray input, int[] labels, double alpha) {
    Pass pass = new Pass();
    try {
      train(pass, model, input, labels, alpha);
      return pass;
    } catch (RuntimeException | Error e) {
      pass.close();
      throw e;
    }
  }

  /** What the backward pass needs of the forward pass. */
  private record Forward(Tensor input, Tensor[] outputs, float[][] preNorm, BatchNormClamp[] norms,
                         int[][] convolutionArguments) {}

  /**
   * The forward pass with the given weights; batch norm with each batch's statistics ({@code population} null: training
   * and calibration) or with population statistics (inference).
   */
  private Forward forward(Pass pass, INDArray input, INDArray[] weights, float[][] gamma, float[][] beta,
      BnStatistics population) {
    int batch = (int) input.size(0);
    int steps = plan.steps.size();
    Forward f = new Forward(new Tensor(null, input), new Tensor[steps], new float[steps][], new BatchNormClamp[steps],
        new int[steps][]);
    Tensor[] outputs = f.outputs();
    for (int s = 0; s < steps; s++) {
      NetworkPlan.Step step = plan.steps.get(s);
      Tensor x = input(step, 0, f.input(), outputs);
      int k = step.weightedIndex();
      if (k >= 0) {
        INDArray h;
        if (step.isConv()) {
          h = pass.create(batch, step.outShape()[0], step.outShape()[1], step.outShape()[2]);
          Conv2D convolution = convolution(step, x.array(), weights[k], h);
          Nd4j.exec(convolution);
          f.convolutionArguments()[s] = Arrays.stream(convolution.iArgs()).mapToInt(Math::toIntExact).toArray();
        } else {
          h = pass.create(batch, step.outShape()[0]);
          Nd4j.gemm(x.array(), weights[k], h, false, false, 1.0, 0.0);
        }
        float[] preNorm = read(h);
        BatchNormClamp norm = new BatchNormClamp(batch, step.outChannels(), spatial(step), plan.isClamped(step));
        float[] y;
        if (population == null) {
          norm.measure(preNorm);
          y = norm.apply(preNorm, gamma[k], beta[k], norm.mean, norm.variance);
        } else {
          y = norm.apply(preNorm, gamma[k], beta[k], doubles(population.means().get(k)),
              doubles(population.variances().get(k)));
        }
        f.preNorm()[s] = preNorm;
        f.norms()[s] = norm;
        outputs[s] = new Tensor(y, pass.own(y, h.shape()));
      } else if (step.spec() instanceof LayerSpec.Pool p) {
        INDArray pooled = pass.create(batch, step.outShape()[0], step.outShape()[1], step.outShape()[2]);
        Nd4j.exec(new MaxPooling2D(x.array(), pooled, poolConfig(p)));
        outputs[s] = new Tensor(null, pooled);
      } else if (step.spec() instanceof LayerSpec.Flatten) {
        outputs[s] = new Tensor(x.values(), x.array().reshape('c', batch, step.outShape()[0]));
      } else if (step.spec() instanceof LayerSpec.Add) {
        float[] a = values(x);
        float[] b = values(input(step, 1, f.input(), outputs));
        float[] sum = new float[a.length];
        for (int i = 0; i < sum.length; i++) {
          sum[i] = Math.min(Math.max(a[i] + b[i], 0f), 1f);
        }
        outputs[s] = new Tensor(sum, pass.own(sum, x.array().shape()));
      } else {
        outputs[s] = globalAveragePool(pass, step, x, batch);
      }
    }
    return f;
  }

  private static double[] doubles(INDArray array) {
    return array.data().asDouble();
  }

  /**
   * Batch statistics of every batch-norm layer on {@code input} with the given weights (the graph of
   * {@link Graphs#calibration}): {mean, variance} per weighted layer.
   */
  double[][][] batchStatistics(Model model, List<INDArray> weights, INDArray input) {
    try (Pass pass = new Pass()) {
      Forward f = forward(pass, input, weights.toArray(INDArray[]::new), affine(model, Graphs::gamma),
          affine(model, Graphs::beta), null);
      double[][][] statistics = new double[plan.weighted.size()][][];
      for (NetworkPlan.Step step : plan.weighted) {
        BatchNormClamp norm = f.norms()[plan.steps.indexOf(step)];
        statistics[step.weightedIndex()] = new double[][] {norm.mean, norm.variance};
      }
      return statistics;
    }
  }

  /** The predicted class of every image of {@code input} in inference mode (the graph of {@link Graphs#evaluation}). */
  int[] predict(Model model, List<INDArray> weights, BnStatistics statistics, INDArray input) {
    try (Pass pass = new Pass()) {
      Forward f = forward(pass, input, weights.toArray(INDArray[]::new), affine(model, Graphs::gamma),
          affine(model, Graphs::beta), statistics);
      float[] logits = values(f.outputs()[plan.steps.size() - 1]);
      int[] predicted = new int[(int) input.size(0)];
      for (int n = 0; n < predicted.length; n++) {
        predicted[n] = argMax(logits, n * plan.classes, plan.classes);
      }
      return predicted;
    }
  }

  private float[][] affine(Model model, java.util.function.IntFunction<String> name) {
    float[][] values = new float[plan.weighted.size()][];
    for (int k = 0; k < values.length; k++) {
      values[k] = read(model.array(name.apply(k)));
    }
    return values;
  }

  /** The first index of the largest of {@code count} values from {@code base} (ties to the lowest, as argMax). */
  private static int argMax(float[] values, int base, int count) {
    int best = 0;
    for (int c = 1; c < count; c++) {
      if (values[base + c] > values[base + best]) {
        best = c;
      }
    }
    return best;
  }

  private void train(Pass pass, Model model, INDArray input, int[] labels, double alpha) {
    int layers = plan.weighted.size();
    float[][] theta = new float[layers][];
    INDArray[] weights = new INDArray[layers];
    float[][] gamma = affine(model, Graphs::gamma);
    for (int k = 0; k < layers; k++) {
      INDArray thetaArray = model.array(Graphs.theta(k));
      if (transforms[k] == null) {
        weights[k] = thetaArray;
      } else {
        theta[k] = read(thetaArray);
        weights[k] = pass.own(transforms[k].forward(theta[k], alpha), thetaArray.shape());
      }
    }
    Forward f = forward(pass, input, weights, gamma, affine(model, Graphs::beta), null);
    int steps = plan.steps.size();
    Tensor[] outputs = f.outputs();
    Tensor in0 = f.input();
    float[][] preNorm = f.preNorm();
    BatchNormClamp[] norms = f.norms();
    int[][] convolutionArguments = f.convolutionArguments();
    int batch = labels.length;
    float[] logitGradient = softmaxCrossEntropy(pass, values(outputs[steps - 1]), labels, plan.classes);

    float[][] gradient = new float[steps][];
    gradient[steps - 1] = logitGradient;
    for (int s = steps - 1; s >= 0; s--) {
      NetworkPlan.Step step = plan.steps.get(s);
      float[] g = gradient[s];
      if (g == null) {
        continue;
      }
      Tensor x = input(step, 0, in0, outputs);
      boolean needInputGradient = step.inputs().get(0) != NetworkPlan.NETWORK_INPUT;
      int k = step.weightedIndex();
      if (k >= 0) {
        float[] gammaGradient = new float[step.outChannels()];
        float[] betaGradient = new float[step.outChannels()];
        float[] h = norms[s].backward(preNorm[s], outputs[s].values(), g, gamma[k], gammaGradient, betaGradient);
        long[] channelShape = Graphs.channelShape(step);
        pass.gradients.put(Graphs.gamma(k), pass.own(gammaGradient, channelShape));
        pass.gradients.put(Graphs.beta(k), pass.own(betaGradient, channelShape));
        INDArray hGradient = pass.own(h, outputs[s].array().shape());
        INDArray weightGradient = pass.create(weights[k].shape());
        INDArray inputGradient = null;
        if (step.isConv()) {
          inputGradient = pass.create(x.array().shape());
          Nd4j.exec(DynamicCustomOp.builder("conv2d_bp")
              .addInputs(x.array(), weights[k], hGradient)
              .addOutputs(inputGradient, weightGradient)
              .addIntegerArguments(convolutionArguments[s])
              .build());
        } else {
          Nd4j.gemm(x.array(), hGradient, weightGradient, true, false, 1.0, 0.0);
          if (needInputGradient) {
            inputGradient = pass.create(x.array().shape());
            Nd4j.gemm(hGradient, weights[k], inputGradient, false, true, 1.0, 0.0);
          }
        }
        if (transforms[k] == null) {
          pass.gradients.put(Graphs.theta(k), weightGradient);
        } else {
          float[] thetaGradient = transforms[k].backward(theta[k], read(weightGradient));
          pass.gradients.put(Graphs.theta(k), pass.own(thetaGradient, weights[k].shape()));
        }
        if (needInputGradient) {
          accumulate(gradient, step.inputs().get(0), read(inputGradient));
        }
      } else if (step.spec() instanceof LayerSpec.Pool p) {
        INDArray inputGradient = pass.create(x.array().shape());
        Pooling2DConfig config = poolConfig(p);
        config.setType(Pooling2D.Pooling2DType.MAX);
        Nd4j.exec(new Pooling2DDerivative(x.array(), pass.own(g, outputs[s].array().shape()), inputGradient, config));
        accumulate(gradient, step.inputs().get(0), read(inputGradient));
      } else if (step.spec() instanceof LayerSpec.Flatten) {
        accumulate(gradient, step.inputs().get(0), g);
      } else if (step.spec() instanceof LayerSpec.Add) {
        float[] sum = outputs[s].values();
        float[] inside = new float[g.length];
        for (int i = 0; i < g.length; i++) {
          inside[i] = sum[i] > 0f && sum[i] < 1f ? g[i] : 0f;
        }
        accumulate(gradient, step.inputs().get(0), inside);
        accumulate(gradient, step.inputs().get(1), inside);
      } else {
        int channels = step.outShape()[0];
        int area = (int) (x.array().length() / ((long) batch * channels));
        float[] spread = new float[batch * channels * area];
        for (int i = 0; i < spread.length; i++) {
          spread[i] = g[i / area] / area;
        }
        accumulate(gradient, step.inputs().get(0), spread);
      }
    }
  }

  /** Adds {@code g} to the gradient of step {@code index}'s output (a tensor read by two layers gets both). */
  private static void accumulate(float[][] gradient, int index, float[] g) {
    if (index == NetworkPlan.NETWORK_INPUT) {
      return;
    }
    if (gradient[index] == null) {
      gradient[index] = g;
      return;
    }
    // A copy: the array already there may be another step's gradient as well (an add passes one array to both inputs).
    float[] sum = gradient[index].clone();
    for (int i = 0; i < sum.length; i++) {
      sum[i] += g[i];
    }
    gradient[index] = sum;
  }

  private static Tensor input(NetworkPlan.Step step, int which, Tensor networkInput, Tensor[] outputs) {
    int index = step.inputs().get(which);
    return index == NetworkPlan.NETWORK_INPUT ? networkInput : outputs[index];
  }

  private static float[] values(Tensor t) {
    return t.values() != null ? t.values() : read(t.array());
  }

  private static int spatial(NetworkPlan.Step step) {
    return step.isConv() ? step.outShape()[1] * step.outShape()[2] : 1;
  }

  /** The conv2d op as {@link Graphs} configures it; its integer arguments serve conv2d_bp too. */
  private static Conv2D convolution(NetworkPlan.Step step, INDArray x, INDArray w, INDArray h) {
    return new Conv2D(new INDArray[] {x, w}, new INDArray[] {h}, Graphs.convolution((LayerSpec.Conv) step.spec()));
  }

  private static Pooling2DConfig poolConfig(LayerSpec.Pool p) {
    return Pooling2DConfig.builder()
        .kH(p.kernel()).kW(p.kernel()).sH(p.stride()).sW(p.stride())
        .isNHWC(false).build();
  }

  private static Tensor globalAveragePool(Pass pass, NetworkPlan.Step step, Tensor x, int batch) {
    float[] in = values(x);
    int channels = step.outShape()[0];
    int area = in.length / (batch * channels);
    float[] mean = new float[batch * channels];
    for (int i = 0; i < mean.length; i++) {
      double sum = 0;
      for (int j = i * area; j < (i + 1) * area; j++) {
        sum += in[j];
      }
      mean[i] = (float) (sum / area);
    }
    return new Tensor(mean, pass.own(mean, batch, channels));
  }

  /**
   * loss = -mean over the batch of log softmax(logits)[label], as the graph's one-hot labels give it; its
   * gradient (softmax - onehot) / n; also the predicted classes.
   */
  private static float[] softmaxCrossEntropy(Pass pass, float[] logits, int[] labels, int classes) {
    int batch = labels.length;
    float[] gradient = new float[logits.length];
    int[] predicted = new int[batch];
    double loss = 0;
    for (int n = 0; n < batch; n++) {
      int base = n * classes;
      int best = argMax(logits, base, classes);
      predicted[n] = best;
      double max = logits[base + best];
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += Math.exp(logits[base + c] - max);
      }
      double logSum = Math.log(sum);
      loss -= logits[base + labels[n]] - max - logSum;
      for (int c = 0; c < classes; c++) {
        double p = Math.exp(logits[base + c] - max - logSum);
        gradient[base + c] = (float) ((p - (c == labels[n] ? 1 : 0)) / batch);
      }
    }
    pass.loss = loss / batch;
    pass.predicted = predicted;
    return gradient;
  }

  @Override
  public String toString() {
    return "ExplicitBackprop" + Arrays.toString(methods);
  }
}
