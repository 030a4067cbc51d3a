package dev.bwn.hwtests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The slicing and merging rules behind {@code --jobs} and {@code --shard}, without simulators. */
class SlicedRunTest {
    @Test
    void shardsPartitionAnyListInOrder() {
        for (int total : new int[]{0, 1, 2, 3, 7, 100, 10_000}) {
            List<Integer> items = IntStream.range(0, total).boxed().toList();
            for (int n = 1; n <= 9; n++) {
                List<Integer> union = new ArrayList<>();
                for (int k = 1; k <= n; k++) {
                    Shard s = new Shard(k, n);
                    assertEquals(union.size(), s.from(total), s + " of " + total);
                    union.addAll(s.select(items));
                    int size = s.to(total) - s.from(total);
                    assertTrue(size == total / n || size == total / n + 1, s + " of " + total + ": " + size);
                }
                assertEquals(items, union, n + " shards of " + total);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "3", "0/3", "4/3", "1/0", "-1/2", "a/b", "1/2/3", "99999999999/2"})
    void badShardSpellingsAreRefusedWithTheReason(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(text));
        assertTrue(e.getMessage().contains("K/N"), e.getMessage());
    }

    @Test
    void shardSpellingRoundTrips() {
        assertEquals(new Shard(2, 4), Shard.parse(" 2 / 4 "));
        assertEquals("2/4", new Shard(2, 4).toString());
    }

    @Test
    void boundariesCoverTheVectorsWithAtLeastTwoPerSlice() {
        for (int vectors : new int[]{1, 2, 3, 30, 100, 2001, 10_000, 1_000_000}) {
            for (int jobs = 1; jobs <= 8; jobs++) {
                for (boolean fine : new boolean[]{false, true}) {
                    int[] b = SlicedRun.boundaries(vectors, jobs, fine);
                    assertEquals(0, b[0]);
                    assertEquals(vectors, b[b.length - 1]);
                    assertTrue(b.length - 1 <= Math.max(SlicedRun.MAX_SLICES, jobs));
                    for (int i = 1; i < b.length; i++) {
                        assertTrue(b[i] - b[i - 1] >= Math.min(2, vectors), vectors + "/" + jobs + ": " + java.util.Arrays.toString(b));
                    }
                    if (vectors >= 2 * jobs) {
                        assertTrue(b.length - 1 >= jobs, "every job gets a slice");
                    }
                }
            }
        }
        assertEquals(40, SlicedRun.boundaries(10_000, 2, true).length - 1, "about 250 vectors a slice on long runs");
        assertEquals(1, SlicedRun.boundaries(100, 1, true).length - 1, "a short run with one job stays one process");
    }

    private static List<SlicedRun.Slice> slices(int... counts) {
        List<SlicedRun.Slice> out = new ArrayList<>();
        int first = 0;
        for (int i = 0; i < counts.length; i++) {
            out.add(new SlicedRun.Slice(i, first, counts[i], null));
            first += counts[i];
        }
        return out;
    }

    private static SlicedRun.SliceResult pass(int vectors) {
        return new SlicedRun.SliceResult(vectors, 0, null, 0, 100, true);
    }

    @Test
    void aSimulatorThatStopsAtItsFirstMismatchMergesLikeOneProcess() {
        // slice 1 fails at global vector 14 in the steady pass; slice 2 also fails; slice 0 failed only under stalls
        List<SlicedRun.SliceResult> results = List.of(
                new SlicedRun.SliceResult(3, 1, "vector=2 (random-handshake pass)", 1, 0, true),
                new SlicedRun.SliceResult(5, 1, "vector=14 (steady pass)", 0, 0, true),
                new SlicedRun.SliceResult(1, 1, "vector=20 (steady pass)", 0, 0, true));
        TargetResult merged = SlicedRun.merge("verilog", slices(10, 10, 10), results, 1);
        assertEquals("vector=14 (steady pass)", merged.firstMismatch());
        assertEquals(15, merged.vectors(), "vectors 0..14 checked, as one process stopping at vector 14");
        assertEquals(1, merged.mismatches());
        assertEquals(0, merged.failedPass());
    }

    @Test
    void aSimulatorThatRunsEveryVectorSumsTheSlices() {
        List<SlicedRun.SliceResult> results = List.of(new SlicedRun.SliceResult(10, 0, null, 0, 0, false),
                new SlicedRun.SliceResult(10, 2, "mismatch p vector 13 logit 0", 0, 0, false),
                new SlicedRun.SliceResult(10, 3, "mismatch p vector 21 class", 0, 0, false));
        TargetResult merged = SlicedRun.merge("c", slices(10, 10, 10), results, 1);
        assertEquals(30, merged.vectors());
        assertEquals(5, merged.mismatches());
        assertEquals("mismatch p vector 13 logit 0", merged.firstMismatch());
    }

    @Test
    void passingSlicesAverageCyclesPerImageBySpacings() {
        List<SlicedRun.SliceResult> results = List.of(pass(10), pass(10), new SlicedRun.SliceResult(2, 0, null, 0, 190, true));
        TargetResult merged = SlicedRun.merge("verilog", slices(10, 10, 2), results, 1);
        assertTrue(merged.passed());
        assertEquals(22, merged.vectors());
        assertEquals((100 * 9 + 100 * 9 + 190) / 19.0, merged.cyclesPerImage(), 1e-9);
        assertNull(merged.firstMismatch());
    }

    @Test
    void localVectorIndicesBecomeGlobal() {
        assertEquals("MISMATCH design=x vector=107 field=class", SlicedRun.globalVectorIndex("MISMATCH design=x vector=7 field=class", 100));
        assertEquals("mismatch p vector 12 layer 3 index 4 got 1 want 2",
                SlicedRun.globalVectorIndex("mismatch p vector 2 layer 3 index 4 got 1 want 2", 10));
        assertEquals("TIMEOUT design=x vector=5 inputs_taken=9", SlicedRun.globalVectorIndex("TIMEOUT design=x vector=5 inputs_taken=9", 0));
        assertNull(SlicedRun.globalVectorIndex(null, 4));
    }

    @Test
    void laterSlicesAreSkippedAfterAFirstPassMismatch() throws Exception {
        List<SlicedRun.Slice> slices = slices(2, 2, 2, 2, 2, 2);
        List<Integer> ran = java.util.Collections.synchronizedList(new ArrayList<>());
        List<SlicedRun.SliceResult> results = SlicedRun.runAll(slices, 1, s -> {
            ran.add(s.number());
            return s.number() == 2 ? new SlicedRun.SliceResult(1, 1, "vector=4", 0, 0, true) : pass(2);
        }, SlicedRun.Progress.NONE);
        assertEquals(List.of(0, 1, 2), ran);
        TargetResult merged = SlicedRun.merge("verilog", slices, results, 0);
        assertEquals(5, merged.vectors());
        assertEquals("vector=4", merged.firstMismatch());
    }
}
