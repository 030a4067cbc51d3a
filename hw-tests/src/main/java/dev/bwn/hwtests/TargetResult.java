package dev.bwn.hwtests;

import java.util.Locale;

/**
 * The outcome of running one target (C on the host, C in QEMU, Verilog in Verilator) on a set of test vectors.
 * {@code mismatches} counts only vectors that ran and differed from the reference; {@code firstMismatch} is null when
 * every vector matched, else the first difference or why the run failed without one (a build failure, a program that
 * stopped early); {@code cyclesPerImage} is 0 where cycles mean nothing;
 * {@code failedPass} is the simulator pass that found the first mismatch (0 unless a later pass found it), which lets
 * results of separate runs (shards) be merged as one run would have reported them.
 */
public record TargetResult(String target, int vectors, int mismatches, String firstMismatch, double cyclesPerImage,
                           double seconds, int failedPass) {

    public TargetResult(String target, int vectors, int mismatches, String firstMismatch, double cyclesPerImage,
                        double seconds) {
        this(target, vectors, mismatches, firstMismatch, cyclesPerImage, seconds, 0);
    }

    public boolean passed() {
        return vectors > 0 && mismatches == 0 && firstMismatch == null;
    }

    /** One line for the terminal. */
    public String summaryLine() {
        String cycles = cyclesPerImage > 0 ? String.format(Locale.ROOT, ", %.0f cycles/image", cyclesPerImage) : "";
        String verdict = passed() ? "PASS" : "FAIL";
        String detail = firstMismatch == null ? "" : (mismatches > 0 ? " -- first mismatch: " : " -- ") + firstMismatch;
        return String.format(Locale.ROOT, "%-8s %s  %d vectors, %d mismatches%s, %.1f s%s", target, verdict, vectors, mismatches,
                cycles, seconds, detail);
    }
}
