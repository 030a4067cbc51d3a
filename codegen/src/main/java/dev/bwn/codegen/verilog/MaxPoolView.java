package dev.bwn.codegen.verilog;

/** The data of {@code maxpool.v.ftl}: a max-pool stage's window, comparison and lanes of running maxima. */
public record MaxPoolView(String template, String name, StageView stage, int kernelHeight, int kernelWidth, int strideY,
                          int strideX, String comparison, String signedKeyword, String maximumConcat)
        implements TemplateViews.View {

    static MaxPoolView of(MaxPoolStage p, StageView stage) {
        StageGeometry g = p.geometry();
        boolean signed = p.inputType().signed();
        return new MaxPoolView("verilog/maxpool.v.ftl", p.moduleName(), stage, g.kernelHeight(), g.kernelWidth(), g.strideY(),
                g.strideX(), signed ? "signed" : "unsigned", signed ? "signed " : "", TemplateViews.concat("maximum_", p.lanes()));
    }
}
