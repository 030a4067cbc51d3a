package dev.bwn.cli;

/** Input the user can fix (a path, an option value); reported in one line with exit code 2. */
public final class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }
}
