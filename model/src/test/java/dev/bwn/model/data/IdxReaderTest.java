package dev.bwn.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  @Test
  void readsPlainImagesAsUnsignedRowMajor() throws IOException {
    Path file = dir.resolve("images");
    Files.write(file, IdxFiles.images(2, 2, 3, 200));
    IdxReader.Images images = IdxReader.readImages(file);
    assertEquals(2, images.rows());
    assertEquals(3, images.columns());
    assertArrayEquals(new int[] {200, 237, 18, 55, 92, 129}, images.pixels()[0]);
    assertArrayEquals(new int[] {166, 203, 240, 21, 58, 95}, images.pixels()[1]);
  }

  @Test
  void gzippedAndPlainGiveTheSameContent() throws IOException {
    byte[] content = IdxFiles.images(3, 4, 4, 7);
    Files.write(dir.resolve("plain"), content);
    IdxFiles.gzip(content, dir.resolve("packed"));
    IdxReader.Images plain = IdxReader.readImages(dir.resolve("plain"));
    IdxReader.Images packed = IdxReader.readImages(dir.resolve("packed"));
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(plain.pixels()[i], packed.pixels()[i]);
    }
  }

  @Test
  void readsLabels() throws IOException {
    Path file = dir.resolve("labels.gz");
    IdxFiles.gzip(IdxFiles.labels(7, 0, 9, 3), file);
    assertArrayEquals(new int[] {7, 0, 9, 3}, IdxReader.readLabels(file));
  }

  @Test
  void rejectsLabelsGivenAsImagesAndTruncation() throws IOException {
    Path labels = dir.resolve("labels");
    Files.write(labels, IdxFiles.labels(1, 2));
    DatasetException wrongRank = assertThrows(DatasetException.class, () -> IdxReader.readImages(labels));
    assertTrue(wrongRank.getMessage().contains("rank 1, expected 3"), wrongRank.getMessage());

    byte[] content = IdxFiles.images(2, 2, 2, 0);
    Path truncated = dir.resolve("truncated");
    Files.write(truncated, java.util.Arrays.copyOf(content, content.length - 1));
    DatasetException cut = assertThrows(DatasetException.class, () -> IdxReader.readImages(truncated));
    assertTrue(cut.getMessage().contains("truncated"), cut.getMessage());
  }

  @Test
  void rejectsHugeHeadersWithoutAllocating() throws IOException {
    Path file = dir.resolve("huge");
    Files.write(file, IdxFiles.images(Integer.MAX_VALUE, 1 << 16, 1 << 16, new byte[0]));
    DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(file));
    assertTrue(e.getMessage().contains("each side must be 1..4096"), e.getMessage());
  }

  @Test
  void rejectsCountsAboveTheMemoryLimitOrTheFileSizeBeforeAllocating() throws IOException {
    Path file = dir.resolve("giga");
    Files.write(file, IdxFiles.images(1 << 30, 28, 28, new byte[0]));
    DatasetException huge = assertThrows(DatasetException.class, () -> IdxReader.readImages(file));
    assertTrue(huge.getMessage().contains("above the limit of 1.0 GiB"), huge.getMessage());
    Path claims = dir.resolve("claims");
    Files.write(claims, IdxFiles.images(100, 28, 28, new byte[784]));
    DatasetException more = assertThrows(DatasetException.class, () -> IdxReader.readImages(claims));
    assertTrue(more.getMessage().contains("declares 78400 bytes of images but the file holds only 784"), more.getMessage());
    Path gz = dir.resolve("claims.gz");
    byte[] plainLabels = IdxFiles.labels(1, 2, 3);
    plainLabels[5] = 0x10;
    IdxFiles.gzip(plainLabels, gz);
    DatasetException bomb = assertThrows(DatasetException.class, () -> IdxReader.readLabels(gz));
    assertTrue(bomb.getMessage().contains("gzip file of"), bomb.getMessage());
  }

  @Test
  void rejectsNonUnsignedByteMagic() throws IOException {
    Path file = dir.resolve("floats");
    Files.write(file, new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 0});
    DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(file));
    assertTrue(e.getMessage().contains("not an unsigned-byte IDX file"), e.getMessage());
  }
}
