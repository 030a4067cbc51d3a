package dev.bwn.trainer;

import dev.bwn.model.Limits;
import dev.bwn.model.io.InputFileException;
import dev.bwn.model.io.InputFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Everything needed to continue a run bit for bit: parameters, optimizer velocities, latent STE
 * weights, the epochs done and their metrics. Float arrays are stored as raw IEEE bits. The file is
 * written beside its final name and moved into place, so a crash never leaves a half checkpoint.
 */
record Checkpoint(String optionsFingerprint, int epochsCompleted, Map<String, INDArray> arrays,
                  List<EpochMetrics> history) {
  static final String FILE = "checkpoint.bin";
  private static final String MAGIC = "bwn-checkpoint-1";

  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path target = dir.resolve(FILE);
    Path temporary = dir.resolve(FILE + ".tmp");
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16))) {
      out.writeUTF(MAGIC);
      out.writeUTF(optionsFingerprint);
      out.writeInt(epochsCompleted);
      out.writeInt(arrays.size());
      for (Map.Entry<String, INDArray> entry : arrays.entrySet()) {
        INDArray array = entry.getValue();
        out.writeUTF(entry.getKey());
        long[] shape = array.shape();
        out.writeInt(shape.length);
        for (long d : shape) {
          out.writeLong(d);
        }
        float[] values = array.dup('c').data().asFloat();
        out.writeInt(values.length);
        for (float v : values) {
          out.writeInt(Float.floatToRawIntBits(v));
        }
      }
      out.writeInt(history.size());
      for (EpochMetrics m : history) {
        for (double v : m.toArray()) {
          out.writeDouble(v);
        }
      }
    }
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static Checkpoint read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException("no checkpoint to resume in " + dir + " (expected " + FILE + ")");
    }
    // Every count the file declares is checked against the limits and the file's size before it is allocated.
    long size = InputFiles.checkedSize(file, Limits.CHECKPOINT_BYTES);
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(InputFiles.open(file, Limits.CHECKPOINT_BYTES), 1 << 16))) {
      if (!MAGIC.equals(in.readUTF())) {
        throw new InputFileException(file, "not a bwn checkpoint");
      }
      String fingerprint = in.readUTF();
      int epochs = in.readInt();
      int count = checkedCount(file, in.readInt(), Limits.CHECKPOINT_ARRAYS, "arrays");
      Map<String, INDArray> arrays = new LinkedHashMap<>();
      for (int a = 0; a < count; a++) {
        String name = in.readUTF();
        long[] shape = new long[checkedCount(file, in.readInt(), Limits.CHECKPOINT_RANK, "dimensions of array " + name)];
        long elements = 1;
        for (int d = 0; d < shape.length; d++) {
          shape[d] = in.readLong();
          if (shape[d] < 0 || shape[d] > size) {
            throw new InputFileException(file, "array " + name + " has dimension " + shape[d] + ", not 0.." + size);
          }
          elements *= shape[d];
          if (elements > size) {
            throw new InputFileException(file, "array " + name + " declares more elements than the file holds");
          }
        }
        float[] values = new float[checkedCount(file, in.readInt(), size / Float.BYTES, "values of array " + name)];
        if (values.length != elements) {
          throw new InputFileException(file, "array " + name + " has " + values.length + " values for shape "
              + java.util.Arrays.toString(shape));
        }
        for (int i = 0; i < values.length; i++) {
          values[i] = Float.intBitsToFloat(in.readInt());
        }
        arrays.put(name, Nd4j.create(values, shape, 'c').castTo(DataType.FLOAT));
      }
      int rows = checkedCount(file, in.readInt(), size / (8L * EpochMetrics.FIELDS), "epochs of history");
      List<EpochMetrics> history = new ArrayList<>();
      for (int r = 0; r < rows; r++) {
        double[] v = new double[EpochMetrics.FIELDS];
        for (int i = 0; i < v.length; i++) {
          v[i] = in.readDouble();
        }
        history.add(EpochMetrics.fromArray(v));
      }
      return new Checkpoint(fingerprint, epochs, arrays, history);
    } catch (EOFException | UTFDataFormatException e) {
      throw new InputFileException(file, "truncated or corrupted checkpoint", e);
    }
  }

  /** A count read from the file, refused when negative or above {@code limit}. */
  private static int checkedCount(Path file, int count, long limit, String what) {
    if (count < 0 || count > limit) {
      throw new InputFileException(file, "declares " + count + " " + what + ", expected 0.." + limit);
    }
    return count;
  }
}
