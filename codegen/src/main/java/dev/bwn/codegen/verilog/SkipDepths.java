package dev.bwn.codegen.verilog;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The depth of the FIFO in front of each {@code add} input, computed from the wiring before the FIFOs are placed.
 *
 * <p>A {@link StreamFork} advances only when every reader took the current beat, so a branch that runs ahead (the skip
 * path) stalls the fork, and with it the other branch (the main path), as soon as it cannot store a beat; the other
 * branch may take the current beat alone. The main
 * path absorbs beats without emitting anything until its line buffers hold the rows its next output row reads: for
 * add output pixel j it needs the fork's beats up to {@code other[j]} (through every stage: the walker starts an output
 * row only when the rows its window reads are complete, {@link HardwareStage#lastInputBeat}). By then the early
 * branch can have computed every pixel i with {@code mine[i] <= other[j]}, while the add has consumed pixels 0..j-1
 * only; the add's one-pixel holding register keeps pixel j. So the FIFO must hold
 *
 * <pre>    depth = max over j of ( #{ i : mine[i] <= other[j] } - j - 1 )</pre>
 *
 * beats, taken over every fork both inputs descend from; {@code mine} and {@code other} are each input's needs in
 * beats of that fork's tensor. For an identity skip {@code mine[i] = i}, so {@code depth = max_j(other[j] - j - 1)}: the
 * main path's lag in pixels, and one entry fewer stalls the fork at beat other[j*] for ever (the deadlock test). For
 * a skip path with stages of its own the formula ignores their buffers (line buffer rows, group FIFO, packer
 * register), so it is sufficient there but not always the least.
 */
final class SkipDepths {
    private SkipDepths() {
    }

    /** Depth per join (two-input element, an add) index in {@code graph.elements()} and input; 0 where no FIFO is needed. */
    static Map<Integer, int[]> compute(StreamGraph graph, long inputBeats) {
        List<StreamGraph.Wired> elements = graph.elements();
        long[] beats = new long[graph.linkBits().size()];
        Arrays.fill(beats, -1);
        beats[0] = inputBeats;
        // beats per link, from the elements' outputs; plumbing passes its input's count on
        for (StreamGraph.Wired w : elements) {
            long out = w.element().outputBeats();
            for (StreamGraph.Port p : w.outputs()) {
                beats[p.link()] = out >= 0 ? out : beats[w.inputs().get(0).link()];
            }
        }
        Map<Integer, int[]> depths = new HashMap<>();
        for (int e = 0; e < elements.size(); e++) {
            if (elements.get(e).inputs().size() == 2) {
                depths.put(e, new int[2]);
            }
        }
        for (StreamGraph.Wired fork : elements) {
            if (fork.outputs().size() < 2) {
                continue;
            }
            int source = fork.inputs().get(0).link();
            long[][] need = new long[beats.length][];
            need[source] = new long[Math.toIntExact(beats(graph, source, beats))];
            for (int j = 0; j < need[source].length; j++) {
                need[source][j] = j;
            }
            for (int e = 0; e < elements.size(); e++) {
                StreamGraph.Wired w = elements.get(e);
                List<Integer> ins = w.inputs().stream().map(StreamGraph.Port::link).toList();
                if (ins.size() == 2 && need[ins.get(0)] != null && need[ins.get(1)] != null) {
                    int[] d = depths.get(e);
                    d[0] = Math.max(d[0], excess(need[ins.get(0)], need[ins.get(1)]));
                    d[1] = Math.max(d[1], excess(need[ins.get(1)], need[ins.get(0)]));
                }
                for (StreamGraph.Port out : w.outputs()) {
                    long n = beats(graph, out.link(), beats);
                    long[] row = null;
                    for (int k = 0; k < ins.size(); k++) {
                        long[] in = need[ins.get(k)];
                        if (in == null || out.link() == source) {
                            continue;
                        }
                        if (row == null) {
                            row = new long[Math.toIntExact(n)];
                            Arrays.fill(row, -1);
                        }
                        for (int j = 0; j < n; j++) {
                            row[j] = Math.max(row[j], in[Math.toIntExact(w.element().lastInputBeat(k, j))]);
                        }
                    }
                    if (row != null) {
                        need[out.link()] = row;
                    }
                }
            }
        }
        return depths;
    }

    /** max over j of #{i : mine[i] < other[j]} - j - 1, both non-decreasing; at least 0. */
    static int excess(long[] mine, long[] other) {
        int count = 0;
        long most = 0;
        for (int j = 0; j < other.length; j++) {
            while (count < mine.length && mine[count] < other[j]) {
                count++;
            }
            most = Math.max(most, count - j - 1L);
        }
        return Math.toIntExact(most);
    }

    private static long beats(StreamGraph graph, int link, long[] beats) {
        if (beats[link] < 0) {
            throw new IllegalStateException("internal: unknown beat count on link " + link);
        }
        return beats[link];
    }
}
