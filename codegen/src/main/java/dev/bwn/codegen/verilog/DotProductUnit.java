package dev.bwn.codegen.verilog;

import dev.bwn.model.ActivationType;
import dev.bwn.model.ValueRange;

import java.util.ArrayList;
import java.util.List;

/**
 * The addition-only dot product of {@code lanes} activations with {@code lanes} binary weights (bit 1 = +x, bit 0 =
 * -x). Unpaired, each weight bit selects +x or -x and a balanced adder tree sums the terms; every node's width is then
 * derived from the exact range of the sum it carries (a node over k terms lies in [k*lo, k*hi], SEMANTICS.md section
 * 3). {@code paired} (the units of a stage with kernel taps, {@link WeightedStage#pairsLanes}), lanes are taken in
 * pairs (a, b): the pre-adders {@code p = a + b} and {@code m = a - b} depend on the activations only, so every unit of
 * a stage computes the same ones and synthesis merges them into one set per stage; each unit then selects its pair
 * value with one LUT per bit: {@code +p}, {@code +m}, or the bitwise complement {@code ~m} or {@code ~p} when a's
 * weight is -1 (the complement is the negation minus one). A correction leaf counts those complemented pairs (a's
 * weight bits that are 0), so the tree over the pair values, an odd last lane's exact term and the correction is the
 * exact dot product; its nodes are as wide as the sum of their leaves' exact ranges (the root at most one bit wider
 * than the dot product's range). A register follows every {@code registerEvery} levels and the root. Nothing can
 * overflow, and there is no multiplication anywhere in it.
 */
public record DotProductUnit(String moduleName, int lanes, ActivationType inputType, int registerEvery, boolean paired) {

    public DotProductUnit {
        if (lanes < 1 || registerEvery < 1) {
            throw new IllegalArgumentException("lanes and registerEvery must be positive");
        }
    }

    /** One node of the tree: its signal name, width, the Verilog expression that computes it, and whether it is a register. */
    public record Node(String name, int bits, String expression, boolean registered) {
    }

    /** Range of one term s*x: [min(xmin, -xmax), max(xmax, -xmin)]. */
    public long termMin() {
        return ValueRange.binaryTerm(inputType).min();
    }

    public long termMax() {
        return ValueRange.binaryTerm(inputType).max();
    }

    public int termBits() {
        return Bits.signedBits(termMin(), termMax());
    }

    /** Pairs of lanes that share pre-adders (none unless {@code paired}). */
    public int pairs() {
        return paired ? lanes / 2 : 0;
    }

    /** Width of a pair's pre-adders and selected value: p, m, ~p and ~m all fit. */
    public int pairBits() {
        return Bits.signedBits(pairMin(), pairMax());
    }

    /** Least selected pair value: of p in [2lo, 2hi], m in [lo-hi, hi-lo], ~m = -m-1 and ~p = -p-1. */
    private long pairMin() {
        long lo = inputType.min();
        long hi = inputType.max();
        return Math.min(Math.min(2 * lo, lo - hi), Math.min(lo - hi - 1, -2 * hi - 1));
    }

    private long pairMax() {
        long lo = inputType.min();
        long hi = inputType.max();
        return Math.max(Math.max(2 * hi, hi - lo), Math.max(hi - lo - 1, -2 * lo - 1));
    }

    /** Width of the unit's output: the root of the tree. */
    public int outputBits() {
        return root().bits();
    }

    /** The pre-adders p and m of each pair (wires), which synthesis shares between the units of a stage. */
    public List<Node> preAdders() {
        List<Node> out = new ArrayList<>();
        int pb = pairBits();
        for (int j = 0; j < pairs(); j++) {
            String a = extended(2 * j, pb);
            String b = extended(2 * j + 1, pb);
            out.add(new Node("pair_sum_" + j, pb, a + " + " + b, false));
            out.add(new Node("pair_difference_" + j, pb, a + " - " + b, false));
        }
        return out;
    }

    /** Lane j of x, sign- or zero-extended to {@code bits}. */
    private String extended(int j, int bits) {
        int xb = inputType.bits();
        String x = "x[" + (j * xb + xb - 1) + ":" + (j * xb) + "]";
        return inputType.signed() ? "{{" + (bits - xb) + "{x[" + (j * xb + xb - 1) + "]}}, " + x + "}" : "{" + (bits - xb) + "'d0, " + x + "}";
    }

    /** Levels of the tree, level 0 being the leaves; the last level has one node, the sum. */
    public List<List<Node>> levels() {
        List<List<Node>> levels = new ArrayList<>();
        List<Node> leaves = new ArrayList<>();
        List<long[]> ranges = new ArrayList<>();
        int tb = termBits();
        int xb = inputType.bits();
        boolean rootIsTerms = lanes == 1;
        boolean leafRegistered = rootIsTerms || registerEvery == 1;
        for (int j = 0; j < pairs(); j++) {
            String wa = "w[" + (2 * j) + "]";
            String wb = "w[" + (2 * j + 1) + "]";
            leaves.add(new Node("pair_" + j, pairBits(), wa + " ? (" + wb + " ? pair_sum_" + j + " : pair_difference_" + j + ") : ~("
                    + wb + " ? pair_difference_" + j + " : pair_sum_" + j + ")", leafRegistered));
            ranges.add(new long[]{pairMin(), pairMax()});
        }
        for (int j = 2 * pairs(); j < lanes; j++) {
            String x = "x[" + (j * xb + xb - 1) + ":" + (j * xb) + "]";
            String extended = inputType.signed() ? "{x[" + (j * xb + xb - 1) + "], " + x + "}" : "{1'b0, " + x + "}";
            leaves.add(new Node("term_" + j, tb, "w[" + j + "] ? $signed(" + extended + ") : -$signed(" + extended + ")", leafRegistered));
            ranges.add(new long[]{termMin(), termMax()});
        }
        if (pairs() > 0) {
            // one for each pair whose value is a complement (a's weight -1): the complement is the negation minus one
            int cb = Bits.signedBits(0, pairs());
            StringBuilder count = new StringBuilder();
            for (int j = 0; j < pairs(); j++) {
                count.append(j > 0 ? " + " : "").append("{").append(cb - 1).append("'d0, ~w[").append(2 * j).append("]}");
            }
            leaves.add(new Node("complements", cb, count.toString(), leafRegistered));
            ranges.add(new long[]{0, pairs()});
        }
        levels.add(leaves);
        int level = 1;
        List<Node> previous = leaves;
        while (previous.size() > 1) {
            List<Node> next = new ArrayList<>();
            List<long[]> nextRanges = new ArrayList<>();
            boolean root = previous.size() <= 2;
            boolean registered = root || (level + 1) % registerEvery == 0;
            for (int k = 0; k < previous.size(); k += 2) {
                long[] range = k + 1 < previous.size()
                        ? new long[]{ranges.get(k)[0] + ranges.get(k + 1)[0], ranges.get(k)[1] + ranges.get(k + 1)[1]} : ranges.get(k);
                int bits = Bits.signedBits(range[0], range[1]);
                String name = "sum" + level + "_" + (k / 2);
                Node a = previous.get(k);
                String expr;
                if (k + 1 < previous.size()) {
                    Node b = previous.get(k + 1);
                    expr = Bits.signExtend(a.name(), a.bits(), bits) + " + " + Bits.signExtend(b.name(), b.bits(), bits);
                } else {
                    expr = Bits.signExtend(a.name(), a.bits(), bits);
                }
                next.add(new Node(name, bits, expr, registered));
                nextRanges.add(range);
            }
            levels.add(next);
            previous = next;
            ranges = nextRanges;
            level++;
        }
        return levels;
    }

    /**
     * The leaves as the hardware computes them from activations {@code x} and weight bits {@code w}, in the order of
     * level 0 (the model the tests evaluate the tree with).
     */
    public long[] leafValues(long[] x, boolean[] w) {
        long[] out = new long[pairs() + lanes - 2 * pairs() + (pairs() > 0 ? 1 : 0)];
        int n = 0;
        int complements = 0;
        for (int j = 0; j < pairs(); j++) {
            long a = x[2 * j];
            long b = x[2 * j + 1];
            if (w[2 * j]) {
                out[n++] = w[2 * j + 1] ? a + b : a - b;
            } else {
                out[n++] = ~(w[2 * j + 1] ? a - b : a + b);
                complements++;
            }
        }
        for (int j = 2 * pairs(); j < lanes; j++) {
            out[n++] = w[j] ? x[j] : -x[j];
        }
        if (pairs() > 0) {
            out[n] = complements;
        }
        return out;
    }

    /** Clock cycles from {@code x}/{@code w} to {@code sum}: the number of registered levels. */
    public int latency() {
        return (int) levels().stream().filter(l -> l.get(0).registered()).count();
    }

    /** The root node, whose value is the unit's output. */
    public Node root() {
        List<List<Node>> levels = levels();
        return levels.get(levels.size() - 1).get(0);
    }

    /**
     * Adder and selector bits of one unit (pair selectors a LUT per bit, an odd term its negation, the correction
     * and the tree's adders), the basis of its LUT estimate; the pre-adders are counted once per stage
     * ({@link #preAdderBits()}).
     */
    public int adderBits() {
        int bits = 0;
        for (List<Node> level : levels()) {
            for (Node n : level) {
                bits += n.bits();
            }
        }
        return bits;
    }

    /** Bits of the pre-adders, which the units of a stage share. */
    public int preAdderBits() {
        return preAdders().stream().mapToInt(Node::bits).sum();
    }

    public int registerBits() {
        int bits = 0;
        for (List<Node> level : levels()) {
            for (Node n : level) {
                bits += n.registered() ? n.bits() : 0;
            }
        }
        return bits;
    }
}
