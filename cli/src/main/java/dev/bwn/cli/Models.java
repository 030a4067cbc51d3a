package dev.bwn.cli;

import dev.bwn.model.Network;
import dev.bwn.model.io.ModelIo;

import java.nio.file.Path;

/** Loads a model file for a command (ModelIo names the file in every problem) and its test images. */
final class Models {
    private Models() {
    }

    static Network load(Path file) {
        return ModelIo.read(file);
    }

    /** The dataset's test split, checked to have the model's input size. */
    static dev.bwn.model.data.LabeledImages testImages(Network net, Path modelFile, String dataset) {
        dev.bwn.model.data.LabeledImages test = dev.bwn.model.data.Dataset.load(dataset, dev.bwn.model.data.Split.TEST);
        if (test.pixelsPerImage() != net.inputSize()) {
            throw new BadInputException(dataset + " images are " + test.channels() + "x" + test.height() + "x" + test.width()
                    + " but model " + modelFile.getFileName() + " expects " + net.inputShape());
        }
        int[] labels = test.labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= net.classes()) {
                throw new BadInputException(dataset + " test image " + i + " has label " + labels[i] + " but model "
                        + modelFile.getFileName() + " has " + net.classes() + " classes (0.." + (net.classes() - 1) + ")");
            }
        }
        // Pixels are fed to the model as they are stored (docs/SEMANTICS.md, section 1): one that the model's input
        // type cannot hold is bad input, refused before any inference runs.
        dev.bwn.model.ActivationType type = net.inputType();
        int[][] images = test.images();
        for (int i = 0; i < images.length; i++) {
            for (int j = 0; j < images[i].length; j++) {
                if (!type.contains(images[i][j])) {
                    throw new BadInputException(dataset + " image " + i + " has pixel value " + images[i][j] + " at index " + j
                            + ", outside the input type " + type + " (" + type.min() + ".." + type.max() + ") of model "
                            + modelFile.getFileName());
                }
            }
        }
        return test;
    }

    /** The folder a {@code --dataset} value names, or null for a built-in dataset name (an input outputs must not hold). */
    static Path datasetFolder(String dataset) {
        if (dataset == null || dataset.equals(dev.bwn.model.data.Dataset.MNIST) || dataset.equals(dev.bwn.model.data.Dataset.FASHION_MNIST)) {
            return null;
        }
        return Path.of(dataset.endsWith(dev.bwn.model.data.Dataset.COARSE_SUFFIX)
                ? dataset.substring(0, dataset.length() - dev.bwn.model.data.Dataset.COARSE_SUFFIX.length()) : dataset);
    }
}
