package dev.bwn.codegen.verilog;

import dev.bwn.model.Network;
import dev.bwn.model.RepoRoot;
import dev.bwn.model.io.ModelIo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DSP blocks per multiplier as yosys 0.23's {@code synth_ice40 -dsp} maps them. The figures are yosys' own, measured on
 * mnist-resnet8's requantization modules synthesized alone (a 17 x 16 multiply takes one block and a LUT slice for its
 * top bit; 18 x 16 two blocks); hw-tests' YosysSynthesisTest and GraphSynthesisTest compare whole designs.
 */
class DspsTest {
    @Test
    void slicesAsMul2dspDoes() {
        assertEquals(1, Dsps.multiply(16, 16, 32).dsps());
        assertEquals(1, Dsps.multiply(13, 16, 28).dsps());
        assertEquals(1, Dsps.multiply(17, 16, 32).dsps(), "the 1-bit top slice is too narrow for a block");
        assertEquals(2, Dsps.multiply(18, 16, 33).dsps());
        assertEquals(2, Dsps.multiply(32, 16, 48).dsps());
        assertEquals(3, Dsps.multiply(34, 16, 50).dsps());
        assertEquals(4, Dsps.multiply(32, 32, 64).dsps());
        assertEquals(0, Dsps.multiply(8, 1, 9).dsps(), "a 1-bit operand stays in logic");
        assertEquals(0, Dsps.multiply(5, 5, 10).dsps(), "a product under 11 bits stays in logic");
        assertTrue(Dsps.multiply(17, 16, 32).luts() > 0, "the top slice and the partial sum are logic");
        assertEquals(0, Dsps.multiply(Device.HX8K, 16, 16, 32).dsps());
        assertEquals(256, Dsps.multiply(Device.HX8K, 16, 16, 32).luts());
    }

    @Test
    void theResidualExampleNeedsThirteenBlocksPerStageAsYosysMapsThem() {
        Network net = ModelIo.read(RepoRoot.find().resolve("examples").resolve("mnist-resnet8.bwn.json"));
        VerilogDesign d = VerilogLowering.lower(net, VerilogLowering.Options.auto(Device.UP5K, "test").withFolds(Map.of(), true));
        // yosys synth_ice40 -dsp on each requant module: stem, block1 conv1/conv2, block2 conv1/conv2/project,
        // block3 conv1/conv2/project, dense9; the adds and the pool are multiplier-free
        List<Integer> yosys = List.of(1, 1, 1, 1, 2, 1, 2, 2, 1, 1);
        assertEquals(yosys, d.stages().stream().map(s -> d.multiplierCost(s).dsps()).toList());
        assertEquals(13, d.estimatedDsps());
    }
}
