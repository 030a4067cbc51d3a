package dev.bwn.cli;

import dev.bwn.hwtests.SlicedRun;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of one target's verification on stderr: vectors done, mismatches so far, and the time left at the rate so
 * far. A line at most once a second and only after another 5% of the vectors, so a long run prints about twenty lines
 * and a short one none.
 */
final class ProgressReport implements SlicedRun.Progress {
    static final long MIN_INTERVAL_NANOS = 1_000_000_000L;
    static final double MIN_STEP = 0.05;

    private final String target;
    private final PrintWriter err;
    private final LongSupplier clock;
    private final long start;
    private long lastLineAt;
    private double lastFraction;

    ProgressReport(String target, PrintWriter err, LongSupplier nanoClock) {
        this.target = target;
        this.err = err;
        this.clock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.lastLineAt = start;
    }

    /**
     * Whether progress lines belong on stderr: not when asked for quiet, not in CI (the log keeps every line), not when
     * stderr is not a terminal (a file or a pipe gets the summary only).
     */
    static boolean wanted(boolean noProgress) {
        return !noProgress && !"true".equalsIgnoreCase(System.getenv("CI")) && System.console() != null;
    }

    @Override
    public synchronized void update(int vectorsDone, int total, int mismatches) {
        long now = clock.getAsLong();
        double fraction = total == 0 ? 1 : (double) vectorsDone / total;
        if (vectorsDone >= total || now - lastLineAt < MIN_INTERVAL_NANOS || fraction - lastFraction < MIN_STEP) {
            return;
        }
        lastLineAt = now;
        lastFraction = fraction;
        double elapsed = (now - start) / 1e9;
        long left = Math.round(elapsed / vectorsDone * (total - vectorsDone));
        err.println(String.format(Locale.ROOT, "bwn: %s %d/%d vectors (%.0f%%), %d mismatch%s so far, about %s left", target,
                vectorsDone, total, 100 * fraction, mismatches, mismatches == 1 ? "" : "es", duration(left)));
        err.flush();
    }

    static String duration(long seconds) {
        return seconds < 60 ? seconds + " s" : String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }
}
