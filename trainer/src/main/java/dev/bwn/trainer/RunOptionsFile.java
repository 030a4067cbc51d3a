package dev.bwn.trainer;

import dev.bwn.model.io.AtomicFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import dev.bwn.model.Limits;
import dev.bwn.model.io.StrictText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * {@value #NAME} in a run folder: the options a run was started with, which {@code --resume} reads back. The reader
 * is strict: every field present exactly once, no unknown field, every value of its type and range; anything else is
 * one {@link TrainingInputException} naming the file and the field.
 */
final class RunOptionsFile {
  static final String NAME = "options.properties";
  /** A real file is under 2 KB; a larger one was not written by bwn. */

  /** One stored option: its key, how it is written, how it is read back into a builder. */
  private record Field(String key, Function<TrainOptions, Object> value, BiConsumer<TrainOptions.Builder, String> set) {}

  private static final List<Field> FIELDS = List.of(
      new Field("architecture", TrainOptions::architecture, TrainOptions.Builder::architecture),
      new Field("architectureSha256", TrainOptions::architectureSha256, TrainOptions.Builder::architectureSha256),
      new Field("dataset", TrainOptions::dataset, TrainOptions.Builder::dataset),
      new Field("datasetSha256", TrainOptions::datasetSha256, TrainOptions.Builder::datasetSha256),
      new Field("method", o -> o.method().spelling(), (b, v) -> b.method(Method.parse(v))),
      new Field("epochs", TrainOptions::epochs, (b, v) -> b.epochs(integer(v))),
      new Field("seed", TrainOptions::seed, (b, v) -> b.seed(longInteger(v))),
      new Field("batchSize", TrainOptions::batchSize, (b, v) -> b.batchSize(integer(v))),
      new Field("learningRate", TrainOptions::learningRate, (b, v) -> b.learningRate(real(v))),
      new Field("momentum", TrainOptions::momentum, (b, v) -> b.momentum(real(v))),
      new Field("nesterov", TrainOptions::nesterov, (b, v) -> b.nesterov(bool(v))),
      new Field("weightDecay", TrainOptions::weightDecay, (b, v) -> b.weightDecay(real(v))),
      new Field("activationBits", TrainOptions::activationBits, (b, v) -> b.activationBits(integer(v))),
      new Field("augmentShift", TrainOptions::augmentShift, (b, v) -> b.augmentShift(integer(v))),
      new Field("binaryTailFraction", TrainOptions::binaryTailFraction, (b, v) -> b.binaryTailFraction(real(v))),
      new Field("fullPrecisionEnds", TrainOptions::fullPrecisionEnds, (b, v) -> b.fullPrecisionEnds(bool(v))),
      new Field("trainLimit", TrainOptions::trainLimit, (b, v) -> b.trainLimit(integer(v))),
      new Field("testLimit", TrainOptions::testLimit, (b, v) -> b.testLimit(integer(v))),
      new Field("calibrationImages", TrainOptions::calibrationImages, (b, v) -> b.calibrationImages(integer(v))),
      new Field("groupSize", TrainOptions::groupSize, (b, v) -> b.groupSize(integer(v))));

  private RunOptionsFile() {}

  static void write(Path dir, TrainOptions options) throws IOException {
    if (options.datasetSha256() == null || options.architectureSha256() == null) {
      throw new IllegalArgumentException("a run's options are stored once its data and architecture are fingerprinted");
    }
    Properties properties = new Properties();
    for (Field field : FIELDS) {
      properties.setProperty(field.key(), String.valueOf(field.value().apply(options)));
    }
    StringWriter text = new StringWriter();
    properties.store(text, "bwn training options; --resume reads them");
    AtomicFiles.writeString(dir.resolve(NAME), text.toString());
  }

  /** The options that shape the weights, one "key=value" line each: what a checkpoint records and resume compares. */
  static String fingerprint(TrainOptions options) {
    StringBuilder text = new StringBuilder();
    for (Field field : FIELDS) {
      text.append(field.key()).append('=').append(field.value().apply(options)).append('\n');
    }
    return text.toString();
  }

  /** The options stored in {@code dir}; output folder, resume flag, cache and display come from the caller. */
  static TrainOptions.Builder read(Path dir) throws IOException {
    Path file = dir.resolve(NAME);
    Properties properties = load(file);
    Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
    TrainOptions.Builder builder = TrainOptions.builder();
    for (Field field : FIELDS) {
      unknown.remove(field.key());
      String value = properties.getProperty(field.key());
      if (value == null) {
        throw new TrainingInputException(file + ": " + field.key() + ": missing");
      }
      try {
        field.set().accept(builder, value);
      } catch (IllegalArgumentException e) {
        throw new TrainingInputException(file + ": " + field.key() + ": " + oneLine(e.getMessage()), e);
      }
    }
    if (!unknown.isEmpty()) {
      throw new TrainingInputException(file + ": unknown field " + oneLine(unknown.iterator().next()));
    }
    try {
      builder.build();
    } catch (IllegalArgumentException e) {
      // The record's checks name the field first ("learningRate: must be ...").
      throw new TrainingInputException(file + ": " + oneLine(e.getMessage()), e);
    }
    return builder;
  }

  private static Properties load(Path file) throws IOException {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new TrainingInputException("no run to resume in " + file.getParent() + " (expected " + NAME + ")");
    }
    // One strict reader for every text input: regular file, size limit before reading, UTF-8 with the byte offset.
    String text = StrictText.read(file, Limits.RUN_OPTIONS_BYTES);
    Properties properties = new UniqueKeyProperties(file);
    try {
      properties.load(new StringReader(text));
    } catch (IllegalArgumentException e) {
      // Properties rejects a malformed \\uXXXX escape this way.
      throw new TrainingInputException(file + ": " + oneLine(e.getMessage()), e);
    }
    return properties;
  }

  private static int integer(String text) {
    return number(text, Integer::valueOf, "an integer");
  }

  private static long longInteger(String text) {
    return number(text, Long::valueOf, "a 64-bit integer");
  }

  private static double real(String text) {
    return number(text, Double::valueOf, "a number");
  }

  private static <T extends Number> T number(String text, Function<String, T> parse, String expected) {
    try {
      return parse.apply(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected " + expected + ", got \"" + text + "\"", e);
    }
  }

  private static boolean bool(String text) {
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("expected true or false, got \"" + text + "\"");
    };
  }

  /** Keeps an error on one line however many line breaks or control characters an edited file puts into it. */
  static String oneLine(String text) {
    String flat = text == null ? "malformed" : text.replaceAll("\\p{Cntrl}", "?");
    return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
  }

  /** A key given twice is an error, not "the last one wins". */
  private static final class UniqueKeyProperties extends Properties {
    private final transient Path file;

    UniqueKeyProperties(Path file) {
      this.file = file;
    }

    @Override
    public synchronized Object put(Object key, Object value) {
      if (containsKey(key)) {
        throw new TrainingInputException(file + ": field " + oneLine(String.valueOf(key)) + " appears twice");
      }
      return super.put(key, value);
    }
  }
}
