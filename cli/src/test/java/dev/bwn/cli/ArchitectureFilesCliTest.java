package dev.bwn.cli;

import dev.bwn.model.Network;
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

    @Test
    void aUserFileTrainsAndExports() throws IOException {
        Path data = SyntheticIdx.write(dir.resolve("data"), 64, 32, 5);
        Path file = Files.writeString(dir.resolve("user-net.json"), USER_NETWORK);
        Path out = dir.resolve("run");
        CliRun.bwn("train", "--arch", file.toString(), "--dataset", data.toString(), "--epochs", "1", "--batch", "32",
                "--calibration-images", "32", "--no-progress", "--out", out.toString()).assertOk();
        Network network = ModelIo.read(out.resolve("model.bwn.json"));
        assertEquals("user-net", network.provenance().architecture());
        assertEquals("data-user-net", network.name());
        assertEquals(java.util.List.of("stem", "stage_1_conv", "stage_1_add", "pool", "flatten", "fc"),
                network.layers().stream().map(l -> l.name()).toList());
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
