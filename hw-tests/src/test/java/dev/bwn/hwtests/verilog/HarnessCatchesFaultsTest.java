package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.Identifiers;
import dev.bwn.codegen.verilog.HardwareStage;
import dev.bwn.codegen.verilog.WeightedStage;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.RequantMode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness must be able to fail: a design with one weight bit flipped in its ROM image, or with an adder of its
 * dot-product unit turned into a subtractor, must be reported as a mismatch naming the design and the vector. With
 * per-layer taps, a fault in a middle layer must be reported at that layer, not only at the logits.
 */
class HarnessCatchesFaultsTest {
    private static Designs.Written design(String name) throws Exception {
        Designs.Case c = new Designs.Case(4242, Designs.Kinds.CONV_POOL_DENSE, Designs.Widths.BYTE, RequantMode.MULTIPLY,
                Designs.Folding.AUTO_GENERIC);
        return Designs.write(c, Designs.fresh(name), 16);
    }

    private static VerilatorRunner.DesignResult run(Designs.Written w) throws Exception {
        return VerilatorRunner.run(List.of(w.job()), VerilatorRunner.Options.defaults(Designs.CACHE)).designs().get(0);
    }

    @Test
    void unmodifiedDesignPasses() throws Exception {
        RequireTools.require("verilator");
        assertTrue(run(design("fault-none")).passed());
    }

    @Test
    void flippedWeightBitIsCaught() throws Exception {
        RequireTools.require("verilator");
        Designs.Written w = design("fault-weight");
        Path rom;
        try (var s = Files.list(w.designDir())) {
            rom = s.filter(p -> p.getFileName().toString().endsWith("_weights.hex")).sorted().findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(rom);
        String first = lines.get(0);
        int digit = Character.digit(first.charAt(first.length() - 1), 16);
        lines.set(0, first.substring(0, first.length() - 1) + Character.forDigit(digit ^ 1, 16));
        Files.write(rom, lines);
        VerilatorRunner.DesignResult r = run(w);
        assertFalse(r.passed());
        assertTrue(r.failure().startsWith("MISMATCH design=" + w.design().topModule() + " vector="), r.failure());
    }

    @Test
    void tapsReportAFaultAtItsLayer() throws Exception {
        RequireTools.require("verilator");
        Designs.Written w = design("fault-layer");
        List<HardwareStage> weighted = w.design().stages().stream().filter(s -> s instanceof WeightedStage).toList();
        assertTrue(weighted.size() >= 3, "want a weighted layer with weighted layers before and after it");
        HardwareStage faulty = weighted.get(1);
        Path rom = w.designDir().resolve(faulty.moduleName() + "_weights.hex");
        List<String> lines = Files.readAllLines(rom);
        String first = lines.get(0);
        int digit = Character.digit(first.charAt(first.length() - 1), 16);
        // four weights of the first output channel flipped, so the fault shows in this layer's clamped outputs
        lines.set(0, first.substring(0, first.length() - 1) + Character.forDigit(digit ^ 0xf, 16));
        Files.write(rom, lines);
        VerilatorRunner.DesignResult r = VerilatorRunner.run(List.of(w.job()),
                VerilatorRunner.Options.defaults(Designs.CACHE).withTaps(true)).designs().get(0);
        assertFalse(r.passed());
        String expected = "MISMATCH design=" + w.design().topModule() + " vector=";
        assertTrue(r.failure().startsWith(expected), r.failure());
        assertTrue(r.failure().contains(" layer=" + faulty.layerIndex() + " (" + Identifiers.sanitize(faulty.layerName())
                + ") index="), r.failure());
    }

    @Test
    void adderTurnedSubtractorIsCaught() throws Exception {
        RequireTools.require("verilator");
        Designs.Written w = design("fault-adder");
        boolean mutated = false;
        for (var dot : w.design().dotUnits()) {
            Path file = w.designDir().resolve(dot.moduleName() + ".v");
            String text = Files.readString(file);
            int plus = text.indexOf("} + {");
            if (plus >= 0) {
                Files.writeString(file, text.substring(0, plus) + "} - {" + text.substring(plus + 5));
                mutated = true;
                break;
            }
        }
        assertTrue(mutated, "no dot-product unit with an adder in this design");
        VerilatorRunner.DesignResult r = run(w);
        assertFalse(r.passed());
        assertTrue(r.failure().startsWith("MISMATCH"), r.failure());
    }
}
