package dev.bwn.trainer;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The trainable network: its plan, the per-layer binarization method, and the three graphs of
 * {@link Graphs}. Parameter arrays live in the training graph; for STE layers the real-valued
 * latent weights live here and the graph holds their signs.
 */
final class Model {
  final NetworkPlan plan;
  final Method[] methods;
  final SameDiff training;
  final SameDiff calibration;
  final SameDiff evaluation;
  /** The training step's forward and backward pass; {@link #training} holds the parameters it reads. */
  final ExplicitBackprop backprop;
  /** Latent real-valued weights of STE layers, by weighted-layer index (null for other layers). */
  final INDArray[] steLatent;

  /** Groups of the group transform are whole fan-ins. */
  Model(NetworkPlan plan, Method method, boolean fullPrecisionEnds, long seed) {
    this(plan, method, fullPrecisionEnds, seed, 0);
  }

  /** {@code groupSize}: weights per group of the group transform, 0 = each output channel's fan-in. */
  Model(NetworkPlan plan, Method method, boolean fullPrecisionEnds, long seed, int groupSize) {
    this.plan = plan;
    int n = plan.weighted.size();
    this.methods = new Method[n];
    for (int k = 0; k < n; k++) {
      boolean end = k == 0 || k == n - 1;
      methods[k] = fullPrecisionEnds && end ? Method.FP : method;
    }
    Map<String, INDArray> initial = new java.util.HashMap<>();
    SplittableRandom random = new SplittableRandom(seed);
    steLatent = new INDArray[n];
    for (int k = 0; k < n; k++) {
      NetworkPlan.Step step = plan.weighted.get(k);
      long[] shape = step.thetaShape();
      int size = (int) (shape[0] * shape[1] * (shape.length == 4 ? shape[2] * shape[3] : 1));
      // He-uniform for every method. Batch norm makes each layer invariant to the scale of its
      // weights, so the scale of theta only sets the effective learning rate (relative step
      // ~ lr / |theta_row|^2, also through the group normalizer); uniform(-1, 1) made binary
      // layers learn an order of magnitude slower than full precision (measured).
      double bound = Math.sqrt(6.0 / step.fanIn());
      float[] values = new float[size];
      for (int i = 0; i < size; i++) {
        values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
      }
      INDArray theta = Nd4j.create(values, shape, 'c');
      if (methods[k] == Method.STE) {
        steLatent[k] = theta;
        initial.put(Graphs.theta(k), hardSign(theta));
      } else {
        initial.put(Graphs.theta(k), theta);
      }
      // gamma 0.5, beta 0: about half the units start active and few saturate at the clamp's top.
      initial.put(Graphs.gamma(k), Nd4j.valueArrayOf(Graphs.channelShape(step), 0.5f));
      initial.put(Graphs.beta(k), Nd4j.zeros(DataType.FLOAT, Graphs.channelShape(step)));
    }
    this.training = Graphs.training(plan, methods, groupSize, initial);
    // SameDiff 1.0.0-M2.1 prints a line per op while deriving the backward graph; derive it now,
    // with standard output muted, instead of inside the first training step.
    PrintStream standardOut = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      training.createGradFunction();
    } finally {
      System.setOut(standardOut);
    }
    this.backprop = new ExplicitBackprop(plan, methods, groupSize);
    this.calibration = Graphs.calibration(plan);
    this.evaluation = Graphs.evaluation(plan);
  }

  /** +1 where x >= 0, -1 elsewhere: the export rule (bit 1 = +1), so zero maps to +1 everywhere. */
  static INDArray hardSign(INDArray x) {
    return x.gte(0).castTo(DataType.FLOAT).muli(2).subi(1);
  }

  /** Names of the graph variables the optimizer updates. */
  List<String> trainableNames() {
    List<String> names = new ArrayList<>();
    for (int k = 0; k < plan.weighted.size(); k++) {
      names.add(Graphs.theta(k));
      names.add(Graphs.gamma(k));
      names.add(Graphs.beta(k));
    }
    return names;
  }

  INDArray array(String name) {
    return training.getArrForVarName(name);
  }

  /** The real-valued weight parameters of layer k (latent weights for STE). */
  INDArray latentWeights(int k) {
    return methods[k] == Method.STE ? steLatent[k] : array(Graphs.theta(k));
  }

  /** Exactly binary weights: what the integer model will run with. */
  List<INDArray> hardWeights() {
    List<INDArray> weights = new ArrayList<>();
    for (int k = 0; k < plan.weighted.size(); k++) {
      weights.add(hardSign(latentWeights(k)));
    }
    return weights;
  }

  /** The weights the training graph uses at sharpening exponent {@code alpha}. */
  List<INDArray> trainingModeWeights(double alpha) {
    Map<String, INDArray> placeholders = Map.of(
        Graphs.INPUT, Nd4j.zeros(DataType.FLOAT, 1, plan.inputShape[0], plan.inputShape[1], plan.inputShape[2]),
        Graphs.LABELS, Nd4j.zeros(DataType.FLOAT, 1, plan.classes),
        Graphs.ALPHA, Nd4j.scalar(DataType.FLOAT, alpha));
    String[] names = new String[plan.weighted.size()];
    for (int k = 0; k < names.length; k++) {
      names[k] = Graphs.weight(k);
    }
    Map<String, INDArray> out = training.output(placeholders, names);
    List<INDArray> weights = new ArrayList<>();
    for (String name : names) {
      weights.add(out.get(name).dup());
    }
    return weights;
  }

  /** Placeholders for the calibration/evaluation graphs: given weights and current affine params. */
  Map<String, INDArray> affinePlaceholders(List<INDArray> weights) {
    Map<String, INDArray> placeholders = new java.util.HashMap<>();
    for (int k = 0; k < plan.weighted.size(); k++) {
      placeholders.put(Graphs.weight(k), weights.get(k));
      placeholders.put(Graphs.gamma(k), array(Graphs.gamma(k)));
      placeholders.put(Graphs.beta(k), array(Graphs.beta(k)));
    }
    return placeholders;
  }
}
