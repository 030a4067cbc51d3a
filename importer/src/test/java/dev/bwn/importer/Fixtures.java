package dev.bwn.importer;

import dev.bwn.model.ActivationType;
import dev.bwn.model.data.LabeledImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The committed ONNX fixtures (tools/onnx-fixtures): networks trained and exported by PyTorch, with PyTorch's test
 * accuracy and float logits of the first 200 MNIST test images, and QONNX graphs built from the same weights.
 */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path file(String name) {
        try {
            return Path.of(Fixtures.class.getResource("fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PyTorch's test accuracy of fixture {@code model} on the 10,000 MNIST test images. */
    public static double pytorchAccuracy(String model) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file(model + ".properties"))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Double.parseDouble(p.getProperty("testAccuracy"));
    }

    /** PyTorch's float logits of the first 200 MNIST test images, one row per image. */
    public static float[][] pytorchLogits(String model) {
        try {
            List<String> lines = Files.readAllLines(file(model + ".logits.csv"));
            float[][] logits = new float[lines.size()][];
            for (int i = 0; i < logits.length; i++) {
                String[] fields = lines.get(i).split(",");
                logits[i] = new float[fields.length];
                for (int j = 0; j < fields.length; j++) {
                    logits[i][j] = Float.parseFloat(fields[j]);
                }
            }
            return logits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    static OnnxImporter.Options options(Double inputStep, LabeledImages calibration) {
        return new OnnxImporter.Options(inputStep, ActivationType.UINT8, 8, calibration, 100, "fixture", "bwn test");
    }
}
