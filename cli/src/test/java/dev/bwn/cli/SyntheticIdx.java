package dev.bwn.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A small IDX dataset folder (28x28 images, 10 classes) that a network learns in a few steps: class c is a bright
 * vertical bar at column 2 + 2c on a noisy background. Lets training tests run without fetching MNIST.
 */
final class SyntheticIdx {
    static final int SIDE = 28;

    private SyntheticIdx() {
    }

    static Path write(Path dir, int trainImages, int testImages, long seed) throws IOException {
        Files.createDirectories(dir);
        split(dir, "train", trainImages, seed);
        split(dir, "t10k", testImages, seed + 1);
        return dir;
    }

    private static void split(Path dir, String prefix, int count, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        DataOutputStream imageOut = new DataOutputStream(images);
        DataOutputStream labelOut = new DataOutputStream(labels);
        imageOut.writeInt(0x00000803);
        imageOut.writeInt(count);
        imageOut.writeInt(SIDE);
        imageOut.writeInt(SIDE);
        labelOut.writeInt(0x00000801);
        labelOut.writeInt(count);
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(10);
            labelOut.writeByte(label);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    boolean bar = x >= 2 + 2 * label && x < 4 + 2 * label && y > 3 && y < 24;
                    imageOut.writeByte(bar ? 200 + random.nextInt(56) : random.nextInt(60));
                }
            }
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), images.toByteArray());
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels.toByteArray());
    }
}
