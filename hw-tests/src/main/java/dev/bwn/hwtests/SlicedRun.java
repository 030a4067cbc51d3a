package dev.bwn.hwtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a target on contiguous slices of the vectors, each slice in its own simulator process, up to {@code jobs} at
 * a time, and merges the slices' results in vector order, so the merged result (vectors checked, mismatches, first
 * mismatch with its global vector index) is the one a single process on all vectors gives.
 */
public final class SlicedRun {
    /** Vectors per slice the Verilator runs aim for: small enough for progress every few percent on long runs. */
    static final int VECTORS_PER_SLICE = 250;
    /** More slices than this buy no progress detail and cost process start-ups. */
    static final int MAX_SLICES = 64;
    private static final Pattern VECTOR_INDEX = Pattern.compile("(\\bvector[= ])(\\d+)");

    /** Vectors {@code first} .. {@code first + count - 1} of the run (indices global to the run, shard offset included). */
    public record Slice(int number, int first, int count, Path vectorsDir) {
    }

    /**
     * What one slice gave. {@code vectors}: vectors checked (a simulator that stops at its first mismatch checked up to
     * and including it); {@code firstMismatch}: null, or the first difference with its global vector index;
     * {@code failedPass}: which pass of the simulator found it (0 first), so that a merge picks the difference a
     * single process would have reported first; {@code stopsAtFirstMismatch}: the simulator ends at a mismatch, so
     * later slices do not count.
     */
    public record SliceResult(int vectors, int mismatches, String firstMismatch, int failedPass, double cyclesPerImage,
                              boolean stopsAtFirstMismatch) {
        boolean failed() {
            return firstMismatch != null || mismatches > 0;
        }
    }

    /** Simulates one slice. */
    public interface SliceTask {
        SliceResult run(Slice slice) throws IOException;
    }

    /** Told after each finished slice: vectors done so far of {@code total}, and mismatches found so far. */
    public interface Progress {
        Progress NONE = (done, total, mismatches) -> {
        };

        void update(int vectorsDone, int total, int mismatches);
    }

    private SlicedRun() {
    }

    /**
     * Slice boundaries for {@code vectors} vectors: at least {@code jobs} slices (when there are that many vectors),
     * more on long runs when {@code fine} (about {@value #VECTORS_PER_SLICE} vectors each, at most
     * {@value #MAX_SLICES}), and never fewer than two vectors a slice, so each slice still measures cycles per image.
     * Returns {@code count + 1} boundaries, the first 0, the last {@code vectors}.
     */
    public static int[] boundaries(int vectors, int jobs, boolean fine) {
        int count = fine ? Math.max(jobs, Math.min(MAX_SLICES, ceilDiv(vectors, VECTORS_PER_SLICE))) : jobs;
        count = Math.max(1, Math.min(count, vectors / 2));
        int[] bounds = new int[count + 1];
        for (int i = 0; i <= count; i++) {
            bounds[i] = (int) ((long) i * vectors / count);
        }
        return bounds;
    }

    /**
     * Runs {@code task} on every slice, {@code jobs} at a time, and returns the results in slice order. After a slice
     * fails in the first pass of a simulator that stops at its first mismatch, later slices not yet started are
     * skipped: they cannot change the merged result.
     */
    public static List<SliceResult> runAll(List<Slice> slices, int jobs, SliceTask task, Progress progress) throws IOException {
        int total = slices.stream().mapToInt(Slice::count).sum();
        AtomicInteger firstDecisive = new AtomicInteger(Integer.MAX_VALUE);
        int[] doneAndMismatches = new int[2];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, slices.size())));
        try {
            List<Future<SliceResult>> futures = new ArrayList<>();
            for (Slice s : slices) {
                futures.add(pool.submit(() -> {
                    if (s.number() > firstDecisive.get()) {
                        return null;
                    }
                    SliceResult r = task.run(s);
                    if (r.stopsAtFirstMismatch() && r.failed() && r.failedPass() == 0) {
                        firstDecisive.accumulateAndGet(s.number(), Math::min);
                    }
                    synchronized (doneAndMismatches) {
                        doneAndMismatches[0] += s.count();
                        doneAndMismatches[1] += r.mismatches();
                        progress.update(doneAndMismatches[0], total, doneAndMismatches[1]);
                    }
                    return r;
                }));
            }
            List<SliceResult> results = new ArrayList<>();
            for (Future<SliceResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException rt) {
                throw rt;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The slices' results as one: the first mismatch is the earliest slice's among those found in the earliest pass.
     * For a simulator that stops at its first mismatch the merge reads like one process on all vectors: every vector
     * before the failing slice counts as checked, the failing slice's count ends the run, later slices do not count.
     * Skipped slices (null) can only follow such a slice.
     */
    public static TargetResult merge(String target, List<Slice> slices, List<SliceResult> results, double seconds) {
        int decisive = -1;
        for (int i = 0; i < results.size(); i++) {
            SliceResult r = results.get(i);
            if (r != null && r.failed() && (decisive < 0 || r.failedPass() < results.get(decisive).failedPass())) {
                decisive = i;
            }
        }
        boolean stopped = decisive >= 0 && results.get(decisive).stopsAtFirstMismatch();
        int vectors = 0;
        int mismatches = 0;
        double cycleSum = 0;
        double cycleWeight = 0;
        for (int i = 0; i < results.size(); i++) {
            SliceResult r = results.get(i);
            if (stopped && i != decisive) {
                vectors += i < decisive ? slices.get(i).count() : 0;
                continue;
            }
            vectors += r.vectors();
            mismatches += r.mismatches();
            if (!r.failed() && r.cyclesPerImage() > 0) {
                // each slice's figure is a mean over its vectors' spacings: weight it by how many spacings it saw
                double weight = Math.max(1, r.vectors() - 1);
                cycleSum += r.cyclesPerImage() * weight;
                cycleWeight += weight;
            }
        }
        String first = decisive < 0 ? null : results.get(decisive).firstMismatch();
        if (decisive >= 0 && first == null) {
            first = mismatches + " vectors differ";
        }
        double cycles = stopped || cycleWeight == 0 ? 0 : cycleSum / cycleWeight;
        int failedPass = decisive < 0 ? 0 : results.get(decisive).failedPass();
        return new TargetResult(target, vectors, mismatches, first, cycles, seconds, failedPass);
    }

    /** {@code text} with each "vector N" / "vector=N" moved by {@code offset}: a slice's local index made global. */
    public static String globalVectorIndex(String text, int offset) {
        if (text == null || offset == 0) {
            return text;
        }
        Matcher m = VECTOR_INDEX.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + (Long.parseLong(m.group(2)) + offset)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
