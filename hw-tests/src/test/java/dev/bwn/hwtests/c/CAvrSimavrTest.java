package dev.bwn.hwtests.c;

import dev.bwn.codegen.c.COptions;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.Network;
import dev.bwn.model.Outputs;
import dev.bwn.model.RepoRoot;
import dev.bwn.model.io.ModelIo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * examples/mnist-tiny.bwn.json generated with {@code --ram-budget 2048}, built with avr-gcc for an ATmega328P (weights,
 * constants and images in program memory), linked, and run in simavr on the first 100 MNIST test images: every class
 * and logit equal to the Java reference, and static RAM plus the measured stack within the 2 KB of SRAM.
 * {@code -Dbwn.avr.report=FILE} writes the measured figures (benchmarks/avr/run.sh prints them).
 */
class CAvrSimavrTest {
    private static final int IMAGES = 100;
    /** 20 images (15.7 KB) and the model (about 11 KB) fit the 32 KB of flash. */
    private static final int IMAGES_PER_BATCH = 20;

    @Test
    void mnistTinyRunsBitExactOnAnAtmega328pInSimavr(@TempDir Path dir) throws Exception {
        RequireTools.require("avr-gcc", "avr-size", "simavr");
        Network net = ModelIo.read(RepoRoot.find().resolve("examples/mnist-tiny.bwn.json"));
        List<int[]> images = CFixtures.mnistTestImages(IMAGES);
        AvrSimavrRun.Result result = AvrSimavrRun.run(net, COptions.defaults().withRamBudget(2048), images,
                IMAGES_PER_BATCH, dir);
        assertEquals(IMAGES, result.images().size(), "results parsed from the UART");
        for (AvrSimavrRun.ImageResult r : result.images()) {
            Outputs want = net.infer(images.get(r.image()));
            assertArrayEquals(want.logits(), r.logits(), "logits of image " + r.image());
            assertEquals(want.predictedClass(), r.predictedClass(), "class of image " + r.image());
        }
        long ram = result.largestElf().staticRamBytes() + result.maxStackBytes();
        assertTrue(ram <= AvrSimavrRun.SRAM_BYTES, "static RAM " + result.largestElf().staticRamBytes() + " B + stack "
                + result.maxStackBytes() + " B exceed the ATmega328P's 2 KB");
        assertTrue(result.largestElf().flashBytes() <= AvrSimavrRun.FLASH_BYTES);
        String report = System.getProperty("bwn.avr.report");
        if (report != null && !report.isBlank()) {
            Files.writeString(Path.of(report), report(result), StandardCharsets.UTF_8);
        }
    }

    private static String report(AvrSimavrRun.Result r) {
        List<String> lines = new ArrayList<>();
        long[] cycles = r.images().stream().mapToLong(AvrSimavrRun.ImageResult::cycles).sorted().toArray();
        lines.add(String.format(Locale.ROOT, "images bit-exact: %d of %d", r.images().size(), r.images().size()));
        lines.add(String.format(Locale.ROOT, "model object (-Os): text %d B, data %d B, bss %d B (the bss is NAME_infer's default scratch, dropped by --gc-sections when unused)",
                r.modelObject().text(), r.modelObject().data(), r.modelObject().bss()));
        lines.add(String.format(Locale.ROOT, "largest batch ELF: flash %d B (text %d + data %d, %d images included), static RAM %d B (data %d + bss %d)",
                r.largestElf().flashBytes(), r.largestElf().text(), r.largestElf().data(), IMAGES_PER_BATCH,
                r.largestElf().staticRamBytes(), r.largestElf().data(), r.largestElf().bss()));
        lines.add(String.format(Locale.ROOT, "stack during inference (painted, Timer1 interrupt included): max %d B", r.maxStackBytes()));
        lines.add(String.format(Locale.ROOT, "cycles per inference: min %d, median %d, max %d (%.1f ms at 16 MHz)", cycles[0],
                cycles[cycles.length / 2], cycles[cycles.length - 1], cycles[cycles.length / 2] / 16_000.0));
        lines.addAll(r.commands().stream().map(c -> "command: " + c).toList());
        lines.add("per-image cycles: " + Arrays.toString(r.images().stream().mapToLong(AvrSimavrRun.ImageResult::cycles).toArray()));
        return String.join("\n", lines) + "\n";
    }
}
