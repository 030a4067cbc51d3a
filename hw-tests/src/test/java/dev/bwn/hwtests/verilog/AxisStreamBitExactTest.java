package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.verilog.AxisStreamWrapper;
import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.codegen.verilog.VerilogLowering;
import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.hwtests.Tools;
import dev.bwn.model.Network;
import dev.bwn.model.RepoRoot;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;
import dev.bwn.model.random.RandomNetworks;
import dev.bwn.model.vectors.TestVectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AXI4-Stream wrapper ({@code gen verilog --interface axis}) of mnist-tiny (result packets with the logits) and of
 * two random residual graphs (class only; one with several input channels of fewer than 8 bits, so values share no
 * byte and spare bits are junk) in Verilator: lint-clean under {@code -Wall}, bit-exact with the reference with random
 * gaps on s_axis and back-pressure on m_axis, m_axis holding its beat until taken, the status bits clear; and with an
 * early TLAST and a missing TLAST injected, the documented status bit set and every later image right.
 */
class AxisStreamBitExactTest {
    private static final int VECTORS = 6;
    private static final long[] GRAPH_SEEDS = {7003, 7010};

    @Test
    void wrappersAreBitExactUnderRandomHandshakes() throws Exception {
        RequireTools.require("verilator");
        List<VerilatorRunner.Job> jobs = write(Designs.fresh("axis-clean"));
        VerilatorRunner.Result r = AxisStreamRunner.run(jobs, List.of(), VerilatorRunner.Options.defaults(Designs.CACHE));
        for (VerilatorRunner.DesignResult d : r.designs()) {
            assertTrue(d.passed(), d.top() + ": " + d.failure() + "\n" + Processes.tail(r.output(), 3000));
            assertEquals(VECTORS, d.vectors());
        }
        assertTrue(r.passed(), Processes.tail(r.output(), 3000));
    }

    @Test
    void earlyAndMissingTlastAreReportedAndLaterImagesStayRight() throws Exception {
        RequireTools.require("verilator");
        List<VerilatorRunner.Job> jobs = write(Designs.fresh("axis-faults"));
        // mnist-tiny: vector 1 cut after 300 of 784 beats, vector 3 without TLAST (vector 4 is then dropped as its tail);
        // the first graph: vector 0 cut after one beat
        List<AxisStreamRunner.Fault> faults = List.of(AxisStreamRunner.Fault.earlyTlast(0, 1, 300),
                AxisStreamRunner.Fault.missingTlast(0, 3), AxisStreamRunner.Fault.earlyTlast(1, 0, 1));
        VerilatorRunner.Result r = AxisStreamRunner.run(jobs, faults, VerilatorRunner.Options.defaults(Designs.CACHE));
        assertTrue(r.passed(), Processes.tail(r.output(), 3000));

    }

    /**
     * The fault checks can fail: a wrapper that neither sets the early-TLAST bit nor drops the tail of a packet with a
     * missing TLAST fails each injected fault (the status, or the image after the dropped one). A build of its own
     * (about 45 s): with the long sweeps only ({@code mvn -Pexhaustive}).
     */
    @Test
    void aWrapperThatDoesNotRecoverFailsTheFaultRuns() throws Exception {
        Assumptions.assumeTrue(Tools.exhaustive(), "a mutant build of its own: runs with -Pexhaustive");
        RequireTools.require("verilator");
        Path root = Designs.fresh("axis-mutant");
        VerilatorRunner.Job tiny = write(root).get(0);
        Path wrapper = tiny.designDir().resolve(AxisStreamRunner.AxisSummary.read(tiny.designDir()).axisTop() + ".v");
        String rtl = Files.readString(wrapper);
        String mutant = rtl.replace("early_tlast <= 1'b1;", "early_tlast <= 1'b0;").replace("dropping <= 1'b1;", "dropping <= 1'b0;");
        assertNotEquals(rtl, mutant);
        Files.writeString(wrapper, mutant);
        VerilatorRunner.Result early = AxisStreamRunner.run(List.of(tiny), List.of(AxisStreamRunner.Fault.earlyTlast(0, 1, 300)),
                VerilatorRunner.Options.defaults(Designs.CACHE));
        assertFalse(early.passed());
        assertTrue(early.output().contains("field=status expected=1 got=0"), Processes.tail(early.output(), 3000));
        VerilatorRunner.Result missing = AxisStreamRunner.run(List.of(tiny), List.of(AxisStreamRunner.Fault.missingTlast(0, 3)),
                VerilatorRunner.Options.defaults(Designs.CACHE));
        assertFalse(missing.passed());
        assertTrue(missing.output().contains("vector=5 field="), Processes.tail(missing.output(), 3000));
    }

    /** The three designs with their AXI4-Stream wrappers and vectors, each lint-clean under verilator -Wall. */
    private static List<VerilatorRunner.Job> write(Path root) throws IOException {
        List<VerilatorRunner.Job> jobs = new ArrayList<>();
        Network tiny = ModelIo.read(RepoRoot.find().resolve("examples/mnist-tiny.bwn.json"));
        jobs.add(write(tiny, VerilogLowering.lower(tiny, VerilogLowering.Options.auto(Device.UP5K, "bwn test")), true, root));
        for (long seed : GRAPH_SEEDS) {
            Network net = GraphDesignsBitExactTest.graph(seed);
            jobs.add(write(net, GraphDesignsBitExactTest.lower(net, seed), false, root));
        }
        return jobs;
    }

    private static VerilatorRunner.Job write(Network net, VerilogDesign design, boolean logits, Path root) throws IOException {
        Path dir = root.resolve(design.topModule());
        Path vectors = root.resolve(design.topModule() + "-vectors");
        GeneratedFolder.write(dir, OutputKind.VERILOG_DESIGN,
                AxisStreamWrapper.addTo(design, VerilogGenerator.files(design), logits));
        TestVectors.write(net, RandomNetworks.randomInputs(net, VECTORS, 2027), vectors, false);
        AxisStreamRunner.AxisSummary axis = AxisStreamRunner.AxisSummary.read(dir);
        List<String> lint = new ArrayList<>(List.of("verilator", "--lint-only", "-Wall", "--top-module", axis.axisTop()));
        axis.core().verilogFiles().forEach(p -> lint.add(p.toString()));
        Processes.Result l = Processes.run(lint, dir, Duration.ofMinutes(2));
        assertEquals(0, l.exitCode(), l.output());
        assertTrue(l.output().isBlank(), "verilator -Wall printed:\n" + l.output());
        return new VerilatorRunner.Job(dir, vectors);
    }
}
