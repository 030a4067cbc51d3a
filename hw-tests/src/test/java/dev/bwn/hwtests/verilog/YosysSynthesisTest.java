package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.verilog.DotProductUnit;
import dev.bwn.codegen.verilog.HardwareStage;
import dev.bwn.codegen.verilog.StageEstimate;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.RequantMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * yosys accepts the generated RTL in both flows with {@code check -assert} (no driver conflicts, no combinational loops,
 * no undriven wires), and synthesizes every dot-product unit without a multiplier cell ($mul, SB_MAC16): the datapath
 * is additions only. A design in multiplier-free ("shift") mode has no multiplier anywhere. The whole designs' SB_MAC16
 * count is the estimator's DSP blocks. The estimator's LUTs, flip-flops and EBRs of weighted stages that read several
 * kernel taps per cycle, summed over a few of {@link KernelTapsBitExactTest}'s designs, are within 20% of what
 * {@code synth_ice40 -dsp} makes of each stage's module.
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
    void tapStageEstimatesAreWithinTwentyPercentOfYosys() throws Exception {
        RequireTools.require("yosys");
        Path root = Designs.fresh("yosys-taps");
        long estLuts = 0, estFfs = 0, estEbrs = 0, luts = 0, ffs = 0, ebrs = 0;
        StringBuilder table = new StringBuilder();
        for (KernelTapsBitExactTest.TapCase c : KernelTapsBitExactTest.cases()) {
            if (!TAP_CASES_SYNTHESIZED.contains(c.label())) {
                continue;
            }
            VerilogDesign d = KernelTapsBitExactTest.lower(c);
            Designs.Written w = Designs.write(c.network(), d, null, root, 1, 1);
            for (HardwareStage stage : d.stages()) {
                if (stage.fold().taps() == 1) {
                    continue;
                }
                YosysRunner.Stats s = YosysRunner.synthesize(w.designDir(), DesignSummary.read(w.designDir()).verilogFiles(),
                        stage.moduleName(), YosysRunner.Flow.ICE40, Duration.ofMinutes(5));
                StageEstimate e = stage.estimate();
                estLuts += e.luts();
                estFfs += e.flipFlops();
                estEbrs += e.blockRams();
                luts += s.luts();
                ffs += s.flipFlops();
                ebrs += s.blockRams();
                table.append(String.format(Locale.ROOT, "%-50s LUT %5d est %5d  FF %5d est %5d  EBR %d est %d%n", c.label(),
                        s.luts(), e.luts(), s.flipFlops(), e.flipFlops(), s.blockRams(), e.blockRams()));
            }
        }
        System.out.print(table);
        String summary = String.format(Locale.ROOT, "LUTs %d estimated %d, FFs %d estimated %d, EBRs %d estimated %d%n%s", luts,
                estLuts, ffs, estFfs, ebrs, estEbrs, table);
        assertTrue(luts > 0, summary);
        assertTrue(Math.abs(estLuts - luts) <= luts / 5 && Math.abs(estFfs - ffs) <= ffs / 5, summary);
        assertTrue(Math.abs(estEbrs - ebrs) <= Math.max(1, ebrs / 5), summary);
    }

    /** Tap designs whose stages {@link #tapStageEstimatesAreWithinTwentyPercentOfYosys} synthesizes (a few seconds each). */
    private static final List<String> TAP_CASES_SYNTHESIZED = List.of("conv2d 5x5 taps=5", "conv2d 3x3 padded + fused maxpool taps=3");

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
