package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.Fold;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.VerilogLowering;
import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.ActivationType;
import dev.bwn.model.Network;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kernel-position parallelism in Verilator against the Java reference, with hand-chosen folds: a 5x5 kernel read
 * 5 and 25 positions per cycle (the divisors of its 25 positions besides 1), 2 and 3 per cycle (a kernel row's last
 * step masks the taps beyond it) and 10 (two rows per step: the kernel's last step masks its lower row); a padded 3x3
 * kernel with 2 and 6 taps (padding and tail masks together, signed inputs); a conv with a fused max-pool at 3 taps;
 * and a dense layer over a flattened map (its kernel is the whole input) at 4 taps. The runner's second pass adds
 * random input gaps and output back-pressure; every image must leave within the estimated latency.
 */
class KernelTapsBitExactTest {
    private static final int VECTORS = 6;

    record TapCase(String label, Network network, String layer, Fold fold) {
    }

    static List<TapCase> cases() {
        List<TapCase> cases = new ArrayList<>();
        ActivationType u8 = ActivationType.UINT8;
        ActivationType s5 = new ActivationType(5, true);
        int n = 0;
        for (int taps : new int[]{2, 3, 5, 10, 25}) {
            // C, H, W, O, KH, KW, SY, SX, PY, PX
            int[] c = {1, 9, 8, 3, 5, 5, 1, 1, 0, 0};
            cases.add(new TapCase("conv2d 5x5 taps=" + taps, LayerModuleTest.conv("t" + n++, u8, c), "conv", new Fold(3, 1, taps)));
        }
        for (int taps : new int[]{2, 6}) {
            int[] c = {2, 6, 5, 2, 3, 3, 1, 2, 1, 1};
            cases.add(new TapCase("conv2d 3x3 padded stride 1x2 " + s5 + " taps=" + taps, LayerModuleTest.conv("t" + n++, s5, c), "conv",
                    new Fold(1, 2, taps)));
        }
        // C, H, W, O, KH, KW, SY, SX, PY, PX, pool
        int[] pooled = {1, 8, 8, 2, 3, 3, 1, 1, 1, 1, 2};
        cases.add(new TapCase("conv2d 3x3 padded + fused maxpool taps=3", LayerModuleTest.convPool("t" + n++, u8, withFold(pooled)),
                "conv", new Fold(2, 1, 3)));
        cases.add(new TapCase("dense over a 2x4x4 map taps=4", LayerModuleTest.denseOverMap("t" + n++), "fc", new Fold(2, 1, 4)));
        return cases;
    }

    /** The fused-pool case's geometry with the PE and SIMD columns {@link LayerModuleTest#convPool} expects. */
    private static int[] withFold(int[] c) {
        int[] out = Arrays.copyOf(c, 13);
        out[11] = 1;
        out[12] = 1;
        return out;
    }

    @TestFactory
    Stream<DynamicTest> parallelTapsMatchTheReference() {
        List<TapCase> cases = cases();
        List<DynamicTest> tests = new ArrayList<>();
        Object[] result = new Object[2];
        for (int i = 0; i < cases.size(); i++) {
            int index = i;
            tests.add(DynamicTest.dynamicTest(cases.get(i).label(), () -> {
                if (result[0] == null) {
                    RequireTools.require("verilator");
                    runAll(cases, result);
                }
                VerilatorRunner.Result r = (VerilatorRunner.Result) result[0];
                VerilatorRunner.DesignResult d = r.designs().get(index);
                VerilogDesign design = ((List<VerilogDesign>) result[1]).get(index);
                assertTrue(d.passed(), () -> d.failure() + "\n" + Processes.tail(r.output(), 2000));
                assertTrue(design.stages().stream().anyMatch(s -> s.fold().taps() > 1), "no stage reads several taps");
                // each image leaves within the estimated empty-pipeline latency, and the steady state is no slower
                long bound = design.latencyCycles();
                assertTrue(d.latencyCycles() <= bound && d.cyclesPerImage() <= bound, () -> String.format(Locale.ROOT,
                        "%d cycles latency and %.0f cycles/image exceed the estimated latency %d", d.latencyCycles(),
                        d.cyclesPerImage(), bound));
            }));
        }
        return tests.stream();
    }

    /** The case's network with its fold on its layer, the rest serial. */
    static VerilogDesign lower(TapCase c) {
        return VerilogLowering.lower(c.network(), new VerilogLowering.Options(Device.GENERIC, Map.of(c.layer(), c.fold()), false,
                VerilogLowering.DEFAULT_REGISTER_EVERY, "bwn test", true));
    }

    private static void runAll(List<TapCase> cases, Object[] result) throws Exception {
        Path root = Designs.fresh("kernel-taps");
        List<VerilatorRunner.Job> jobs = new ArrayList<>();
        List<VerilogDesign> designs = new ArrayList<>();
        for (TapCase c : cases) {
            VerilogDesign d = lower(c);
            designs.add(d);
            jobs.add(Designs.write(c.network(), d, null, root, VECTORS, c.label().hashCode()).job());
        }
        result[1] = designs;
        result[0] = VerilatorRunner.run(jobs, VerilatorRunner.Options.defaults(Designs.CACHE).withSeed(12));
    }
}
