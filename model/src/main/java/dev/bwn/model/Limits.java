package dev.bwn.model;

/**
 * Every size limit on input, in one table (docs/SEMANTICS.md, "Limits", lists the same values and a test keeps the
 * two equal). Each size a file declares is checked against these and against the file's real size before anything
 * is allocated, so a hostile or corrupted file is refused in one line instead of exhausting memory.
 */
public final class Limits {
    // The model: structure limits that keep every tensor and accumulator within bounds.
    public static final int LAYERS = 256;
    public static final int DIMENSION = 4096;
    public static final int TENSOR_ELEMENTS = 1 << 22;
    public static final int FAN_IN = 1 << 16;
    public static final long BINARY_WEIGHTS = 1L << 26;
    public static final int KERNEL = 64;
    /** Input plus every layer's output of one inference, as the reference holds them (4-byte ints). */
    public static final long ACTIVATION_BYTES = 1L << 30;

    // Files, by what they are.
    public static final long MODEL_FILE_BYTES = 32L << 20;
    public static final long FOLD_FILE_BYTES = 1L << 20;
    /** A network description file (architectures/*.json); the largest shipped one is under 4 KB. */
    public static final long ARCHITECTURE_FILE_BYTES = 1L << 20;
    public static final long RUN_OPTIONS_BYTES = 64L << 10;
    public static final long DESIGN_SUMMARY_BYTES = 1L << 20;
    public static final long VECTOR_FILE_BYTES = 256L << 20;
    public static final long CHECKPOINT_BYTES = 2L << 30;
    /** Arrays in a training checkpoint (parameters, velocities, latent weights). */
    public static final int CHECKPOINT_ARRAYS = 4096;
    /** Rank of one checkpoint array. */
    public static final int CHECKPOINT_RANK = 8;

    // Data held in memory.
    /**
     * Memory of one dataset split as it is held: 4 bytes per pixel plus {@link #IMAGE_OVERHEAD_BYTES} per image
     * (CIFAR-10 training takes 615 MB, MNIST training 189 MB).
     */
    public static final long DATASET_BYTES = 1L << 30;
    /** What one image costs beyond its pixels (array header and reference), for {@link #DATASET_BYTES}. */
    public static final int IMAGE_OVERHEAD_BYTES = 24;
    /** Deflate cannot expand data by more than this factor, so a gzip file's size bounds what it can hold. */
    public static final int GZIP_MAX_RATIO = 1032;
    /** Test vectors of one verification (each also bounded by {@link #VECTOR_BYTES}). */
    public static final int VECTORS = 1_000_000;
    /** Inputs and expected outputs of all vectors of one verification, as 4-byte ints. */
    public static final long VECTOR_BYTES = 1L << 30;

    private Limits() {
    }

    /** Bytes that {@code images} images of {@code pixels} pixels take in memory (saturating, never overflowing). */
    public static long imageBytes(long images, long pixels) {
        try {
            return Math.multiplyExact(images, Math.addExact(Math.multiplyExact(pixels, (long) Integer.BYTES), IMAGE_OVERHEAD_BYTES));
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** A byte count for a message: "6.2 GiB", "512.0 KiB", "17 bytes" (binary units, one decimal). */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
