package dev.bwn.model.output;

import java.util.Optional;

/** What a folder bwn made holds; its marker says so, and the kind decides what bwn may later do with the folder. */
public enum OutputKind {
    C_DESIGN("gen-c", "generated C design", true),
    VERILOG_DESIGN("gen-verilog", "generated Verilog design", true),
    DEMO("demo", "bwn demo report", true),
    TRAIN_RUN("train-run", "training run", false),
    VERIFY_WORK("verify-work", "verify work folder", false);

    private final String token;
    private final String description;
    private final boolean generated;

    OutputKind(String token, String description, boolean generated) {
        this.token = token;
        this.description = description;
        this.generated = generated;
    }

    /** The word in the marker file. */
    public String token() {
        return token;
    }

    public String description() {
        return description;
    }

    /**
     * True for folders that are a pure function of their inputs and are replaced whole by the next generation; a
     * training run or a work folder is never replaced by generated output (hours of training are not regenerated).
     */
    public boolean generated() {
        return generated;
    }

    static Optional<OutputKind> fromToken(String token) {
        for (OutputKind k : values()) {
            if (k.token.equals(token)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
