package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.verilog.board.Ice40Pll;
import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The board top's PLL settings are the ones IceStorm's {@code icepll} chooses, for the boards' 12 MHz oscillators. */
class Ice40PllTest {
    @ParameterizedTest
    @ValueSource(doubles = {16, 17.5, 20, 24, 25, 30, 33.3, 36, 48, 50, 60, 72, 100, 120, 133, 200, 275})
    void javaChoosesWhatIcepllChooses(double requested) {
        RequireTools.require("icepll");
        String text = String.format(Locale.ROOT, "%s", requested);
        Processes.Result r = Processes.run(List.of("icepll", "-i", "12", "-o", text, "-q", "-f", "-"), Path.of("."),
                Duration.ofSeconds(30));
        assertEquals(0, r.exitCode(), r.output());
        Ice40Pll pll = Ice40Pll.closest(12, requested);
        assertEquals(field(r.output(), "DIVR"), pll.divr(), r.output());
        assertEquals(field(r.output(), "DIVF"), pll.divf(), r.output());
        assertEquals(field(r.output(), "DIVQ"), pll.divq(), r.output());
        assertEquals(field(r.output(), "FILTER_RANGE"), pll.filterRange(), r.output());
        Matcher achieved = Pattern.compile("Achieved output frequency:\\s+([0-9.]+) MHz").matcher(r.output());
        assertTrue(achieved.find(), r.output());
        assertEquals(achieved.group(1), String.format(Locale.ROOT, "%.3f", pll.outputMhz()));
    }

    private static int field(String output, String name) {
        Matcher m = Pattern.compile("// " + name + " =\\s*(\\d+)").matcher(output);
        assertTrue(m.find(), output);
        return Integer.parseInt(m.group(1));
    }
}
