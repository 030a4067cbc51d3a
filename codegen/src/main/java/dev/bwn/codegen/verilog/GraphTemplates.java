package dev.bwn.codegen.verilog;

import dev.bwn.codegen.Identifiers;
import dev.bwn.model.ActivationType;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the typed template data of the graph elements share: each element keeps its own view record next to its
 * estimator ({@code AddStage.View} for {@code add.v.ftl}, ...), built from the parts here (an arithmetic {@link Term},
 * the per-channel {@link Arithmetic} of {@code elementwise.ftl}); every width, literal and expression is computed in
 * Java so that the templates only lay them out.
 */
final class GraphTemplates {
    private GraphTemplates() {
    }

    /** A record a template reads as {@code m}. */
    interface View {
        // implemented by records only: model() reads their components
        String template();
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

    static String comment(String s) {
        return Identifiers.commentText(s).replace("\"", "'");
    }

    static Arithmetic arithmetic(ElementwiseRequant rq, List<Term> terms) {
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

    static Term term(int k, ElementwiseRequant rq, int valueBits, boolean signedValue, String input, int pixelBits) {
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

}
