package dev.bwn.model;

/** A model that breaks a rule of SEMANTICS.md or of the file format; {@code path} says where (JSON-path style). */
public class ModelException extends RuntimeException {
    private final String path;

    public ModelException(String path, String problem) {
        super(OneLine.of(path + ": " + problem));
        this.path = OneLine.of(path);
    }

    public String path() {
        return path;
    }

    /** The problem alone, without the path. */
    public String problem() {
        String prefix = path + ": ";
        return getMessage().startsWith(prefix) ? getMessage().substring(prefix.length()) : getMessage();
    }

    /** The same problem with its path prefixed by {@code source} (a file name), for messages that name the file. */
    public ModelException within(String source) {
        ModelException named = new ModelException(source + ": " + path, problem());
        named.initCause(this);
        return named;
    }
}
