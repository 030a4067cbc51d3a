package dev.bwn.codegen.verilog;

import dev.bwn.model.ActivationType;
import dev.bwn.model.ValueRange;

import java.util.ArrayList;
import java.util.List;

/**
 * The addition-only dot product of {@code lanes} activations with {@code lanes} binary weights: each weight bit
 * selects +x (bit 1) or -x (bit 0), then a balanced adder tree sums the terms, with a register after every
 * {@code registerEvery} levels and after the root. Every node's width is derived from the exact range of the sum it
 * carries (a node over k terms lies in [k*lo, k*hi], SEMANTICS.md section 3), so overflow is impossible and no node is
 * wider than it must be. There is no multiplication anywhere in it.
 */
public record DotProductUnit(String moduleName, int lanes, ActivationType inputType, int registerEvery) {

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

    public int outputBits() {
        return Bits.signedBits(lanes * termMin(), lanes * termMax());
    }

    /** Levels of the tree, level 0 being the terms; the last level has one node, the sum. */
    public List<List<Node>> levels() {
        List<List<Node>> levels = new ArrayList<>();
        List<Node> terms = new ArrayList<>();
        List<Integer> leaves = new ArrayList<>();
        int tb = termBits();
        int xb = inputType.bits();
        boolean rootIsTerms = lanes == 1;
        for (int j = 0; j < lanes; j++) {
            String x = "x[" + (j * xb + xb - 1) + ":" + (j * xb) + "]";
            String extended = inputType.signed() ? "{x[" + (j * xb + xb - 1) + "], " + x + "}" : "{1'b0, " + x + "}";
            // The term register sits at level 0 only when the tree has no further level to register.
            terms.add(new Node("term_" + j, tb, "w[" + j + "] ? $signed(" + extended + ") : -$signed(" + extended + ")",
                    rootIsTerms || registerEvery == 1));
            leaves.add(1);
        }
        levels.add(terms);
        int level = 1;
        List<Node> previous = terms;
        while (previous.size() > 1) {
            List<Node> next = new ArrayList<>();
            List<Integer> nextLeaves = new ArrayList<>();
            boolean root = previous.size() <= 2;
            boolean registered = root || (level + 1) % registerEvery == 0;
            for (int k = 0; k < previous.size(); k += 2) {
                int covered = leaves.get(k) + (k + 1 < previous.size() ? leaves.get(k + 1) : 0);
                int bits = Bits.signedBits(covered * termMin(), covered * termMax());
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
                nextLeaves.add(covered);
            }
            levels.add(next);
            previous = next;
            leaves = nextLeaves;
            level++;
        }
        return levels;
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

    /** Adder bits in the tree (terms count their negation), the basis of the LUT estimate. */
    public int adderBits() {
        int bits = 0;
        for (List<Node> level : levels()) {
            for (Node n : level) {
                bits += n.bits();
            }
        }
        return bits;
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
