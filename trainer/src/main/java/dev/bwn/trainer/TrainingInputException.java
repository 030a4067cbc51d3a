package dev.bwn.trainer;

/**
 * Input to a training run the user can fix: a run folder's options or checkpoint file that is damaged or edited, data
 * that differ from the data the run started on, an output folder that already holds a run. The message is one line
 * and names the file; the command reports it with exit code 2.
 */
public final class TrainingInputException extends RuntimeException {
  public TrainingInputException(String message) {
    super(message);
  }

  public TrainingInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
