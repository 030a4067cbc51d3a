package dev.bwn.codegen.verilog;

import dev.bwn.codegen.Identifiers;
import dev.bwn.model.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * The typed template data of the Verilog backend: one public record per template (FreeMarker reads record accessors
 * of public records), built once from the lowered design by the record's own factory ({@code ElementwiseStage.View} for
 * {@code add.v.ftl}, {@link WindowWalkerView} for {@code window_walker.v.ftl}, ...), and the parts those records
 * share here (a counter's literals, a bit range, an arithmetic {@link Term}, the per-channel {@link Arithmetic} of
 * {@code elementwise.ftl}). Every width, literal and expression is computed in Java; templates only lay them out.
 */
public final class TemplateViews {
    private TemplateViews() {
    }

    /** The data of one generated module: its template and module name (the file is {@code name.v}). */
    public interface View {
        String template();

        String name();
    }

    /** What the provenance header of every file prints ({@code header.ftl} reads it as {@code design}). */
    public record DesignFacts(String tool, String modelName, List<String> provenance) {
        public DesignFacts {
            provenance = List.copyOf(provenance);
        }

        static DesignFacts of(VerilogDesign d) {
            List<String> facts = new ArrayList<>();
            Identifiers.provenanceComments(d.network().provenance().facts()).forEach((k, v) -> facts.add(k + ": " + v));
            return new DesignFacts(Identifiers.commentText(d.toolVersion()), comment(d.network().name()), facts);
        }
    }

    /** A counter register's literals: its reset value, its step (0 when it never moves) and its last value. */
    public record Counter(String zero, String one, String last) {
        static Counter of(int bits, int count) {
            return new Counter(Bits.unsignedLiteral(bits, 0), Bits.unsignedLiteral(bits, count > 1 ? 1 : 0),
                    Bits.unsignedLiteral(bits, count - 1));
        }
    }

    /** Field {@code index} of a bus of equal fields: bits {@code [high:low]}. */
    public record BitRange(int index, int low, int high) {
        /** {@code count} fields of {@code bits} bits each, field 0 lowest. */
        static List<BitRange> fields(int count, int bits) {
            List<BitRange> fields = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                fields.add(new BitRange(i, i * bits, (i + 1) * bits - 1));
            }
            return fields;
        }
    }

    /** A module whose only parameter is its name (the shared RAM and ROM). */
    public record NamedModule(String template, String name) implements View {
    }

    /** One input term of the per-channel arithmetic: its register, width and sign handling. */
    public record Term(int index, int valueBits, int termBits, String termExpression, int productBits, String productExpression,
                String wideExpression, String productExtended, String inputName, int pixelBits) {
    }

    public record Arithmetic(boolean multiplierFree, int multiplierBits, int powerBits, int sumBits, int shiftBits, int channelBits,
                      List<String> parameterCases, String parameterDefault, String sumExpression,
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
                rq.shiftBits(), cb, rq.parameterCases(), rq.parameterDefault(), sum.toString(), ob,
                rq.outputExpression(), Bits.unsignedLiteral(cb, 0),
                Bits.unsignedLiteral(cb, rq.channels() > 1 ? 1 : 0), Bits.unsignedLiteral(cb, rq.channels() - 1));
    }

    static Term term(int k, ElementwiseRequant rq, int valueBits, boolean signedValue, String input, int pixelBits) {
        int tb = rq.termBits(k);
        String value = "value_" + k;
        String expr = signedValue ? Bits.signExtend(value, valueBits, tb) : Bits.zeroExtend(value, valueBits, tb);
        int pb = rq.multiplierFree() ? rq.sumBits() : rq.productBits(k);
        String product = "product_" + k;
        String productExpression = rq.multiplierFree() ? ""
                // signed, so that yosys narrows both operands to their own widths (a tb x 16 multiply, Dsps) instead of
                // mapping a pb x pb one: the same low pb bits either way
                : "$signed(" + Bits.signExtend("term_" + k, tb, pb) + ") * $signed("
                        + Bits.signExtend("multiplier_" + k, ElementwiseRequant.MULTIPLIER_BITS, pb) + ")";
        String wide = rq.multiplierFree() ? Bits.signExtend("term_" + k, tb, rq.sumBits()) : "";
        return new Term(k, valueBits, tb, expr, pb, productExpression, wide, Bits.signExtend(product, pb, rq.sumBits()), input, pixelBits);
    }

    static String unsigned(int bits, long value) {
        return Bits.unsignedLiteral(bits, value);
    }

    static String signed(int bits, long value) {
        return Bits.signedLiteral(bits, value);
    }

    /** {@code {prefix<count-1>, ..., prefix0}}, or {@code prefix0} alone. */
    static String concat(String prefix, int count) {
        if (count == 1) {
            return prefix + "0";
        }
        StringBuilder sb = new StringBuilder("{");
        for (int i = count - 1; i >= 0; i--) {
            sb.append(prefix).append(i).append(i > 0 ? ", " : "}");
        }
        return sb.toString();
    }

    /** The ring address {slot, word}, with either part left out when it has no bits. */
    static String ringAddress(String slot, int slotBits, String word, int wordBits) {
        if (slotBits > 0 && wordBits > 0) {
            return "{" + slot + ", " + word + "}";
        }
        return slotBits > 0 ? slot : wordBits > 0 ? word : "1'b0";
    }

    static String shape(Shape s) {
        return "[" + s.channels() + "," + s.height() + "," + s.width() + "]";
    }
}
