package dev.bwn.importer;

import dev.bwn.model.data.LabeledImages;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Runs the float graph on calibration images and keeps, for every tensor, each image's largest |value|; a tensor's
 * range is a percentile of those per-image maxima (100: the largest value seen). Also keeps the float graph's class
 * for each image.
 */
final class Calibration {
    private final List<FloatOp> ops;
    private final float[][] maxima;
    private final int[] classes;

    private Calibration(List<FloatOp> ops, float[][] maxima, int[] classes) {
        this.ops = ops;
        this.maxima = maxima;
        this.classes = classes;
    }

    static Calibration run(FloatGraph graph, List<FloatOp> ops, LabeledImages images, double inputStep, String output) {
        float[][] maxima = new float[images.size()][];
        int[] classes = new int[images.size()];
        IntStream.range(0, images.size()).parallel().forEach(i -> {
            int[] pixels = images.images()[i];
            float[] x = new float[pixels.length];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) (pixels[j] * inputStep);
            }
            Map<String, float[]> values = graph.evaluate(x);
            float[] row = new float[ops.size()];
            for (int k = 0; k < ops.size(); k++) {
                float max = 0;
                for (float v : values.get(ops.get(k).output())) {
                    max = Math.max(max, Math.abs(v));
                }
                row[k] = max;
            }
            maxima[i] = row;
            float[] logits = values.get(output);
            int best = 0;
            for (int c = 1; c < logits.length; c++) {
                if (logits[c] > logits[best]) {
                    best = c;
                }
            }
            classes[i] = best;
        });
        return new Calibration(ops, maxima, classes);
    }

    int[] classes() {
        return classes;
    }

    Map<String, Double> ranges(double percentile) {
        Map<String, Double> ranges = new HashMap<>();
        int n = maxima.length;
        for (int k = 0; k < ops.size(); k++) {
            float[] column = new float[n];
            for (int i = 0; i < n; i++) {
                column[i] = maxima[i][k];
            }
            Arrays.sort(column);
            // nearest rank: the smallest value with at least p% of the images at or below it
            int rank = (int) Math.ceil(percentile / 100.0 * n);
            ranges.put(ops.get(k).output(), (double) column[Math.max(0, Math.min(n - 1, rank - 1))]);
        }
        return ranges;
    }
}
