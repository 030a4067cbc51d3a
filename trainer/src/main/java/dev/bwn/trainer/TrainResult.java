package dev.bwn.trainer;

import dev.bwn.model.Network;
import java.nio.file.Path;
import java.util.List;

/**
 * What a finished (or partly finished) run produced.
 *
 * @param modelFile the exported {@code model.bwn.json}, or null if the run stopped before its last epoch
 * @param network the exported integer model, or null likewise
 * @param integerAccuracy accuracy of the integer reference on the test set: the headline number
 * @param binaryFloatAccuracy ND4J inference-mode accuracy with the same binary weights
 * @param agreement fraction of test images where the integer model and the float binary forward
 *     pass predict the same class
 * @param history one entry per completed epoch
 * @param wallSeconds training time summed over all sessions of the run (resumes included)
 */
public record TrainResult(
    Path modelFile,
    Network network,
    double integerAccuracy,
    double binaryFloatAccuracy,
    double agreement,
    List<EpochMetrics> history,
    double wallSeconds) {

  public boolean finished() {
    return network != null;
  }
}
