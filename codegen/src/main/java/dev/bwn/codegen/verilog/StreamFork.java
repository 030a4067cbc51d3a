package dev.bwn.codegen.verilog;

import java.util.ArrayList;
import java.util.List;

/**
 * One producer, several consumers: each consumer takes the beat when it is ready and a flag per consumer remembers it
 * ({@code out_valid[k] = in_valid && !taken[k]}, {@code in_ready = every (taken[k] || ready[k])}), so the producer
 * advances only when each consumer took the beat. (Readers cannot be asked to take a beat in the same cycle: a line
 * buffer is ready only after it has seen valid for a few cycles.) A branch that must run ahead gets a {@link SkipFifo}.
 */
public record StreamFork(String moduleName, String tensorName, int bits, int ways) implements Plumbing {
    @Override
    public StageEstimate estimate() {
        // per output a valid gate, the taken flag's next state and its share of in_ready (yosys: 8 LUTs for 2 ways)
        int luts = 4 * ways;
        return new StageEstimate(0, 0, 0, luts, ways, 0, 0);
    }

    @Override
    public String summary() {
        return "fork of \"" + tensorName + "\" to " + ways + " consumers";
    }

    @Override
    public TemplateViews.View templateView() {
        return view(this);
    }

    /** The typed data of its template. */
    public record View(String template, String name, String tensor, int bits, List<String> outputs, List<String> othersReady,
                    String allReady) implements TemplateViews.View {
    }

    static View view(StreamFork f) {
        List<String> outs = new ArrayList<>();
        List<String> others = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (int k = 0; k < f.ways(); k++) {
            outs.add("out" + k);
            all.add("done_" + k);
        }
        for (int k = 0; k < f.ways(); k++) {
            List<String> o = new ArrayList<>();
            for (int m = 0; m < f.ways(); m++) {
                if (m != k) {
                    o.add("out" + m + "_ready");
                }
            }
            others.add(String.join(" && ", o));
        }
        return new View("verilog/fork.v.ftl", f.moduleName(), TemplateViews.comment(f.tensorName()), f.bits(), outs, others, String.join(" && ", all));
    }
}
