package dev.bwn.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress lines: rate-limited to one a second and one per 5%, with the vectors, mismatches and time left. */
class ProgressReportTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void linesComeAtMostOncePerSecondAndPerFivePercentWithAnEstimate() {
        AtomicLong now = new AtomicLong(0);
        StringWriter text = new StringWriter();
        ProgressReport p = new ProgressReport("verilog", new PrintWriter(text), now::get);
        now.set(SECOND / 2);
        p.update(1000, 10_000, 0);           // under a second: quiet
        now.set(10 * SECOND);
        p.update(2500, 10_000, 0);           // 25% after 10 s: 30 s left
        now.set(10 * SECOND + SECOND / 5);
        p.update(2600, 10_000, 1);           // only 1% more: quiet
        now.set(10 * SECOND + SECOND / 2);
        p.update(5000, 10_000, 1);           // 25% more, but within a second of the last line: quiet
        now.set(40 * SECOND);
        p.update(7500, 10_000, 2);
        p.update(10_000, 10_000, 2);         // done: the summary line says the rest
        List<String> lines = text.toString().lines().toList();
        assertEquals(List.of("bwn: verilog 2500/10000 vectors (25%), 0 mismatches so far, about 30 s left",
                "bwn: verilog 7500/10000 vectors (75%), 2 mismatches so far, about 13 s left"), lines);
    }

    @Test
    void longEstimatesReadInMinutes() {
        assertEquals("4 min 05 s", ProgressReport.duration(245));
        assertEquals("59 s", ProgressReport.duration(59));
    }

    @Test
    void quietWhenAskedOrWithoutATerminal() {
        assertTrue(!ProgressReport.wanted(true));
        // surefire's stderr is not a terminal
        assertTrue(!ProgressReport.wanted(false));
    }
}
