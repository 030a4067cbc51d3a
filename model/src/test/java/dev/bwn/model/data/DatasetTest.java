package dev.bwn.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
  @TempDir Path dir;

  @Test
  void namedDatasetsHaveClassNamesInLabelOrderAndOtherFoldersNone() {
    assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), Dataset.classNames(Dataset.MNIST));
    assertEquals("T-shirt/top", Dataset.classNames(Dataset.FASHION_MNIST).get(0));
    assertEquals("Ankle boot", Dataset.classNames(Dataset.FASHION_MNIST).get(9));
    assertEquals(List.of(), Dataset.classNames(dir.toString()));
  }

  @Test
  void loadsAFolderOfGzippedIdxFiles() throws IOException {
    IdxFiles.gzip(IdxFiles.images(3, 28, 28, 1), dir.resolve("t10k-images-idx3-ubyte.gz"));
    IdxFiles.gzip(IdxFiles.labels(4, 5, 6), dir.resolve("t10k-labels-idx1-ubyte.gz"));
    LabeledImages test = Dataset.load(dir.toString(), Split.TEST);
    assertEquals(3, test.size());
    assertEquals(784, test.pixelsPerImage());
    assertArrayEquals(new int[] {4, 5, 6}, test.labels());
  }

  @Test
  void acceptsTheDottedFileNames() throws IOException {
    Files.write(dir.resolve("train-images.idx3-ubyte"), IdxFiles.images(2, 2, 2, 0));
    Files.write(dir.resolve("train-labels.idx1-ubyte"), IdxFiles.labels(1, 2));
    assertEquals(2, Dataset.load(dir.toString(), Split.TRAIN).size());
  }

  @Test
  void countMismatchAndMissingFilesAreOneLineErrors() throws IOException {
    Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFiles.images(2, 2, 2, 0));
    DatasetException missing = assertThrows(DatasetException.class, () -> Dataset.load(dir.toString(), Split.TEST));
    assertTrue(missing.getMessage().contains("no t10k-labels-idx1-ubyte"), missing.getMessage());
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels(1, 2, 3));
    DatasetException mismatch = assertThrows(DatasetException.class, () -> Dataset.load(dir.toString(), Split.TEST));
    assertTrue(mismatch.getMessage().contains("holds 2 images but"), mismatch.getMessage());
    assertEquals(-1, mismatch.getMessage().indexOf('\n'));
  }

  @Test
  void unknownNameIsExplained() {
    DatasetException e = assertThrows(DatasetException.class, () -> Dataset.load("no-such-dataset", Split.TEST));
    assertTrue(e.getMessage().contains("expected mnist, fashion-mnist or a folder"), e.getMessage());
  }

  @Test
  void mnistFromAPopulatedCacheIsVerifiedBySha256() throws IOException {
    Path cached = dir.resolve(MnistFetcher.FOLDER);
    Files.createDirectories(cached);
    Files.write(cached.resolve("t10k-images-idx3-ubyte"), IdxFiles.images(1, 28, 28, 0));
    Files.write(cached.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels(1));
    DatasetException e = assertThrows(DatasetException.class, () -> Dataset.load("mnist", Split.TEST, dir));
    assertTrue(e.getMessage().contains("does not match the pinned"), e.getMessage());
  }

  @Test
  void tarExtractionKeepsOnlyThePrefixAndRefusesEscapes() throws IOException {
    Path archive = dir.resolve("pkg.tgz");
    writeTarGz(archive, List.of("package/data/a.txt", "package/readme.md"), "hello");
    List<Path> written = TarGzExtractor.extract(archive, dir.resolve("out"), "package/data/");
    assertEquals(1, written.size());
    assertEquals("hello", Files.readString(dir.resolve("out/package/data/a.txt")));

    writeTarGz(archive, List.of("package/data/../../../evil.txt"), "x");
    IOException escape = assertThrows(IOException.class,
        () -> TarGzExtractor.extract(archive, dir.resolve("out"), "package/data/"));
    assertTrue(escape.getMessage().contains("escapes"), escape.getMessage());
  }

  @Test
  void shufflingIsASeededPermutation() {
    int[] a = Shuffle.permutation(1000, 42);
    int[] b = Shuffle.permutation(1000, 42);
    int[] c = Shuffle.permutation(1000, 43);
    assertArrayEquals(a, b);
    assertNotEquals(Arrays.toString(a), Arrays.toString(c));
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertEquals(i, sorted[i]);
    }
    assertArrayEquals(Shuffle.epochPermutation(100, 7, 3), Shuffle.epochPermutation(100, 7, 3));
    assertNotEquals(
        Arrays.toString(Shuffle.epochPermutation(100, 7, 3)),
        Arrays.toString(Shuffle.epochPermutation(100, 7, 4)));
  }

  private static void writeTarGz(Path archive, List<String> names, String content) throws IOException {
    byte[] body = content.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    for (String name : names) {
      byte[] header = new byte[512];
      byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
      System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
      byte[] size = String.format("%011o", body.length).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(size, 0, header, 124, size.length);
      header[156] = '0';
      tar.write(header);
      tar.write(body);
      tar.write(new byte[512 - body.length]);
    }
    tar.write(new byte[1024]);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive))) {
      out.write(tar.toByteArray());
    }
  }
}
