package dev.bwn.trainer;

import dev.bwn.model.Limits;
import dev.bwn.model.io.InputFileException;
import dev.bwn.model.io.StrictText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The architectures the trainer knows: the description files shipped under {@code architectures/}
 * (packaged into the trainer's jar, read from there: the files are the only definition) and any
 * description file a user names. A name with trailing numbers sets a file's {@code nameParameters}:
 * {@code wrn-28-10} is {@code wrn.json} with depth 28 and k 10.
 */
public final class Architectures {
  /** The name of the network input tensor. */
  public static final String INPUT = "input";

  /** The shipped description files, by name; a test checks this list against the folder. */
  static final List<String> BUILT_IN = List.of(
      "mlp", "lenet5", "lenet5-wide", "tiny", "vgg-small", "resnet8", "resnet-8", "resnet-18", "wrn");

  private static final Map<String, ArchitectureFile> LOADED = new ConcurrentHashMap<>();

  private Architectures() {}

  /** A resolved architecture: its description and the parameters its name sets. */
  public record Architecture(String label, ArchitectureFile file, Map<String, Integer> parameters) {
    /** The layers for {@code classes} classes. */
    public List<LayerNode> layers(int classes) {
      return file.layers(parameters, classes);
    }

    /** SHA-256 of the description file's text (for a built-in, of the file shipped in this bwn). */
    public String sha256() {
      return file.sha256;
    }
  }

  /** The built-in names as the help lists them ({@code wrn-D-K} for the parametrized one). */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (String name : BUILT_IN) {
      ArchitectureFile file = builtIn(name);
      StringBuilder shown = new StringBuilder(name);
      for (String parameter : file.nameParameters) {
        shown.append('-').append(parameter.substring(0, 1).toUpperCase(java.util.Locale.ROOT));
      }
      names.add(shown.toString());
    }
    return names;
  }

  /**
   * The architecture as a run stores it: a built-in name stays a name, a file becomes its absolute path, so that a
   * run resumed from another working directory reads the same file.
   */
  public static String canonical(String architecture) {
    return isFile(architecture) ? Path.of(architecture).toAbsolutePath().normalize().toString() : architecture;
  }

  /** A short label for model names and provenance: the built-in name, or the file's name without .json. */
  public static String label(String architecture) {
    if (!isFile(architecture)) {
      return architecture;
    }
    Path name = Path.of(architecture).getFileName();
    return name == null ? "architecture" : name.toString().replaceFirst("\\.json$", "");
  }

  /** True when {@code architecture} names a file rather than a built-in. */
  public static boolean isFile(String architecture) {
    return architecture.endsWith(".json") || architecture.contains("/") || architecture.contains(java.io.File.separator);
  }

  /**
   * The architecture {@code nameOrFile} names: a built-in name, or a path to a .json description file.
   * Errors are one line naming the file and JSON path ({@link dev.bwn.model.ModelException},
   * {@link InputFileException}) or the unknown name ({@link IllegalArgumentException}).
   */
  public static Architecture resolve(String nameOrFile) {
    if (isFile(nameOrFile)) {
      return new Architecture(label(nameOrFile), ArchitectureFile.read(Path.of(nameOrFile)), Map.of());
    }
    if (BUILT_IN.contains(nameOrFile)) {
      return new Architecture(nameOrFile, builtIn(nameOrFile), Map.of());
    }
    String[] parts = nameOrFile.split("-");
    for (int numbers = 1; numbers < parts.length; numbers++) {
      String base = String.join("-", java.util.Arrays.copyOf(parts, parts.length - numbers));
      if (BUILT_IN.contains(base) && builtIn(base).nameParameters.size() == numbers) {
        ArchitectureFile file = builtIn(base);
        Map<String, Integer> parameters = new LinkedHashMap<>();
        for (int i = 0; i < numbers; i++) {
          String text = parts[parts.length - numbers + i];
          if (!text.matches("[0-9]{1,7}")) {
            throw unknown(nameOrFile);
          }
          parameters.put(file.nameParameters.get(i), Integer.parseInt(text));
        }
        return new Architecture(nameOrFile, file, parameters);
      }
    }
    throw unknown(nameOrFile);
  }

  private static IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException("unknown architecture '" + name + "'; expected one of "
        + String.join(", ", names()) + ", or a .json description file (docs/ARCHITECTURES.md)");
  }

  /**
   * Why {@code architecture} (as a run stores it, {@link #canonical}) is not the description a run recorded as
   * {@code recordedSha256}, or null when it is: one clause naming the file, for an error message.
   */
  public static String changeSince(String architecture, String recordedSha256) {
    Architecture now = resolve(architecture);
    if (now.sha256().equals(recordedSha256)) {
      return null;
    }
    return (isFile(architecture) ? architecture + ": the architecture file changed since the run started"
        : "built-in architecture " + architecture + ": this bwn's " + now.file().source
            + " is not the one the run started with")
        + " (SHA-256 " + now.sha256() + ", the run recorded " + recordedSha256 + ")";
  }

  /** The layers of {@code nameOrFile} ending in a dense layer with {@code classes} outputs. */
  public static List<LayerNode> layers(String nameOrFile, int classes) {
    return resolve(nameOrFile).layers(classes);
  }

  static ArchitectureFile builtIn(String name) {
    return LOADED.computeIfAbsent(name, Architectures::loadBuiltIn);
  }

  private static ArchitectureFile loadBuiltIn(String name) {
    String resource = "architectures/" + name + ".json";
    try (InputStream in = Architectures.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the trainer's jar");
      }
      byte[] bytes = in.readNBytes((int) Limits.ARCHITECTURE_FILE_BYTES + 1);
      if (bytes.length > Limits.ARCHITECTURE_FILE_BYTES) {
        throw new IllegalStateException(resource + " is larger than " + Limits.ARCHITECTURE_FILE_BYTES + " bytes");
      }
      return ArchitectureFile.parse(StrictText.decode(Path.of(resource), bytes), resource);
    } catch (IOException e) {
      throw new UncheckedIOException(resource + ": " + e.getMessage(), e);
    }
  }
}
