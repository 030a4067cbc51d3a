package dev.bwn.hwtests.c;

import dev.bwn.hwtests.TargetResult;

import java.util.List;

/**
 * What running one design on its vectors gave. {@code results} has one entry per vector the program reported;
 * {@code mismatches} holds every line the program printed about a difference (a logit, the class, a layer's value in
 * debug builds) plus the runner's own comparison against the vector files. {@code completed} is false when the
 * program did not print its end sentinel or reported fewer vectors than the files hold.
 */
public record CRunResult(String prefix, int expectedVectors, List<VectorResult> results, List<String> mismatches,
                         boolean completed, String log) {

    /** One vector: the class and logits the C code computed, and whether they (and every layer) matched. */
    public record VectorResult(int index, int predictedClass, int[] logits, boolean matches) {
    }

    public int mismatchingVectors() {
        int bad = (int) results.stream().filter(r -> !r.matches()).count();
        return bad + Math.max(0, expectedVectors - results.size());
    }

    public boolean passed() {
        return completed && expectedVectors > 0 && results.size() == expectedVectors && mismatches.isEmpty()
                && mismatchingVectors() == 0;
    }

    /** For {@code bwn verify}'s summary line and JUnit report. */
    public TargetResult toTargetResult(String target, double seconds) {
        String first = passed() ? null : mismatches.isEmpty() ? "the program did not complete (" + lastLine() + ")" : mismatches.get(0);
        // Only vectors that ran and differed count as mismatches; a run that stopped early says so in `first`.
        int differed = (int) results.stream().filter(r -> !r.matches()).count();
        return new TargetResult(target, expectedVectors, differed, first, 0, seconds);
    }

    private String lastLine() {
        String t = log.strip();
        int nl = t.lastIndexOf('\n');
        return nl < 0 ? t : t.substring(nl + 1);
    }
}
