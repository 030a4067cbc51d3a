package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.SequentialLowering;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.WeightMemory;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.Network;
import dev.bwn.model.RepoRoot;
import dev.bwn.model.RequantMode;
import dev.bwn.model.io.ModelIo;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The layer-sequential engine (docs/SEQUENTIAL.md) is bit-exact in Verilator against the Java reference, with random
 * input gaps and output back-pressure: random residual graphs (the graph tests' generator), random chains, and
 * mnist-resnet8 with its constants loaded from flash into SPRAM. The measured cycles per image must equal the
 * program's count ({@code SequentialProgram.cyclesPerImage}) exactly.
 */
class SequentialEngineBitExactTest {
    private static final int VECTORS = 4;

    @Test
    void randomGraphsAndChainsMatchTheReference() throws Exception {
        RequireTools.require("verilator");
        Path root = Designs.fresh("sequential");
        List<Designs.Written> written = new ArrayList<>();
        for (long seed = 7000; seed < 7012; seed++) {
            Network net = GraphDesignsBitExactTest.graph(seed);
            Device device = seed % 3 == 2 ? Device.UP5K : Device.GENERIC;
            written.add(Designs.write(net, SequentialLowering.lower(net, device, WeightMemory.AUTO, "bwn test"), null, root,
                    VECTORS, seed ^ 0x5eed));
        }
        for (long seed = 41; seed < 45; seed++) {
            Designs.Case c = new Designs.Case(seed, seed % 2 == 0 ? Designs.Kinds.DENSE_ONLY : Designs.Kinds.CONV_POOL_DENSE,
                    Designs.Widths.values()[(int) (seed % Designs.Widths.values().length)],
                    seed % 2 == 0 ? RequantMode.SHIFT : RequantMode.MULTIPLY, Designs.Folding.SERIAL);
            Network net = Designs.network(c);
            written.add(Designs.write(net, SequentialLowering.lower(net, Device.GENERIC, WeightMemory.AUTO, "bwn test"), c, root,
                    VECTORS, seed));
        }
        check(written);
    }

    @Test
    void mnistResnet8MatchesTheReference() throws Exception {
        RequireTools.require("verilator");
        Path root = Designs.fresh("sequential-resnet8");
        Network net = ModelIo.read(RepoRoot.find().resolve("examples/mnist-resnet8.bwn.json"));
        VerilogDesign design = SequentialLowering.lower(net, Device.UP5K, WeightMemory.AUTO, "bwn test");
        check(List.of(Designs.write(net, design, null, root, 3, 8)));
    }

    private static void check(List<Designs.Written> written) throws Exception {
        VerilatorRunner.Result r = VerilatorRunner.run(written.stream().map(Designs.Written::job).toList(),
                VerilatorRunner.Options.defaults(Designs.CACHE).withTaps(true));
        StringBuilder failures = new StringBuilder();
        for (int i = 0; i < written.size(); i++) {
            VerilatorRunner.DesignResult d = r.designs().get(i);
            Designs.Written w = written.get(i);
            assertEquals(w.design().topModule(), d.top());
            long estimated = w.design().initiationInterval();
            System.out.printf(java.util.Locale.ROOT, "%s: %s, %.0f cycles/image measured, %d counted%n", w.network().name(),
                    d.passed() ? "bit-exact" : d.failure(), d.cyclesPerImage(), estimated);
            if (!d.passed()) {
                failures.append(w.network().name()).append(": ").append(d.failure()).append('\n');
            } else if (d.cyclesPerImage() != estimated) {
                failures.append(w.network().name()).append(": ").append(d.cyclesPerImage()).append(" cycles/image measured, ")
                        .append(estimated).append(" counted\n");
            }
        }
        if (failures.length() > 0 || !r.passed()) {
            fail(failures + "\n" + dev.bwn.hwtests.Processes.tail(r.output(), 3000));
        }
    }
}
