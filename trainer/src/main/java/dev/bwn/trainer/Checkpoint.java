package dev.bwn.trainer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      if (!MAGIC.equals(in.readUTF())) {
        throw new IOException(file + " is not a bwn checkpoint");
      }
      String fingerprint = in.readUTF();
      int epochs = in.readInt();
      int count = in.readInt();
      Map<String, INDArray> arrays = new LinkedHashMap<>();
      for (int a = 0; a < count; a++) {
        String name = in.readUTF();
        long[] shape = new long[in.readInt()];
        for (int d = 0; d < shape.length; d++) {
          shape[d] = in.readLong();
        }
        float[] values = new float[in.readInt()];
        for (int i = 0; i < values.length; i++) {
          values[i] = Float.intBitsToFloat(in.readInt());
        }
        arrays.put(name, Nd4j.create(values, shape, 'c').castTo(DataType.FLOAT));
      }
      int rows = in.readInt();
      List<EpochMetrics> history = new ArrayList<>();
      for (int r = 0; r < rows; r++) {
        double[] v = new double[EpochMetrics.FIELDS];
        for (int i = 0; i < v.length; i++) {
          v[i] = in.readDouble();
        }
        history.add(EpochMetrics.fromArray(v));
      }
      return new Checkpoint(fingerprint, epochs, arrays, history);
    }
  }
}
