package dev.bwn.codegen;

/** Code generation failed: a model a backend cannot express, or a template error. */
public class GenerationException extends RuntimeException {
    public GenerationException(String message) {
        super(message);
    }

    public GenerationException(String message, Throwable cause) {
        super(message, cause);
    }
}
