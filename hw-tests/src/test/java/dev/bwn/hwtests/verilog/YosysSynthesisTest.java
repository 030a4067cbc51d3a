package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.verilog.DotProductUnit;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.RequantMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * yosys accepts the generated RTL in both flows with {@code check -assert} (no driver conflicts, no combinational loops,
 * no undriven wires), and synthesizes every dot-product unit without a multiplier cell ($mul, SB_MAC16): the datapath
 * is additions only. A design in multiplier-free ("shift") mode has no multiplier anywhere. The whole designs' SB_MAC16
 * count is the estimator's DSP blocks.
 */
class YosysSynthesisTest {
    private static Designs.Written design(long seed, Designs.Kinds kinds, RequantMode mode, Designs.Folding folding) throws Exception {
        Designs.Case c = new Designs.Case(seed, kinds, Designs.Widths.BYTE, mode, folding);
        return Designs.write(c, Designs.fresh("yosys-" + seed), 1);
    }

    @ParameterizedTest
    @EnumSource(YosysRunner.Flow.class)
    void fullDesignsSynthesizeWithCheckAssert(YosysRunner.Flow flow) throws Exception {
        RequireTools.require("yosys");
        for (Designs.Written w : List.of(design(7001, Designs.Kinds.CONV_POOL_DENSE, RequantMode.MULTIPLY, Designs.Folding.AUTO_UP5K),
                design(7002, Designs.Kinds.DENSE_ONLY, RequantMode.MULTIPLY, Designs.Folding.RANDOM))) {
            YosysRunner.Stats s = YosysRunner.synthesize(DesignSummary.read(w.designDir()), flow);
            assertTrue(s.cells().values().stream().mapToInt(Integer::intValue).sum() > 0, "empty netlist:\n" + s.log());
            if (flow == YosysRunner.Flow.ICE40) {
                assertEquals(mappedDsps(w.design()), s.count("SB_MAC16"), "DSP blocks: estimate against synth_ice40 -dsp");
            }
        }
    }

    /** SB_MAC16 blocks the estimator expects {@code synth_ice40 -dsp} to make of the design, whatever its device. */
    static int mappedDsps(dev.bwn.codegen.verilog.VerilogDesign d) {
        return d.elements().stream().mapToInt(e -> dev.bwn.codegen.verilog.VerilogDesign.multiplierCost(
                dev.bwn.codegen.verilog.Device.UP5K, e).dsps()).sum();
    }

    @ParameterizedTest
    @EnumSource(YosysRunner.Flow.class)
    void dotProductUnitsHaveNoMultiplier(YosysRunner.Flow flow) throws Exception {
        RequireTools.require("yosys");
        Designs.Written w = design(7003, Designs.Kinds.CONV_POOL_DENSE, RequantMode.MULTIPLY, Designs.Folding.AUTO_GENERIC);
        List<DotProductUnit> units = w.design().dotUnits();
        assertTrue(!units.isEmpty());
        for (DotProductUnit dot : units) {
            Path file = w.designDir().resolve(dot.moduleName() + ".v");
            YosysRunner.Stats s = YosysRunner.synthesize(w.designDir(), List.of(file), dot.moduleName(), flow, Duration.ofMinutes(5));
            assertEquals(0, s.multipliers(), dot.moduleName() + " has multiplier cells: " + s.cells());
            assertTrue(s.cells().values().stream().mapToInt(Integer::intValue).sum() > 0, dot.moduleName() + " synthesized to nothing");
        }
    }

    @Test
    void multiplierFreeDesignHasNoMultiplierAnywhere() throws Exception {
        RequireTools.require("yosys");
        Designs.Written w = design(7004, Designs.Kinds.CONV_POOL_DENSE, RequantMode.SHIFT, Designs.Folding.AUTO_UP5K);
        YosysRunner.Stats s = YosysRunner.synthesize(DesignSummary.read(w.designDir()), YosysRunner.Flow.ICE40);
        assertEquals(0, s.multipliers(), "multiplier cells in a shift-mode design: " + s.cells());
        YosysRunner.Stats g = YosysRunner.synthesize(DesignSummary.read(w.designDir()), YosysRunner.Flow.GENERIC);
        assertEquals(0, g.multipliers(), "multiplier cells in a shift-mode design: " + g.cells());
    }
}
