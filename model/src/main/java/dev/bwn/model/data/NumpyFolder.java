package dev.bwn.model.data;

import dev.bwn.model.Limits;
import dev.bwn.model.io.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A folder of NumPy arrays, for users' own data. Each split is either two {@code .npy} files,
 * {@code train_images.npy} and {@code train_labels.npy} ({@code test_...} for the test split), or one {@code .npz}
 * archive {@code train.npz} / {@code test.npz} holding {@code images.npy} and {@code labels.npy} (what
 * {@code numpy.savez(path, images=..., labels=...)} writes, compressed or not). Images are uint8 of shape
 * (N, C, H, W) or (N, H, W) (one channel); labels any integer type of shape (N,), each 0..{@value #MAX_LABEL}. The
 * class count is the largest label + 1. Every size is checked against {@link Limits} and the file's real size before
 * the data are read.
 */
public final class NumpyFolder {
    public static final int MAX_LABEL = 999;
    /** The raw uint8 images of one split are held once as bytes, then as ints: bound the bytes to a quarter. */
    static final long MAX_ARRAY_BYTES = Limits.DATASET_BYTES / 4;

    private NumpyFolder() {
    }

    public static boolean looksLikeNumpy(Path dir) {
        for (String prefix : new String[] {"train", "test"}) {
            if (Files.isRegularFile(dir.resolve(prefix + "_images.npy")) || Files.isRegularFile(dir.resolve(prefix + ".npz"))) {
                return true;
            }
        }
        return false;
    }

    public static LabeledImages load(Path dir, Split split) {
        String prefix = split == Split.TRAIN ? "train" : "test";
        Path archive = dir.resolve(prefix + ".npz");
        NpyArray images;
        NpyArray labels;
        if (Files.isRegularFile(archive)) {
            images = fromZip(archive, "images.npy");
            labels = fromZip(archive, "labels.npy");
        } else {
            images = fromFile(dir.resolve(prefix + "_images.npy"));
            labels = fromFile(dir.resolve(prefix + "_labels.npy"));
        }
        return labeled(dir.toString(), images, labels);
    }

    private static NpyArray fromFile(Path file) {
        if (!Files.exists(file)) {
            throw new DatasetException(file + ": no such file (a NumPy dataset folder holds " + file.getFileName()
                    + ", or the split's .npz)");
        }
        return NpyArray.parse(file.toString(), InputFiles.readBytes(file, MAX_ARRAY_BYTES));
    }

    private static NpyArray fromZip(Path archive, String entryName) {
        InputFiles.checkedSize(archive, Limits.DATASET_BYTES);
        String source = archive + "!" + entryName;
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                throw new DatasetException(archive + ": no " + entryName + " in the archive (save with numpy.savez(path, "
                        + "images=..., labels=...))");
            }
            long size = entry.getSize();
            if (size < 0 || size > MAX_ARRAY_BYTES) {
                throw new DatasetException(source + ": declares " + (size < 0 ? "no" : Long.toString(size))
                        + " uncompressed bytes; at most " + MAX_ARRAY_BYTES + " are read");
            }
            byte[] bytes;
            try (InputStream in = zip.getInputStream(entry)) {
                // Never more than the declared size plus one byte, whatever the compressed stream expands to.
                bytes = in.readNBytes((int) size + 1);
            }
            if (bytes.length != size) {
                throw new DatasetException(source + ": holds " + (bytes.length > size ? "more" : Integer.toString(bytes.length))
                        + " bytes, the archive declares " + size);
            }
            return NpyArray.parse(source, bytes);
        } catch (IOException e) {
            throw new DatasetException(archive + ": not a readable .npz (zip) archive: " + e.getMessage(), e);
        }
    }

    private static LabeledImages labeled(String name, NpyArray images, NpyArray labels) {
        long[] s = images.shape;
        if (s.length != 3 && s.length != 4) {
            throw new DatasetException(images.source + ": images of shape " + images.describeShape()
                    + "; expected (N, C, H, W) or (N, H, W)");
        }
        if (images.itemBytes != 1 || images.signed) {
            throw new DatasetException(images.source + ": images must be uint8, not " + (images.signed ? "int" : "uint")
                    + 8 * images.itemBytes);
        }
        long count = s[0];
        long channels = s.length == 4 ? s[1] : 1;
        long height = s[s.length - 2];
        long width = s[s.length - 1];
        if (count < 1) {
            throw new DatasetException(images.source + ": holds no images");
        }
        if (channels < 1 || height < 1 || width < 1 || channels > Limits.DIMENSION || height > Limits.DIMENSION
                || width > Limits.DIMENSION || channels * height * width > Limits.TENSOR_ELEMENTS) {
            throw new DatasetException(images.source + ": images of " + channels + "x" + height + "x" + width
                    + "; each side must be 1.." + Limits.DIMENSION + " and an image at most " + Limits.TENSOR_ELEMENTS + " pixels");
        }
        int pixels = (int) (channels * height * width);
        long needed = Limits.imageBytes(count, pixels);
        if (needed > Limits.DATASET_BYTES) {
            throw new DatasetException(images.source + ": " + count + " images need " + Limits.bytes(needed)
                    + " in memory, above the limit of " + Limits.bytes(Limits.DATASET_BYTES));
        }
        if (labels.shape.length != 1 || labels.shape[0] != count) {
            throw new DatasetException(labels.source + ": labels of shape " + labels.describeShape() + "; expected ("
                    + count + ",), one per image");
        }
        int[] labelArray = new int[(int) count];
        int largest = 0;
        for (int i = 0; i < count; i++) {
            long label = labels.get(i);
            if (label < 0 || label > MAX_LABEL) {
                throw new DatasetException(labels.source + ": label " + (label < 0 && !labels.signed
                        ? Long.toUnsignedString(label) : Long.toString(label)) + " at index " + i + " is not 0.." + MAX_LABEL);
            }
            labelArray[i] = (int) label;
            largest = Math.max(largest, (int) label);
        }
        int[][] imageArray = new int[(int) count][];
        for (int i = 0; i < count; i++) {
            int[] image = new int[pixels];
            long base = (long) i * pixels;
            for (int p = 0; p < pixels; p++) {
                image[p] = (int) images.get(base + p);
            }
            imageArray[i] = image;
        }
        return new LabeledImages(name, (int) channels, (int) height, (int) width, largest + 1, imageArray, labelArray);
    }

}
