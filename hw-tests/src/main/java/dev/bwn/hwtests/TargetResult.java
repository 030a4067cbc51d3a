package dev.bwn.hwtests;

import java.util.Locale;

/**
 * The outcome of running one target (C on the host, C in QEMU, Verilog in Verilator) on a set of test vectors.
 * {@code firstMismatch} is null when every vector matched; {@code cyclesPerImage} is 0 where cycles mean nothing;
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
        String detail = firstMismatch == null ? "" : " -- first mismatch: " + firstMismatch;
        return String.format(Locale.ROOT, "%-8s %s  %d vectors, %d mismatches%s, %.1f s%s", target, verdict, vectors, mismatches,
                cycles, seconds, detail);
    }
}
