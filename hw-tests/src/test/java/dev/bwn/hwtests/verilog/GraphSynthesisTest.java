package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.verilog.HardwareStage;
import dev.bwn.codegen.verilog.StageEstimate;
import dev.bwn.codegen.verilog.StreamElement;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Graph designs through yosys: whole designs pass {@code check -assert} in both flows (and in the iCE40 flow have the
 * estimator's count of SB_MAC16 blocks); a shift-mode graph has no
 * multiplier anywhere (its adds and global pools shift and negate); and the estimator's LUTs, flip-flops and EBRs of
 * the graph elements (add, global average pool, flatten, fork, skip FIFO), summed per element class over a set of
 * random graphs, are within 20% of what {@code synth_ice40} makes of each element's module alone.
 */
class GraphSynthesisTest {
    private static Designs.Written design(long seed) throws Exception {
        Network net = GraphDesignsBitExactTest.graph(seed);
        return Designs.write(net, GraphDesignsBitExactTest.lower(net, seed), null, Designs.fresh("yosys-graph-" + seed), 1, seed);
    }

    @ParameterizedTest
    @EnumSource(YosysRunner.Flow.class)
    void graphDesignsSynthesizeWithCheckAssert(YosysRunner.Flow flow) throws Exception {
        RequireTools.require("yosys");
        for (long seed : List.of(81_000L)) {
            Designs.Written w = design(seed);
            assertTrue(w.design().isGraph());
            YosysRunner.Stats s = YosysRunner.synthesize(DesignSummary.read(w.designDir()), flow);
            assertTrue(s.cells().values().stream().mapToInt(Integer::intValue).sum() > 0, "empty netlist:\n" + s.log());
            if (flow == YosysRunner.Flow.ICE40) {
                assertEquals(YosysSynthesisTest.mappedDsps(w.design()), s.count("SB_MAC16"), "DSP blocks: estimate against synth_ice40 -dsp");
            }
        }
    }

    @Test
    void shiftModeGraphHasNoMultiplier() throws Exception {
        RequireTools.require("yosys");
        Designs.Written w = design(81_003L); // odd seeds are shift mode
        YosysRunner.Stats s = YosysRunner.synthesize(DesignSummary.read(w.designDir()), YosysRunner.Flow.ICE40);
        assertEquals(0, s.multipliers(), "multiplier cells in a shift-mode graph: " + s.cells());
    }

    /** Estimated and synthesized LUTs, flip-flops and EBRs of one element class. */
    private static final class Totals {
        long estLuts, estFfs, estEbr, luts, ffs, ebr;
        int count;
    }

    @Test
    void graphElementEstimatesAreWithinTwentyPercentOfYosys() throws Exception {
        RequireTools.require("yosys");
        Map<String, Totals> byClass = new LinkedHashMap<>();
        StringBuilder table = new StringBuilder();
        for (long seed = 82_000; seed < 82_008; seed++) {
            Designs.Written w = design(seed);
            VerilogDesign d = w.design();
            for (StreamElement e : d.elements()) {
                if (e instanceof HardwareStage) {
                    continue;
                }
                Path file = w.designDir().resolve(e.moduleName() + ".v");
                YosysRunner.Stats s = YosysRunner.synthesize(w.designDir(), List.of(file), e.moduleName(), YosysRunner.Flow.ICE40,
                        Duration.ofMinutes(5));
                StageEstimate est = e.estimate();
                Totals t = byClass.computeIfAbsent(e.getClass().getSimpleName(), k -> new Totals());
                t.estLuts += est.luts();
                t.estFfs += est.flipFlops();
                t.estEbr += est.blockRams();
                t.luts += s.luts();
                t.ffs += s.flipFlops();
                t.ebr += s.blockRams();
                t.count++;
                table.append(String.format(Locale.ROOT, "%-60s LUT %5d est %5d   FF %5d est %5d  EBR %d est %d %s%n", e.summary(),
                        s.luts(), est.luts(), s.flipFlops(), est.flipFlops(), s.blockRams(), est.blockRams(), details(e)));
            }
        }
        StringBuilder failures = new StringBuilder();
        for (Map.Entry<String, Totals> c : byClass.entrySet()) {
            Totals t = c.getValue();
            String line = String.format(Locale.ROOT, "%s x%d: LUTs %d estimated %d, FFs %d estimated %d, EBRs %d estimated %d%n",
                    c.getKey(), t.count, t.luts, t.estLuts, t.ffs, t.estFfs, t.ebr, t.estEbr);
            System.out.print(line);
            if (!within(t.estLuts, t.luts) || !within(t.estFfs, t.ffs) || t.estEbr != t.ebr) {
                failures.append(line);
            }
        }
        System.out.print(table);
        assertTrue(failures.length() == 0, "estimates off by more than 20%:\n" + failures + table);
    }

    /** The figures an element's estimate depends on, printed next to the comparison. */
    private static String details(StreamElement e) {
        dev.bwn.codegen.verilog.ElementwiseRequant rq = e.elementwiseRequant();
        return rq == null ? "bits " + e.outputBits() : String.format(Locale.ROOT, "C %d sum %d shift %d terms %s free %b out %d",
                rq.channels(), rq.sumBits(), rq.shiftBits(), rq.terms().stream().map(t -> Integer.toString(t.signedBits())).toList(),
                rq.multiplierFree(), rq.output().bits());
    }

    private static boolean within(long estimate, long actual) {
        return Math.abs(estimate - actual) <= Math.max(2, actual / 5);
    }
}
