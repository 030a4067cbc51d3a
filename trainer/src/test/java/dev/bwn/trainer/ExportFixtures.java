package dev.bwn.trainer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Rebuilds the trained model of a finished run from its checkpoint (28x28 MNIST geometry). */
final class ExportFixtures {
  private ExportFixtures() {}

  static Model rebuild(TrainOptions requested) throws IOException {
    // The run's stored options carry the data fingerprint the checkpoint was made with.
    TrainOptions options = TrainCommandSupport.readOptions(requested.outDir()).outDir(requested.outDir()).build();
    NetworkPlan plan = new NetworkPlan(options.architecture(), 1, 28, 28, 10);
    Model model = new Model(plan, options.method(), options.fullPrecisionEnds(), options.seed(), options.groupSize());
    Trainer trainer = new Trainer(options, model, null, null, new PrintStream(OutputStream.nullOutputStream()));
    trainer.restore(Checkpoint.read(options.outDir()));
    return model;
  }

  static List<INDArray> gammas(Model model) {
    List<INDArray> list = new ArrayList<>();
    for (int k = 0; k < model.plan.weighted.size(); k++) {
      list.add(model.array(Graphs.gamma(k)));
    }
    return list;
  }

  static List<INDArray> betas(Model model) {
    List<INDArray> list = new ArrayList<>();
    for (int k = 0; k < model.plan.weighted.size(); k++) {
      list.add(model.array(Graphs.beta(k)));
    }
    return list;
  }
}
