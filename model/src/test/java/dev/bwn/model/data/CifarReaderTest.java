package dev.bwn.model.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {
  @TempDir Path dir;

  /** One record per label; pixel value encodes (record, channel, position) so layout errors show. */
  private static void writeBatch(Path file, int firstRecord, int... labels) throws IOException {
    byte[] bytes = new byte[labels.length * 3073];
    for (int r = 0; r < labels.length; r++) {
      bytes[r * 3073] = (byte) labels[r];
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < 1024; p++) {
          bytes[r * 3073 + 1 + c * 1024 + p] = (byte) ((firstRecord + r) * 50 + c * 80 + p);
        }
      }
    }
    Files.write(file, bytes);
  }

  @Test
  void readsTestBatchAsChw() throws IOException {
    writeBatch(dir.resolve("test_batch.bin"), 0, 3, 9);
    LabeledImages test = Dataset.load(dir.toString(), Split.TEST);
    assertEquals(2, test.size());
    assertEquals(3, test.channels());
    assertEquals(32, test.height());
    assertEquals(3, test.labels()[0]);
    assertEquals(9, test.labels()[1]);
    int[] second = test.images()[1];
    assertEquals(50, second[0]);
    assertEquals((50 + 80 + 5) & 0xFF, second[1024 + 5]);
    assertEquals((50 + 160 + 1023) & 0xFF, second[2048 + 1023]);
  }

  @Test
  void readsTheFiveTrainingBatchesInOrder() throws IOException {
    for (int i = 1; i <= 5; i++) {
      writeBatch(dir.resolve("data_batch_" + i + ".bin"), i, i, i + 1);
    }
    LabeledImages train = CifarReader.load(dir, Split.TRAIN);
    assertEquals(10, train.size());
    assertEquals(1, train.labels()[0]);
    assertEquals(6, train.labels()[9]);
  }

  @Test
  void rejectsPartialRecordsAndBadLabels() throws IOException {
    Files.write(dir.resolve("test_batch.bin"), new byte[3000]);
    DatasetException partial = assertThrows(DatasetException.class, () -> CifarReader.load(dir, Split.TEST));
    assertTrue(partial.getMessage().contains("multiple of the 3073-byte"), partial.getMessage());
    writeBatch(dir.resolve("test_batch.bin"), 0, 12);
    DatasetException label = assertThrows(DatasetException.class, () -> CifarReader.load(dir, Split.TEST));
    assertTrue(label.getMessage().contains("label 12"), label.getMessage());
  }
}
