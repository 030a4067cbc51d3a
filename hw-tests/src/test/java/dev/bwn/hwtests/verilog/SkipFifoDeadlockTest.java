package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.VerilogLowering;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.ActivationType;
import dev.bwn.model.Add;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.Flatten;
import dev.bwn.model.Layer;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.RequantMode;
import dev.bwn.model.Shape;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The skip FIFO depth the lowering computes is the least that works: a residual block with an identity skip runs
 * bit-exact with it, and with every skip FIFO one entry smaller the harness reports a hang (TIMEOUT: no progress for
 * 20 initiation intervals of the design's estimate plus 10,000 cycles), not a wall-clock timeout of the test.
 */
class SkipFifoDeadlockTest {
    static Network residual() {
        SplittableRandom rnd = new SplittableRandom(11);
        ActivationType u4 = new ActivationType(4, false);
        Shape in = new Shape(1, 6, 6);
        RequantMode mode = RequantMode.MULTIPLY;
        Conv2d c0 = new Conv2d("stem", 2, 3, 3, 1, 1, 1, 1, RandomNetworks.randomWeights(rnd, 2, 9),
                RandomNetworks.randomRequant(rnd, 2, 9, ActivationType.UINT8, u4, mode), u4);
        Conv2d c1 = new Conv2d("main1", 2, 3, 3, 1, 1, 1, 1, RandomNetworks.randomWeights(rnd, 2, 18),
                RandomNetworks.randomRequant(rnd, 2, 18, u4, u4, mode), u4);
        Conv2d c2 = new Conv2d("main2", 2, 3, 3, 1, 1, 1, 1, RandomNetworks.randomWeights(rnd, 2, 18),
                RandomNetworks.randomRequant(rnd, 2, 18, u4, u4, mode), u4);
        Add add = new Add("sum", new int[][]{{3, 5}, {7, 1}}, new long[]{1, -2}, new int[]{2, 3}, u4);
        ActivationType logits = new ActivationType(20, true);
        Dense d = new Dense("logits", 4, RandomNetworks.randomWeights(rnd, 4, 72),
                RandomNetworks.randomRequant(rnd, 4, 72, u4, logits, mode), logits);
        List<Layer> layers = List.of(c0, c1, c2, add, new Flatten("flat"), d);
        List<List<String>> inputs = List.of(List.of("input"), List.of("stem"), List.of("main1"), List.of("stem", "main2"),
                List.of("sum"), List.of("flat"));
        Provenance p = new Provenance("bwn deadlock test", "random", "random", "random", 11L, null, null, Map.of());
        return new Network("deadlock", p, "input", in, ActivationType.UINT8, mode, layers, inputs);
    }

    @Test
    void computedDepthRunsAndOneEntryFewerHangs() throws Exception {
        RequireTools.require("verilator");
        Network net = residual();
        VerilogDesign exact = VerilogLowering.lower(net, VerilogLowering.Options.auto(Device.GENERIC, "bwn test").withFolds(Map.of(), false));
        assertTrue(exact.isGraph());
        VerilogDesign smaller = exact.withSkipFifoDepths(d -> d - 1);
        Path root = Designs.fresh("deadlock");
        Designs.Written a = Designs.write(net, exact, null, root.resolve("exact"), 4, 3);
        Designs.Written b = Designs.write(net, smaller, null, root.resolve("smaller"), 4, 3);
        VerilatorRunner.Result ok = VerilatorRunner.run(List.of(a.job()), VerilatorRunner.Options.defaults(Designs.CACHE).withTaps(true));
        assertTrue(ok.passed(), () -> dev.bwn.hwtests.Processes.tail(ok.output(), 2000));
        VerilatorRunner.Result hang = VerilatorRunner.run(List.of(b.job()), VerilatorRunner.Options.defaults(Designs.CACHE).withTaps(true));
        assertFalse(hang.passed());
        assertTrue(hang.designs().get(0).failure().contains("TIMEOUT"), () -> hang.designs().get(0).failure());
    }
}
