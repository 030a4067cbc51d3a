package dev.bwn.hwtests.c;

import dev.bwn.codegen.c.CGenerator;
import dev.bwn.codegen.c.CLowering;
import dev.bwn.codegen.c.COptions;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.Network;
import dev.bwn.model.RepoRoot;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stack figure every header states ({@code NAME_STACK_BYTES}) holds: for each shipped model (default options, and
 * mnist-tiny with {@code --ram-budget 2048} as built for the AVR) and for random models and graphs, on x86-64, Cortex-M0,
 * Cortex-M4 and AVR, the deepest call chain from {@code NAME_infer_with} that the compiler reports
 * ({@link StackUsage}) is within it. {@code -Dbwn.stack.report=FILE} writes the per-model, per-target figures.
 */
class CStackUsageTest {
    @Test
    void everyModelNeedsAtMostTheStatedStackOnEveryTarget(@TempDir Path dir) throws Exception {
        RequireTools.require("gcc", "arm-none-eabi-gcc", "avr-gcc");
        Map<String, Network> models = new LinkedHashMap<>();
        Map<String, COptions> options = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(RepoRoot.find().resolve("examples"))) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".bwn.json")).sorted().toList()) {
                Network net = ModelIo.read(p);
                models.put(net.name(), net);
                options.put(net.name(), COptions.defaults());
            }
        }
        Network tiny = models.get("mnist-tiny");
        models.put("mnist-tiny --ram-budget 2048", tiny);
        options.put("mnist-tiny --ram-budget 2048", COptions.defaults().withRamBudget(2048));
        for (long seed = 0; seed < 4; seed++) {
            models.put("random " + (7000 + seed), CFixtures.randomNetwork(7000 + seed));
            options.put("random " + (7000 + seed), CFixtures.randomOptions(7000 + seed).withSingleHeader(false));
            models.put("random graph " + (7100 + seed), CFixtures.randomGraph(7100 + seed));
            options.put("random graph " + (7100 + seed), CFixtures.randomOptions(7100 + seed).withSingleHeader(false));
        }
        List<String> report = new ArrayList<>();
        List<String> over = new ArrayList<>();
        int k = 0;
        for (Map.Entry<String, Network> e : models.entrySet()) {
            Path design = dir.resolve("model-" + k++);
            CGenerator.Output out = CGenerator.generate(e.getValue(), options.get(e.getKey()));
            GeneratedFolder.write(design, OutputKind.C_DESIGN, out.files());
            String prefix = out.model().prefix();
            String header = Files.readString(design.resolve(prefix + ".h"), StandardCharsets.UTF_8);
            assertTrue(header.contains("#define " + out.model().macroPrefix() + "_STACK_BYTES " + CLowering.STACK_BOUND_BYTES + "u"),
                    "the header states the bound");
            StringBuilder line = new StringBuilder("| " + e.getKey() + " |");
            for (StackUsage.Target target : StackUsage.Target.ALL) {
                if (target == StackUsage.Target.AVR && (e.getValue().packedBytes() > AvrSimavrRun.FLASH_BYTES
                        || out.model().memory().arenaBytes() > AvrSimavrRun.SRAM_BYTES)) {
                    line.append(" - (does not fit an ATmega328P) |"); // avr-gcc refuses objects above 32 KB anyway
                    continue;
                }
                StackUsage.Chain chain = measure(design.resolve(prefix + ".c"), target, prefix, design);
                line.append(' ').append(chain.bytes()).append(" |");
                if (chain.bytes() > CLowering.STACK_BOUND_BYTES) {
                    over.add(e.getKey() + " on " + target.name() + ": " + chain.bytes() + " B via " + chain.functions());
                }
            }
            report.add(line.toString());
        }
        String reportFile = System.getProperty("bwn.stack.report");
        if (reportFile != null && !reportFile.isBlank()) {
            List<String> table = new ArrayList<>();
            StringBuilder head = new StringBuilder("| model |");
            StackUsage.Target.ALL.forEach(t -> head.append(' ').append(t.name()).append(" |"));
            table.add(head.toString());
            table.add("|---|" + "---:|".repeat(StackUsage.Target.ALL.size()));
            table.addAll(report);
            Files.writeString(Path.of(reportFile), String.join("\n", table) + "\n", StandardCharsets.UTF_8);
        }
        assertTrue(over.isEmpty(), "stack above NAME_STACK_BYTES = " + CLowering.STACK_BOUND_BYTES + ": " + over);
    }

    private static StackUsage.Chain measure(Path source, StackUsage.Target target, String prefix, Path dir) throws IOException {
        return StackUsage.measure(source, target, prefix + "_infer_with", dir);
    }
}
