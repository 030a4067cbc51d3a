package dev.bwn.cli;

import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.ActivationType;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.Flatten;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.RequantMode;
import dev.bwn.model.Shape;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated C and Verilog pick the class by an argmax over however many logits the model has: a conv, flatten and
 * dense network with 2 and with 100 classes passes {@code bwn verify} bit for bit (predicted class and logits) on
 * random vectors (Verilog only at 100: random designs elsewhere cover 2..10 classes in Verilator).
 */
class ClassCountBackendsTest {
    @TempDir
    Path dir;

    static Network withClasses(int classes) {
        SplittableRandom random = new SplittableRandom(classes);
        ActivationType hidden = new ActivationType(4, false);
        ActivationType logits = new ActivationType(24, true);
        Shape input = new Shape(1, 6, 6);
        int convFanIn = 9;
        Conv2d conv = new Conv2d("conv", 3, 3, 3, 1, 1, 0, 0, RandomNetworks.randomWeights(random, 3, convFanIn),
                RandomNetworks.randomRequant(random, 3, convFanIn, ActivationType.UINT8, hidden, RequantMode.MULTIPLY), hidden);
        int denseFanIn = 3 * 4 * 4;
        Dense dense = new Dense("logits", classes, RandomNetworks.randomWeights(random, classes, denseFanIn),
                RandomNetworks.randomRequant(random, classes, denseFanIn, hidden, logits, RequantMode.MULTIPLY), logits);
        Provenance provenance = new Provenance("test", "random", "class-count", "random", null, null, null, Map.of());
        return new Network("classes_" + classes, provenance, input, ActivationType.UINT8, RequantMode.MULTIPLY,
                List.of(conv, new Flatten("flatten"), dense));
    }

    @ParameterizedTest
    @CsvSource({"2, c, gcc", "100, c, gcc", "100, verilog, verilator"})
    void theArgmaxFollowsTheClassCount(int classes, String target, String tool) throws Exception {
        RequireTools.require(tool);
        Network network = withClasses(classes);
        assertEquals(classes, network.classes());
        Path model = dir.resolve("classes-" + classes + ".bwn.json");
        ModelIo.write(network, model);
        CliRun run = CliRun.bwn("verify", model.toString(), "--target", target, "--vectors", "20", "--no-progress");
        run.assertOk();
        assertTrue(run.out().contains("PASS  20 vectors, 0 mismatches"), run.out());
    }
}
