package dev.bwn.model.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The property every reader of user input must keep, for fuzz and property tests in any module: given any bytes as
 * a file, it returns a value or throws one of its documented exception types with a one-line message that names the
 * file. Any other throwable (NullPointerException, OutOfMemoryError, IllegalArgumentException, ArithmeticException,
 * NegativeArraySizeException, ...) escapes and fails the test; a hang fails it through the fuzzer's timeout.
 */
public final class ReaderProperty {
    /** What a reader does with a file; may throw anything. */
    @FunctionalInterface
    public interface Reader {
        Object read(Path file) throws Exception;
    }

    private final List<Class<? extends Throwable>> documented;
    private final Reader reader;

    private ReaderProperty(Reader reader, List<Class<? extends Throwable>> documented) {
        this.reader = reader;
        this.documented = documented;
    }

    /** The reader itself, to read a file that must be valid. */
    public Reader reader() {
        return reader;
    }

    @SafeVarargs
    public static ReaderProperty of(Reader reader, Class<? extends Throwable>... documented) {
        return new ReaderProperty(reader, List.of(documented));
    }

    /** Writes {@code content} to {@code file} and checks the property on it. */
    public void check(Path file, byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        check(file);
    }

    /** Checks the property on {@code file} as it is. */
    public void check(Path file) {
        try {
            if (reader.read(file) == null) {
                throw new AssertionError("the reader returned null for " + file);
            }
        } catch (Throwable t) {
            if (documented.stream().noneMatch(type -> type.isInstance(t))) {
                throw new AssertionError("undocumented " + t.getClass().getName() + ": " + t.getMessage(), t);
            }
            String message = t.getMessage();
            if (message == null || message.isBlank() || message.contains("\n") || message.contains("\r")) {
                throw new AssertionError("the message must be one non-empty line, got: " + message, t);
            }
            String name = file.getFileName().toString();
            if (!message.contains(name)) {
                throw new AssertionError("the message must name the file " + name + ", got: " + message, t);
            }
        }
    }
}
