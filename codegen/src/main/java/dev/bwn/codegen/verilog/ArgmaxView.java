package dev.bwn.codegen.verilog;

import java.util.List;

/**
 * The data of {@code argmax.v.ftl}: collects the logits (serially, or {@code channels} per beat as runs of
 * {@code pixels}) and picks the index of the largest.
 */
public record ArgmaxView(String template, String name, int classes, String logitType, int logitBits, int classBits,
                         int logitBusBits, String signedKeyword, TemplateViews.Counter classCounter,
                         List<TemplateViews.BitRange> logits, boolean serial, int pixels, int channels, int beatBits,
                         int pixelBits, TemplateViews.Counter pixelCounter, String collectShift)
        implements TemplateViews.View {

    public ArgmaxView {
        logits = List.copyOf(logits);
    }

    static ArgmaxView of(VerilogDesign d) {
        int lb = d.logitType().bits();
        int cb = d.classBits();
        int channels = d.outputBeatChannels();
        int pixels = d.classes() / channels;
        int pixelBits = Bits.unsignedBits(pixels - 1);
        // channel c's run of logits, c*pixels .. c*pixels + pixels-1, shifts in its value from the top
        StringBuilder shift = new StringBuilder("{");
        for (int c = channels - 1; c >= 0; c--) {
            shift.append("in_data[").append((c + 1) * lb - 1).append(':').append(c * lb).append(']');
            if (pixels > 1) {
                shift.append(", logits[").append((c + 1) * pixels * lb - 1).append(':').append((c * pixels + 1) * lb).append(']');
            }
            shift.append(c > 0 ? ", " : "}");
        }
        return new ArgmaxView("verilog/argmax.v.ftl", d.argmaxModule(), d.classes(), d.logitType().label(), lb, cb,
                lb * d.classes(), d.logitType().signed() ? "signed " : "", TemplateViews.Counter.of(cb, d.classes()),
                TemplateViews.BitRange.fields(d.classes(), lb), channels == 1, pixels, channels, channels * lb, pixelBits,
                TemplateViews.Counter.of(pixelBits, pixels), shift.toString());
    }
}
