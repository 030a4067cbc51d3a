package dev.bwn.model;

/** A model that breaks a rule of SEMANTICS.md or of the file format; {@code path} says where (JSON-path style). */
public class ModelException extends RuntimeException {
    private final String path;

    public ModelException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
