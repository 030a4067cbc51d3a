package dev.bwn.codegen.verilog;

import dev.bwn.model.ActivationType;
import dev.bwn.model.ElementwiseLayer;
import dev.bwn.model.Shape;
import dev.bwn.model.ValueRange;

import java.util.ArrayList;
import java.util.List;

/**
 * A kind of the elementwise family ({@code add}) in hardware: one pixel stream per input, all of the same shape,
 * meet. Each input has a one-pixel holding register (its ready depends on nothing but that register, so no
 * valid/ready path runs through the stage); once all hold a pixel and the output register is free, the channels are
 * computed one per cycle through {@link ElementwiseRequant} and shifted into the output register, which is sent as
 * one beat (all channels).
 */
public record ElementwiseStage(int layerIndex, String layerName, String kind, String moduleName, Shape shape,
                               List<ActivationType> inputTypes, ActivationType outputType, ElementwiseRequant requant)
        implements StreamElement {

    public ElementwiseStage {
        inputTypes = List.copyOf(inputTypes);
    }

    static ElementwiseStage of(int layerIndex, ElementwiseLayer layer, String moduleName, Shape shape,
                               List<ActivationType> inputTypes, ActivationType outputType) {
        ElementwiseRequant rq = ElementwiseRequant.of(inputTypes.stream().map(ValueRange::of).toList(), layer.sum(), outputType);
        return new ElementwiseStage(layerIndex, layer.name(), layer.kind(), moduleName, shape, inputTypes, outputType, rq);
    }

    public int inputs() {
        return inputTypes.size();
    }

    public int channels() {
        return shape.channels();
    }

    public int inputPixelBits(int input) {
        return channels() * inputTypes.get(input).bits();
    }

    public int outputPixelBits() {
        return channels() * outputType.bits();
    }

    /** Cycles per pixel: the start, one per channel, and the cycle the output register is seen full. */
    public int cyclesPerPixel() {
        return channels() + 2;
    }

    @Override
    public StageEstimate estimate() {
        long pixels = (long) shape.height() * shape.width();
        int laneBits = 0;
        int flipFlops = outputPixelBits() + requant.channelBits();
        for (int k = 0; k < inputs(); k++) {
            laneBits += inputTypes.get(k).bits();
            flipFlops += inputPixelBits(k);
        }
        // besides the holding registers, the output register and the channel counter: a held flag per input, busy and full
        flipFlops += inputs() + 2;
        return new StageEstimate(pixels, pixels * cyclesPerPixel(), 2, requant.luts(laneBits), flipFlops, 0,
                requant.multipliersUsed());
    }

    @Override
    public String summary() {
        return kind + " \"" + layerName + "\" " + shape.channels() + "x" + shape.height() + "x" + shape.width();
    }

    @Override
    public long lastInputBeat(int input, long beat) {
        return beat;
    }

    @Override
    public long outputBeats() {
        return (long) shape.height() * shape.width();
    }

    @Override
    public int outputBits() {
        return outputPixelBits();
    }

    @Override
    public StreamGraph.TensorLink tensorLink(int link) {
        return new StreamGraph.TensorLink(link, layerIndex, layerName, channels(), shape.height() * shape.width(), outputType.bits(), false);
    }

    @Override
    public TemplateViews.View templateView() {
        return view(this);
    }

    @Override
    public ElementwiseRequant elementwiseRequant() {
        return requant;
    }

    /**
     * The typed data of its template ({@code add.v.ftl}, named after the family's first kind: the name is stamped
     * into every generated module). {@code streams}: what comes in and goes out, for the header line;
     * {@code holding} and {@code whenHeld}: how the header comment speaks of the inputs' registers; {@code formula}:
     * the products of the sum; {@code allHeld}: the condition that every input holds a pixel.
     */
    public record View(String template, String name, String kind, String modelName, String streams, String holding,
                       String whenHeld, String formula, String allHeld, int channels, boolean serial,
                       List<TemplateViews.Term> terms, TemplateViews.Arithmetic arithmetic, int outputPixelBits)
            implements TemplateViews.View {
    }

    static View view(ElementwiseStage e) {
        ElementwiseRequant rq = e.requant();
        List<TemplateViews.Term> terms = new ArrayList<>();
        List<String> products = new ArrayList<>();
        List<String> held = new ArrayList<>();
        for (int k = 0; k < e.inputs(); k++) {
            ActivationType t = e.inputTypes().get(k);
            terms.add(TemplateViews.term(k, rq, t.bits(), t.signed(), StreamGraph.Port.input(e.inputs(), k), e.inputPixelBits(k)));
            products.add("x" + k + "*m" + k + "[c]");
            held.add("held_" + k);
        }
        int n = e.inputs();
        String streams = n == 1 ? "one pixel stream in, rescaled"
                : (n == 2 ? "two" : Integer.toString(n)) + " pixel streams in, their rescaled sum out";
        String holding = n == 1 ? "The input has" : "Each input has";
        String whenHeld = n == 1 ? "When it holds" : n == 2 ? "When both hold" : "When all hold";
        return new View("verilog/add.v.ftl", e.moduleName(), e.kind(), TemplateViews.comment(e.layerName()), streams, holding,
                whenHeld, String.join(" + ", products), String.join(" && ", held), e.channels(), e.channels() == 1, terms,
                TemplateViews.arithmetic(rq, terms), e.outputPixelBits());
    }
}
