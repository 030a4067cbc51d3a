package dev.bwn.codegen.verilog;

/**
 * The data of {@code packer.v.ftl}: gathers a stage's output values into one beat per pixel, taking the maximum over
 * a fused pool window first when the stage has one.
 */
public record PackerView(String template, String name, String layer, int channels, int bits, int pixelBits, int countBits,
                         TemplateViews.Counter countCounter, boolean pooled, int window, int windowBits,
                         TemplateViews.Counter windowCounter, String signedKeyword, String comparison, String poolShiftIn,
                         String shiftIn) implements TemplateViews.View {

    static PackerView of(HardwareStage s) {
        int channels = s.outputBeatChannels();
        int bits = s.outputType().bits();
        int countBits = Bits.unsignedBits(channels - 1);
        WindowWalk w = s.walk();
        int window = w.poolHeight() * w.poolWidth();
        int windowBits = Bits.unsignedBits(window - 1);
        boolean signed = s.outputType().signed();
        String upper = "out_data[" + (channels * bits - 1) + ":" + bits + "]";
        return new PackerView("verilog/packer.v.ftl", s.parts().packer(), s.moduleName(), channels, bits, s.outputPixelBits(),
                countBits, TemplateViews.Counter.of(countBits, channels), w.pooled(), window, windowBits,
                TemplateViews.Counter.of(windowBits, window), signed ? "signed " : "", signed ? "signed" : "unsigned",
                channels == 1 ? "kept" : "{kept, " + upper + "}", channels == 1 ? "in_data" : "{in_data, " + upper + "}");
    }
}
