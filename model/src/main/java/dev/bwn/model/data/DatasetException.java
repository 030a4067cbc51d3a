package dev.bwn.model.data;

import dev.bwn.model.OneLine;

/**
 * A dataset could not be found, fetched, verified or parsed. The message is one line meant for the
 * user (the CLI prints it and exits with code 2), so it names the file and what was expected.
 */
public final class DatasetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatasetException(String message) {
    super(OneLine.of(message));
  }

  public DatasetException(String message, Throwable cause) {
    super(OneLine.of(message), cause);
  }
}
