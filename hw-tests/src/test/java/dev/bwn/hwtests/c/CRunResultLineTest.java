package dev.bwn.hwtests.c;

import dev.bwn.hwtests.TargetResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A verify result line fails a run that did not check every vector, but counts as mismatches only vectors that differed. */
class CRunResultLineTest {
    private static CRunResult.VectorResult vector(int index, boolean matches) {
        return new CRunResult.VectorResult(index, 0, new int[]{0}, matches);
    }

    @Test
    void aRunThatStoppedEarlyFailsWithoutInventedMismatches() {
        CRunResult stopped = new CRunResult("m", 3, List.of(vector(0, true)), List.of(), false, "vector 0 ok\nSegmentation fault");
        TargetResult result = stopped.toTargetResult("c", 0.1);
        assertFalse(result.passed());
        assertEquals(0, result.mismatches());
        String line = result.summaryLine();
        assertTrue(line.contains("FAIL") && line.contains("0 mismatches") && line.contains("did not complete"), line);
        assertFalse(line.contains("first mismatch"), line);
    }

    @Test
    void zeroVectorsNeverPassAndClaimNoMismatch() {
        TargetResult result = new CRunResult("m", 0, List.of(), List.of(), true, "").toTargetResult("c", 0.1);
        assertFalse(result.passed());
        assertEquals(0, result.mismatches());
    }

    @Test
    void realMismatchesAreCountedAndShown() {
        CRunResult differed = new CRunResult("m", 2, List.of(vector(0, true), vector(1, false)),
                List.of("mismatch m 1 class expected 3 got 4"), true, "");
        TargetResult result = differed.toTargetResult("c", 0.1);
        assertEquals(1, result.mismatches());
        String line = result.summaryLine();
        assertTrue(line.contains("1 mismatches") && line.contains("-- first mismatch: mismatch m 1"), line);
    }
}
