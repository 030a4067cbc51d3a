package dev.bwn.trainer;

import dev.bwn.model.Limits;
import dev.bwn.model.io.InputFiles;
import dev.bwn.model.io.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Everything needed to continue a run bit for bit: parameters, optimizer velocities, latent STE
 * weights, the epochs done and their metrics. Float arrays are stored as raw IEEE bits, and the file
 * ends with the SHA-256 of everything before it: a truncated, empty or altered checkpoint is reported
 * as such (naming the file) before any of it is used. It is written beside its final name and moved
 * into place ({@link AtomicFiles}), so a crash leaves the previous checkpoint or the new one.
 *
 * @param optionsFingerprint {@link RunOptionsFile#fingerprint} of the options the run was started with
 */
record Checkpoint(String optionsFingerprint, int epochsCompleted, Map<String, INDArray> arrays,
                  List<EpochMetrics> history) {
  static final String FILE = "checkpoint.bin";
  private static final String MAGIC = "bwn-checkpoint-2";
  private static final String OLD_MAGIC = "bwn-checkpoint-1";
  private static final int DIGEST_BYTES = 32;
  /** The whole file is read and checked before parsing; a byte array caps it just under 2 GiB. */
  static final long MAX_BYTES = Integer.MAX_VALUE - 64;

  void write(Path dir) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
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
      out.flush();
      out.write(sha256(bytes.toByteArray(), bytes.size()));
    }
    AtomicFiles.writeBytes(dir.resolve(FILE), bytes.toByteArray());
  }

  static boolean existsIn(Path dir) {
    return Files.exists(dir.resolve(FILE));
  }

  /** The checkpoint in {@code dir}; every problem with the file is a {@link TrainingInputException} naming it. */
  static Checkpoint read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new TrainingInputException("no checkpoint to resume in " + dir + " (expected " + FILE + ")");
    }
    // A regular file within the limit, checked before a byte is read.
    long size = InputFiles.checkedSize(file, Math.min(Limits.CHECKPOINT_BYTES, MAX_BYTES));
    if (size == 0) {
      throw new TrainingInputException(file + ": empty file, not a bwn checkpoint");
    }
    byte[] bytes = Files.readAllBytes(file);
    int body = bytes.length - DIGEST_BYTES;
    if (body <= 0 || !Arrays.equals(sha256(bytes, body), Arrays.copyOfRange(bytes, body, bytes.length))) {
      throw new TrainingInputException(file + ": " + damage(bytes));
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, body))) {
      return parse(in);
    } catch (IOException | RuntimeException e) {
      // The checksum matched, so the file was written like this: not by this version of bwn.
      throw new TrainingInputException(file + ": not a checkpoint this version of bwn can read ("
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
    }
  }

  private static String damage(byte[] bytes) {
    if (startsWith(bytes, MAGIC)) {
      return "truncated or corrupt (its SHA-256 does not match its content); start the run again or restore the file";
    }
    if (startsWith(bytes, OLD_MAGIC)) {
      return "written by an older bwn (" + OLD_MAGIC + ", without a checksum); start the run again";
    }
    return "not a bwn checkpoint";
  }

  private static boolean startsWith(byte[] bytes, String magic) {
    byte[] header = magic.getBytes(StandardCharsets.UTF_8);
    // writeUTF: a two-byte length, then the text.
    return bytes.length >= header.length + 2 && bytes[0] == 0 && bytes[1] == header.length
        && Arrays.equals(bytes, 2, 2 + header.length, header, 0, header.length);
  }

  private static Checkpoint parse(DataInputStream in) throws IOException {
    if (!MAGIC.equals(in.readUTF())) {
      throw new IOException("unknown format");
    }
    String fingerprint = in.readUTF();
    int epochs = in.readInt();
    int count = in.readInt();
    if (epochs < 0 || count < 0 || count > Limits.CHECKPOINT_ARRAYS || count > in.available()) {
      throw new IOException("bad header: " + epochs + " epochs, " + count + " arrays");
    }
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    for (int a = 0; a < count; a++) {
      String name = in.readUTF();
      int rank = in.readInt();
      if (rank < 0 || rank > Limits.CHECKPOINT_RANK) {
        throw new IOException(name + ": rank " + rank);
      }
      long[] shape = new long[rank];
      long elements = 1;
      for (int d = 0; d < rank; d++) {
        shape[d] = in.readLong();
        if (shape[d] < 0 || shape[d] > Integer.MAX_VALUE) {
          throw new IOException(name + ": dimension " + shape[d]);
        }
        // Bounded by what the file still holds, so the product never overflows and nothing is allocated for a lie.
        if (shape[d] > 0 && elements > in.available() / Float.BYTES / shape[d]) {
          throw new IOException(name + ": shape declares more values than the file holds");
        }
        elements *= shape[d];
      }
      int length = in.readInt();
      if (length != elements || (long) length * Float.BYTES > in.available()) {
        throw new IOException(name + ": " + length + " values for shape " + Arrays.toString(shape));
      }
      float[] values = new float[length];
      for (int i = 0; i < values.length; i++) {
        values[i] = Float.intBitsToFloat(in.readInt());
      }
      if (arrays.put(name, Nd4j.create(values, shape, 'c').castTo(DataType.FLOAT)) != null) {
        throw new IOException(name + " appears twice");
      }
    }
    int rows = in.readInt();
    if (rows != epochs || (long) rows * EpochMetrics.FIELDS * Double.BYTES != in.available()) {
      throw new IOException(rows + " metrics rows for " + epochs + " epochs");
    }
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

  private static byte[] sha256(byte[] bytes, int length) {
    MessageDigest digest = Sha256.digest();
    digest.update(bytes, 0, length);
    return digest.digest();
  }
}
