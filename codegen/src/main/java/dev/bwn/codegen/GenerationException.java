package dev.bwn.codegen;

import dev.bwn.model.OneLine;

/** Code generation failed: a model a backend cannot express, or a template error. */
public class GenerationException extends RuntimeException {
    public GenerationException(String message) {
        super(OneLine.of(message));
    }

    public GenerationException(String message, Throwable cause) {
        super(OneLine.of(message), cause);
    }
}
