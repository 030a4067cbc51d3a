package dev.bwn.cli;

import dev.bwn.model.Network;
import dev.bwn.model.data.NpyFiles;
import dev.bwn.model.io.ModelIo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bwn train --arch FILE|NAME} and {@code --dry-run} through the CLI: a user's description file trains and
 * exports, the dry run prints the published totals without data files, and a broken description file is refused
 * with one line naming the file and JSON path, exit 2, nothing written.
 */
class ArchitectureFilesCliTest {
    @TempDir
    Path dir;

    /** A small user network with a residual block from a repeat: conv, block, pool, dense (logits). */
    static final String USER_NETWORK = """
            {"name": "user-net",
             "blocks": {"res": {"parameters": ["c"], "layers": [
               {"name": "conv", "type": "conv2d", "channels": "c", "kernel": 3, "padding": 1},
               {"name": "conv_bn", "type": "batchnorm"},
               {"name": "add", "type": "add", "inputs": ["conv_bn", "in"]},
               {"name": "add_relu", "type": "relu"}]}},
             "layers": [
               {"name": "stem", "type": "conv2d", "channels": 4, "kernel": 3, "stride": 2, "padding": 1},
               {"name": "stem_bn", "type": "batchnorm"},
               {"name": "stem_relu", "type": "relu"},
               {"name": "stage", "type": "repeat", "block": "res", "count": 1, "with": {"c": 4}},
               {"name": "pool", "type": "maxpool", "kernel": 2},
               {"name": "flatten", "type": "flatten"},
               {"name": "fc", "type": "dense", "units": "classes"},
               {"name": "fc_bn", "type": "batchnorm"}]}
            """;

    /** A NumPy dataset folder of 1x12x12 images in three classes: class c is a bright bar at column 2 + 3c. */
    static Path threeClassNumpyFolder(Path folder, int train, int test) throws IOException {
        Files.createDirectories(folder);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (String split : new String[] {"train", "test"}) {
            int count = split.equals("train") ? train : test;
            byte[] pixels = new byte[count * 144];
            long[] labels = new long[count];
            for (int i = 0; i < count; i++) {
                labels[i] = i % 3;
                for (int p = 0; p < 144; p++) {
                    int column = p % 12;
                    boolean bar = column >= 2 + 3 * labels[i] && column < 4 + 3 * labels[i];
                    pixels[i * 144 + p] = (byte) (bar ? 200 + random.nextInt(56) : random.nextInt(60));
                }
            }
            Files.write(folder.resolve(split + "_images.npy"), NpyFiles.npy("|u1", false, count + ", 1, 12, 12", pixels));
            Files.write(folder.resolve(split + "_labels.npy"), NpyFiles.npy("<i8", false, count + ",", NpyFiles.int64(labels)));
        }
        return folder;
    }

    @Test
    void aUserFileTrainsOnThreeClassesExportsAndEvaluates() throws IOException {
        Path data = threeClassNumpyFolder(dir.resolve("data"), 96, 30);
        Path file = Files.writeString(dir.resolve("user-net.json"), USER_NETWORK);
        Path out = dir.resolve("run");
        CliRun.bwn("train", "--arch", file.toString(), "--dataset", data.toString(), "--epochs", "1", "--batch", "16",
                "--calibration-images", "96", "--fp-ends", "--no-progress", "--out", out.toString()).assertOk();
        Network network = ModelIo.read(out.resolve("model.bwn.json"));
        assertEquals("user-net", network.provenance().architecture());
        assertEquals("data-user-net", network.name());
        assertEquals(3, network.classes(), "the class count comes from the labels");
        assertEquals("stem,fc", network.provenance().extra().get("fullPrecisionLayers"), "--fp-ends is recorded");
        assertEquals(java.util.List.of("stem", "stage_1_conv", "stage_1_add", "pool", "flatten", "fc"),
                network.layers().stream().map(l -> l.name()).toList());
        CliRun eval = CliRun.bwn("eval", out.resolve("model.bwn.json").toString(), "--dataset", data.toString()).assertOk();
        assertTrue(eval.out().contains("/30)"), eval.out());
    }

    @Test
    void aDatasetWithLabelsBeyondTheModelIsRefusedByEval() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.write(data.resolve("test_images.npy"), NpyFiles.npy("|u1", false, "3, 1, 28, 28", new byte[3 * 784]));
        Files.write(data.resolve("test_labels.npy"), NpyFiles.npy("<i8", false, "3,", NpyFiles.int64(0, 1, 12)));
        Map<String, String> before = FolderSnapshot.withoutEmptyLocks(dir);
        CliRun.bwn("eval", Path.of("..", "examples", "mnist-tiny.bwn.json").toString(), "--dataset", data.toString())
                .assertRefused("test image 2 has label 12 but model mnist-tiny.bwn.json has 10 classes (0..9)");
        assertEquals(before, FolderSnapshot.withoutEmptyLocks(dir));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "train_images.npy | <f4 | train_images.npy: dtype '<f4' is not an integer type",
            "train_labels.npy | <i8 | train_labels.npy: label 5000 at index 0 is not 0..999"})
    void aHostileDatasetIsOneLineAndTouchesNothing(String file, String descr, String expected) throws IOException {
        Path data = threeClassNumpyFolder(dir.resolve("data"), 3, 3);
        if (file.startsWith("train_images")) {
            Files.write(data.resolve(file), NpyFiles.npy(descr, false, "3, 1, 12, 12", new byte[3 * 144 * 4]));
        } else {
            Files.write(data.resolve(file), NpyFiles.npy(descr, false, "3,", NpyFiles.int64(5000, 1, 2)));
        }
        Map<String, String> before = FolderSnapshot.withoutEmptyLocks(dir);
        CliRun.bwn("train", "--arch", "tiny", "--dataset", data.toString(), "--epochs", "1", "--no-progress",
                "--out", dir.resolve("run").toString()).assertRefused(expected);
        assertEquals(before, FolderSnapshot.withoutEmptyLocks(dir));
    }

    @ParameterizedTest
    @CsvSource({
            "resnet-8, cifar10, '77,360 binary weights, 78,052 parameters with batch norm'",
            "resnet-18, cifar10, '11,173,972 parameters with batch norm'",
            "wrn-28-10, cifar10, '36,481,444 parameters with batch norm'",
            "vgg-small, cifar10, '4,656,512 binary weights'",
            "wrn-16-4, cifar100, '2,768,304 binary weights'",
            "lenet5-wide, mnist, '430,500 binary weights'"})
    void theDryRunPrintsTheTotalsWithoutData(String architecture, String dataset, String totals) throws IOException {
        Map<String, String> before = FolderSnapshot.of(dir);
        CliRun run = CliRun.bwn("train", "--arch", architecture, "--dataset", dataset, "--dry-run",
                "--out", dir.resolve("never").toString()).assertOk();
        assertTrue(run.out().contains(totals), run.out());
        assertEquals(before, FolderSnapshot.of(dir), "a dry run writes nothing");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"name\": \"n\", \"layers\": [{\"name\": \"a\", \"type\": \"conv2d\", \"channels\": 4}]} | bad.json: layers[0].kernel: missing required field",
            "{\"name\": \"n\", \"layers\": [{\"name\": \"a\", \"type\": \"flatten\"}, {\"name\": \"a\", \"type\": \"flatten\"}]} | bad.json: layers[1].name: 'a' is already the name of an earlier layer",
            "{\"name\": \"n\",, \"layers\": []} | bad.json: (json): not valid JSON at line 1",
            // a network that parses but does not fit 28x28 MNIST-shaped data
            "{\"name\": \"n\", \"layers\": [{\"name\": \"c\", \"type\": \"conv2d\", \"channels\": 2, \"kernel\": 29}, {\"name\": \"c_bn\", \"type\": \"batchnorm\"}, {\"name\": \"c_relu\", \"type\": \"relu\"}, {\"name\": \"f\", \"type\": \"flatten\"}, {\"name\": \"d\", \"type\": \"dense\", \"units\": \"classes\"}, {\"name\": \"d_bn\", \"type\": \"batchnorm\"}]} | does not fit a 1x28x28 input"})
    void aBrokenFileIsOneLineAndTouchesNothing(String json, String expected) throws IOException {
        Path data = SyntheticIdx.write(dir.resolve("data"), 8, 8, 5);
        Files.writeString(dir.resolve("bad.json"), json);
        Map<String, String> before = FolderSnapshot.withoutEmptyLocks(dir);
        CliRun.bwn("train", "--arch", dir.resolve("bad.json").toString(), "--dataset", data.toString(), "--epochs", "1",
                "--no-progress", "--out", dir.resolve("run").toString()).assertRefused(expected);
        CliRun.bwn("train", "--arch", dir.resolve("bad.json").toString(), "--dataset", data.toString(), "--dry-run")
                .assertRefused(expected);
        assertEquals(before, FolderSnapshot.withoutEmptyLocks(dir));
    }

    @Test
    void anUnknownNameListsTheBuiltIns() {
        CliRun.bwn("train", "--arch", "resnet-1000", "--dry-run").assertRefused("expected one of mlp, lenet5");
        CliRun.bwn("train", "--arch", "wrn-27-10", "--dry-run").assertRefused("count: 23 is not a multiple of 6");
    }
}
