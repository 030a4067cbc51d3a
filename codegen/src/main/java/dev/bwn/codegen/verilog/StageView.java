package dev.bwn.codegen.verilog;

import java.util.List;

/**
 * What the layer module of every line-buffer stage shows, whatever its datapath ({@code stage.ftl} and the
 * descriptions of {@code weighted_layer.v.ftl} and {@code maxpool.v.ftl}): its names, shapes, types, folding, the
 * widths of its line buffer's ports, the modules of its parts, and its walker (whose ports it instantiates).
 */
public record StageView(String name, String modelName, int index, String kind, String fold, int pe, int simd,
                        String inputShape, String viewShape, String outputShape, boolean fusedPool, String poolName,
                        int poolHeight, int poolWidth, String inputType, String outputType, int inputBits,
                        int outputBits, int inputPixelBits, int outputPixelBits, int outputBeatChannels,
                        boolean outputAsRow, int ringRows, int wordBits, int bufferAddressBits, int filledBits,
                        int releaseBits, int stepsPerPixel, List<TemplateViews.BitRange> lanes, String linesModule,
                        String walkerModule, String fifoModule, String packerModule, String romModule,
                        WindowWalkerView walker, int readWordBits) {

    public StageView {
        lanes = List.copyOf(lanes);
    }

    static StageView of(VerilogDesign d, HardwareStage s, WindowWalkerView walker) {
        LineBuffer lb = s.lines();
        return new StageView(s.moduleName(), TemplateViews.comment(s.layerName()), s.layerIndex(), s.kind(), s.fold().toString(),
                s.fold().pe(), s.fold().simd(), TemplateViews.shape(d.network().plan().get(s.layerIndex()).inputShape()),
                TemplateViews.shape(s.geometry().input()),
                TemplateViews.shape(d.network().plan().get(s.outputLayerIndex()).outputShape()), s.walk().pooled(),
                TemplateViews.comment(s.outputLayerName()), s.walk().poolHeight(), s.walk().poolWidth(), s.inputType().label(),
                s.outputType().label(), s.inputType().bits(), s.outputType().bits(), lb.pixelBits(), s.outputPixelBits(),
                s.outputBeatChannels(), s.vectorOutput() || s.outputBeatChannels() != s.geometry().outChannels(), lb.rows(),
                lb.wordBits(), lb.addressBits(), lb.filledBits(), lb.releaseBits(), s.walk().stepsPerPixel(),
                TemplateViews.BitRange.fields(lb.lanes(), s.inputType().bits()), s.parts().lines(), s.parts().walker(),
                s.parts().fifo(), s.parts().packer(), d.romModule(), walker, lb.readPorts() * lb.wordBits());
    }
}
