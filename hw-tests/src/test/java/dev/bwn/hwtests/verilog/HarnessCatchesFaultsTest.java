package dev.bwn.hwtests.verilog;

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
 * dot-product unit turned into a subtractor, must be reported as a mismatch naming the design and the vector.
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
