package dev.bwn.codegen.verilog;

import dev.bwn.model.ActivationType;
import dev.bwn.model.GlobalAvgPool;
import dev.bwn.model.RescaledSum;
import dev.bwn.model.Shape;
import dev.bwn.model.ValueRange;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code globalavgpool} layer in hardware: every input pixel (all channels in one beat) is added into one
 * accumulator per channel; after the image's last pixel the stage stops taking input, requantizes the channels one per
 * cycle through {@link ElementwiseRequant} and sends them {@code outputBeatChannels} per beat (all of them, or one
 * per beat into the argmax), then clears the accumulators for the next image.
 */
public record GlobalAvgPoolStage(int layerIndex, String layerName, String moduleName, Shape inputShape,
                                 ActivationType inputType, ActivationType outputType, int outputBeatChannels,
                                 ElementwiseRequant requant) implements StreamElement {

    static GlobalAvgPoolStage of(int layerIndex, GlobalAvgPool gap, String moduleName, Shape inputShape,
                                 ActivationType inputType, int outputBeatChannels) {
        ValueRange acc = GlobalAvgPool.accumulatorRange(inputShape, inputType);
        return new GlobalAvgPoolStage(layerIndex, gap.name(), moduleName, inputShape, inputType, gap.output(),
                outputBeatChannels, ElementwiseRequant.of(List.of(acc), RescaledSum.of(gap.requant()), gap.output()));
    }

    public int channels() {
        return inputShape.channels();
    }

    public long pixels() {
        return (long) inputShape.height() * inputShape.width();
    }

    public int accumulatorBits() {
        return requant.termBits(0);
    }

    public int inputPixelBits() {
        return channels() * inputType.bits();
    }

    public int outputPixelBits() {
        return outputBeatChannels * outputType.bits();
    }

    @Override
    public StageEstimate estimate() {
        int ab = accumulatorBits();
        // per channel an adder and the mux between accumulating and shifting down to the requantizer
        int luts = 2 * channels() * ab + requant.luts(0);
        int flipFlops = channels() * ab + outputPixelBits() + Bits.unsignedBits(pixels()) + requant.channelBits()
                + Bits.unsignedBits(outputBeatChannels) + 2;
        // the pixels stream in; then one cycle per channel and one per beat sent
        long emit = channels() + channels() / outputBeatChannels + 1;
        return new StageEstimate(pixels(), emit, 2, luts, flipFlops, 0, requant.multipliersUsed());
    }

    @Override
    public String summary() {
        return "globalavgpool \"" + layerName + "\" " + channels() + "x" + inputShape.height() + "x" + inputShape.width();
    }

    @Override
    public long lastInputBeat(int input, long beat) {
        return pixels() - 1;
    }

    @Override
    public long outputBeats() {
        return channels() / outputBeatChannels;
    }

    @Override
    public int outputBits() {
        return outputPixelBits();
    }

    @Override
    public StreamGraph.TensorLink tensorLink(int link) {
        return new StreamGraph.TensorLink(link, layerIndex, layerName, outputBeatChannels, channels() / outputBeatChannels, outputType.bits(), false);
    }

    @Override
    public TemplateViews.View templateView() {
        return view(this);
    }

    @Override
    public ElementwiseRequant elementwiseRequant() {
        return requant;
    }

    /** The typed data of its template. */
    public record View(String template, String name, String modelName, int channels, int beatChannels, boolean serialIn,
                   TemplateViews.Term term, int inputBits, int accumulatorBits, List<Integer> channelIndexes, String pixelZero, String pixelOne,
                   String pixelLast, int pixelBits, String beatZero, String beatOne, String beatLast, int beatBits,
                   boolean shiftsOut, TemplateViews.Arithmetic arithmetic, int outputPixelBits,
                   List<String> accumulateLines, List<String> stepLines, String valueSign) implements TemplateViews.View {
    }

    static View view(GlobalAvgPoolStage g) {
        ElementwiseRequant rq = g.requant();
        int ab = g.accumulatorBits();
        TemplateViews.Term t = TemplateViews.term(0, rq, ab, true, "in", g.inputPixelBits());
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
        // while emitting, each accumulator takes the next channel's, so channel 0 is always the one requantized
        List<String> steps = new ArrayList<>();
        for (int c = 0; c + 1 < g.channels(); c++) {
            steps.add("accumulator_" + c + " <= accumulator_" + (c + 1) + ";");
        }
        return new View("verilog/globalavgpool.v.ftl", g.moduleName(), TemplateViews.comment(g.layerName()), g.channels(), beats,
                g.channels() == 1, t, ib, ab, channels, Bits.unsignedLiteral(pb, 0), Bits.unsignedLiteral(pb, g.pixels() > 1 ? 1 : 0),
                Bits.unsignedLiteral(pb, g.pixels() - 1), pb, Bits.unsignedLiteral(bb, 0), Bits.unsignedLiteral(bb, beats > 1 ? 1 : 0),
                Bits.unsignedLiteral(bb, beats - 1), bb, beats > 1, TemplateViews.arithmetic(rq, List.of(t)), g.outputPixelBits(),
                lines, steps, g.inputType().signed() ? "signed" : "unsigned");
    }
}
