package dev.bwn.hwtests.c;

import dev.bwn.codegen.c.CGenerator;
import dev.bwn.codegen.c.CKernel;
import dev.bwn.codegen.c.COptions;
import dev.bwn.codegen.c.CStep;
import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Network;
import dev.bwn.model.Outputs;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the constants go. On AVR: random conv-first models on every kernel (both requantization modes, 2..16-bit
 * activations) keep no constant in RAM (.data empty but for the lane kernels' zero lane row) and run bit-exact in simavr with
 * their inputs in flash, so every PROGMEM read (8/16/32/64-bit) is exercised on the real instruction set. Elsewhere:
 * {@code NAME_WEIGHTS_SECTION} moves every constant into the section it names (gcc host and Cortex-M4). A model whose
 * input goes to a RAM kernel refuses {@code NAME_INPUT_IN_FLASH} with an #error naming the layer.
 */
class CFlashPlacementTest {
    private static final Pattern SECTION = Pattern.compile("^\\.bwn_weights\\s+(\\d+)", Pattern.MULTILINE);

    @Test
    void randomModelsKeepConstantsInFlashAndRunBitExactInSimavr(@TempDir Path dir) throws Exception {
        RequireTools.require("avr-gcc", "avr-size", "simavr");
        CKernel[] kernels = {CKernel.ADDSUB, CKernel.LUT4, CKernel.LUT4V, CKernel.LUT4SWAR, null};
        int found = 0;
        for (long seed = 300; found < kernels.length && seed < 400; seed++) {
            Network net = CFixtures.randomNetwork(seed);
            COptions options = COptions.defaults().withKernel(kernels[found]);
            CGenerator.Output out = CGenerator.generate(net, options);
            if (!(net.layers().get(0) instanceof Conv2d) || out.model().memory().arenaBytes() > 1200
                    || net.packedBytes() + out.model().memory().requantBytes() > 12_000) {
                continue; // too big for an ATmega328P, or its input goes to a RAM kernel
            }
            if (kernels[found] != null && kernels[found].usesLanes() && !runsOn(out, kernels[found])) {
                continue; // a lane kernel must really run (not its fallback on a layer it does not apply to)
            }
            List<int[]> inputs = RandomNetworks.randomInputs(net, 3, seed);
            AvrSimavrRun.Result r = AvrSimavrRun.run(net, options, inputs, inputs.size(), dir.resolve("seed-" + seed));
            assertEquals(inputs.size(), r.images().size(), "seed " + seed);
            for (AvrSimavrRun.ImageResult image : r.images()) {
                Outputs want = net.infer(inputs.get(image.image()));
                assertArrayEquals(want.logits(), image.logits(), "seed " + seed + " input " + image.image());
                assertEquals(want.predictedClass(), image.predictedClass(), "seed " + seed);
            }
            if (kernels[found] == null || !kernels[found].usesLanes()) {
                assertEquals(0, r.modelObject().data(), "seed " + seed + ": constants left in RAM");
            }
            found++;
        }
        assertEquals(kernels.length, found, "random conv-first models small enough for the MCU");
    }

    /** True when some conv step of the design runs on {@code kernel}. */
    private static boolean runsOn(CGenerator.Output out, CKernel kernel) {
        return out.model().steps().stream().anyMatch(s -> s instanceof CStep.ConvLanesStep c
                && c.weights().kernel().equals(kernel.spelling()));
    }

    @Test
    void theWeightsSectionMacroPlacesEveryConstant(@TempDir Path dir) throws Exception {
        RequireTools.require("gcc", "size", "arm-none-eabi-gcc", "arm-none-eabi-size");
        Network net = CFixtures.randomNetwork(12);
        CGenerator.Output out = CGenerator.generate(net, COptions.defaults().withKernel(CKernel.LUT4).withName("placed"));
        GeneratedFolder.write(dir.resolve("c"), OutputKind.C_DESIGN, out.files());
        long constants = out.model().memory().packedWeightBytes() + out.model().memory().requantBytes();
        for (List<String> compiler : List.of(List.of("gcc", "size"), List.of("arm-none-eabi-gcc", "arm-none-eabi-size"))) {
            List<String> cc = new ArrayList<>(List.of(compiler.get(0), "-std=c99", "-Os", "-Wall", "-Wextra", "-Werror",
                    "-pedantic", "-DPLACED_WEIGHTS_SECTION=__attribute__((section(\".bwn_weights\")))", "-c", "c/placed.c",
                    "-o", "placed.o"));
            Processes.run(cc, dir, Duration.ofMinutes(2)).orThrow();
            String sections = Processes.run(List.of(compiler.get(1), "-A", "placed.o"), dir, Duration.ofMinutes(1)).orThrow().output();
            Matcher m = SECTION.matcher(sections);
            assertTrue(m.find(), compiler.get(0) + ": no .bwn_weights section:\n" + sections);
            long placed = Long.parseLong(m.group(1));
            // every constant array is there; besides, only alignment padding (x86-64 gcc aligns arrays to 32 bytes)
            assertTrue(placed >= constants && placed <= constants + 32L * 4 * net.layers().size(),
                    compiler.get(0) + ": .bwn_weights holds " + placed + " B for " + constants + " B of constants");
        }
    }

    @Test
    void inputInFlashIsRefusedWhereTheInputGoesToARamKernel(@TempDir Path dir) throws Exception {
        RequireTools.require("gcc");
        Network dense = CFixtures.randomNetwork(5); // seed % 11 == 5: dense layers only
        assertFalse(dense.layers().get(0) instanceof Conv2d);
        CGenerator.Output out = CGenerator.generate(dense, COptions.defaults().withName("mlp"));
        GeneratedFolder.write(dir.resolve("c"), OutputKind.C_DESIGN, out.files());
        Processes.Result r = Processes.run(List.of("gcc", "-std=c99", "-DMLP_INPUT_IN_FLASH", "-c", "c/mlp.c", "-o", "mlp.o"),
                dir, Duration.ofMinutes(1));
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("MLP_INPUT_IN_FLASH: layer 0 passes the input to a kernel that reads RAM"), r.output());
        Processes.run(List.of("gcc", "-std=c99", "-Werror", "-c", "c/mlp.c", "-o", "mlp.o"), dir, Duration.ofMinutes(1)).orThrow();
    }
}
