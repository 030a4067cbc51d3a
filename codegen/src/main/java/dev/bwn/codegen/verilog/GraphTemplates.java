package dev.bwn.codegen.verilog;

import dev.bwn.codegen.Identifiers;
import dev.bwn.model.ActivationType;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed template data of the graph elements, one record per template: every width, literal and expression is
 * computed here so that {@code add.v.ftl}, {@code globalavgpool.v.ftl}, {@code fork.v.ftl} and
 * {@code skip_fifo.v.ftl} only lay them out.
 */
final class GraphTemplates {
    private GraphTemplates() {
    }

    /** A record a template reads as {@code m}. */
    interface View {
        // implemented by records only: model() reads their components
        String template();
    }

    /** Line-buffer stages have their own (map) data; every other element renders through its view. */
    static View view(StreamElement e) {
        if (e instanceof AddStage a) {
            return add(a);
        } else if (e instanceof GlobalAvgPoolStage g) {
            return gap(g);
        } else if (e instanceof StreamFork f) {
            return fork(f);
        } else if (e instanceof SkipFifo q) {
            return fifo(q);
        }
        return null;
    }

    /**
     * The template model of a view: its record components by name, nested records and lists alike (the FreeMarker
     * configuration exposes JavaBean getters, not record accessors).
     */
    static Object model(Object value) {
        if (value instanceof Record r) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    m.put(c.getName(), model(c.getAccessor().invoke(r)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("internal: cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
                }
            }
            return m;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(GraphTemplates::model).toList();
        }
        return value;
    }

    /** One input term of the per-channel arithmetic: its register, width and sign handling. */
    record Term(int index, int valueBits, int termBits, String termExpression, int productBits, String productExpression,
                String wideExpression, String productExtended, String inputName, int pixelBits) {
    }

    record Arithmetic(boolean multiplierFree, int multiplierBits, int powerBits, int sumBits, int shiftBits, int channelBits,
                      List<String> parameterCases, String parameterDefault, String clampExpression, String sumExpression,
                      int outputBits, String outputExpression, String channelZero, String channelOne, String channelLast) {
    }

    record AddView(String template, String name, String modelName, int channels, boolean serial, List<Term> terms,
                   Arithmetic arithmetic, int outputPixelBits) implements View {
    }

    record GapView(String template, String name, String modelName, int channels, int beatChannels, boolean serialIn,
                   Term term, int inputBits, int accumulatorBits, List<Integer> channelIndexes, String pixelZero, String pixelOne,
                   String pixelLast, int pixelBits, String beatZero, String beatOne, String beatLast, int beatBits,
                   boolean shiftsOut, Arithmetic arithmetic, int outputPixelBits, String accumulatorShift,
                   List<String> accumulateLines, String valueSign) implements View {
    }

    record ForkView(String template, String name, String tensor, int bits, List<String> outputs, List<String> othersReady,
                    String allReady) implements View {
    }

    record FifoView(String template, String name, String addName, int input, int bits, int depth, int pointerBits,
                    int countBits, String pointerZero, String pointerOne, String pointerLast, String countZero, String countFull,
                    String pushExtended, String popExtended) implements View {
    }

    private static String comment(String s) {
        return Identifiers.commentText(s).replace("\"", "'");
    }

    private static Arithmetic arithmetic(ElementwiseRequant rq, List<Term> terms) {
        int sb = rq.sumBits();
        StringBuilder sum = new StringBuilder();
        for (Term t : terms) {
            sum.append(t.productExtended()).append(" + ");
        }
        sum.append("offset");
        int ob = rq.output().bits();
        int cb = rq.channelBits();
        return new Arithmetic(rq.multiplierFree(), ElementwiseRequant.MULTIPLIER_BITS, ElementwiseRequant.POWER_BITS, sb,
                rq.shiftBits(), cb, rq.parameterCases(), rq.parameterDefault(), rq.clampExpression(), sum.toString(), ob,
                ob == sb ? "clamped" : "clamped[" + (ob - 1) + ":0]", Bits.unsignedLiteral(cb, 0),
                Bits.unsignedLiteral(cb, rq.channels() > 1 ? 1 : 0), Bits.unsignedLiteral(cb, rq.channels() - 1));
    }

    private static Term term(int k, ElementwiseRequant rq, int valueBits, boolean signedValue, String input, int pixelBits) {
        int tb = rq.termBits(k);
        String value = "value_" + k;
        String expr = signedValue ? Bits.signExtend(value, valueBits, tb) : Bits.zeroExtend(value, valueBits, tb);
        int pb = rq.multiplierFree() ? rq.sumBits() : rq.productBits(k);
        String product = "product_" + k;
        String productExpression = rq.multiplierFree() ? ""
                : Bits.signExtend("term_" + k, tb, pb) + " * " + Bits.signExtend("multiplier_" + k, ElementwiseRequant.MULTIPLIER_BITS, pb);
        String wide = rq.multiplierFree() ? Bits.signExtend("term_" + k, tb, rq.sumBits()) : "";
        return new Term(k, valueBits, tb, expr, pb, productExpression, wide, Bits.signExtend(product, pb, rq.sumBits()), input, pixelBits);
    }

    static AddView add(AddStage a) {
        ElementwiseRequant rq = a.requant();
        List<Term> terms = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            ActivationType t = a.inputTypes().get(k);
            terms.add(term(k, rq, t.bits(), t.signed(), "in" + k, a.inputPixelBits(k)));
        }
        return new AddView("verilog/add.v.ftl", a.moduleName(), comment(a.layerName()), a.channels(), a.channels() == 1, terms,
                arithmetic(rq, terms), a.outputPixelBits());
    }

    static GapView gap(GlobalAvgPoolStage g) {
        ElementwiseRequant rq = g.requant();
        int ab = g.accumulatorBits();
        Term t = term(0, rq, ab, true, "in", g.inputPixelBits());
        int pb = Bits.unsignedBits(g.pixels() - 1);
        int beats = g.outputBeatChannels();
        int bb = Bits.unsignedBits(beats - 1);
        List<Integer> channels = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        int ib = g.inputType().bits();
        for (int c = 0; c < g.channels(); c++) {
            channels.add(c);
            String x = "in_data[" + ((c + 1) * ib - 1) + ":" + (c * ib) + "]";
            // the sign bit named directly: a bit-select of a part-select is not Verilog
            String ext = ab == ib ? x : g.inputType().signed()
                    ? "{{" + (ab - ib) + "{in_data[" + ((c + 1) * ib - 1) + "]}}, " + x + "}" : Bits.zeroExtend(x, ib, ab);
            lines.add("accumulator_" + c + " <= (pixel == " + Bits.unsignedLiteral(pb, 0) + " ? " + Bits.signedLiteral(ab, 0)
                    + " : accumulator_" + c + ") + " + ext + ";");
        }
        StringBuilder shift = new StringBuilder();
        for (int c = g.channels() - 1; c >= 1; c--) {
            shift.append(c == g.channels() - 1 ? "" : ", ").append("accumulator_").append(c);
        }
        return new GapView("verilog/globalavgpool.v.ftl", g.moduleName(), comment(g.layerName()), g.channels(), beats,
                g.channels() == 1, t, ib, ab, channels, Bits.unsignedLiteral(pb, 0), Bits.unsignedLiteral(pb, g.pixels() > 1 ? 1 : 0),
                Bits.unsignedLiteral(pb, g.pixels() - 1), pb, Bits.unsignedLiteral(bb, 0), Bits.unsignedLiteral(bb, beats > 1 ? 1 : 0),
                Bits.unsignedLiteral(bb, beats - 1), bb, beats > 1, arithmetic(rq, List.of(t)), g.outputPixelBits(),
                shift.toString(), lines, g.inputType().signed() ? "signed" : "unsigned");
    }

    static ForkView fork(StreamFork f) {
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
        return new ForkView("verilog/fork.v.ftl", f.moduleName(), comment(f.tensorName()), f.bits(), outs, others, String.join(" && ", all));
    }

    static FifoView fifo(SkipFifo q) {
        int pb = q.pointerBits();
        int cb = q.countBits();
        return new FifoView("verilog/skip_fifo.v.ftl", q.moduleName(), comment(q.addName()), q.input(), q.bits(), q.depth(), pb, cb,
                Bits.unsignedLiteral(pb, 0), Bits.unsignedLiteral(pb, q.depth() > 1 ? 1 : 0), Bits.unsignedLiteral(pb, q.depth() - 1),
                Bits.unsignedLiteral(cb, 0), Bits.unsignedLiteral(cb, q.depth()), Bits.zeroExtend("push", 1, cb), Bits.zeroExtend("pop", 1, cb));
    }
}
