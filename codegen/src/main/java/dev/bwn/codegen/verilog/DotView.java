package dev.bwn.codegen.verilog;

import java.util.List;

/** The data of {@code dot.v.ftl}: a dot-product unit's adder tree, level by level (also the benchmark's baseline units). */
public record DotView(String template, String name, int lanes, boolean paired, String inputType, int registerEvery, int latency,
                      int outputBits, int xBits, List<DotProductUnit.Node> preAdders, List<List<DotProductUnit.Node>> levels,
                      String root) implements TemplateViews.View {

    public DotView {
        preAdders = List.copyOf(preAdders);
        levels = levels.stream().map(List::copyOf).toList();
    }

    public static DotView of(DotProductUnit dot) {
        return new DotView("verilog/dot.v.ftl", dot.moduleName(), dot.lanes(), dot.paired(), dot.inputType().label(), dot.registerEvery(),
                dot.latency(), dot.outputBits(), dot.lanes() * dot.inputType().bits(), dot.preAdders(), dot.levels(),
                dot.root().name());
    }
}
