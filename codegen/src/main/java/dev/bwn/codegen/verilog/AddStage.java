package dev.bwn.codegen.verilog;

import dev.bwn.model.ActivationType;
import dev.bwn.model.Add;
import dev.bwn.model.Shape;
import dev.bwn.model.ValueRange;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@code add} layer in hardware: two pixel streams of the same shape meet. Each input has a one-pixel holding
 * register (its ready depends on nothing but that register, so no valid/ready path runs through the stage); once
 * both hold a pixel and the output register is free, the channels are computed one per cycle through
 * {@link ElementwiseRequant} and shifted into the output register, which is sent as one beat (all channels).
 */
public record AddStage(int layerIndex, String layerName, String moduleName, Shape shape, List<ActivationType> inputTypes,
                       ActivationType outputType, ElementwiseRequant requant) implements StreamElement {

    public AddStage {
        inputTypes = List.copyOf(inputTypes);
    }

    static AddStage of(int layerIndex, Add add, String moduleName, Shape shape, List<ActivationType> inputTypes,
                       ActivationType outputType) {
        ElementwiseRequant rq = new ElementwiseRequant(List.of(ValueRange.of(inputTypes.get(0)), ValueRange.of(inputTypes.get(1))),
                add.inputMultipliers(), add.bias(), add.shift(), outputType);
        return new AddStage(layerIndex, add.name(), moduleName, shape, inputTypes, outputType, rq);
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
        int luts = requant.luts(inputTypes.get(0).bits() + inputTypes.get(1).bits());
        // the holding registers, the output register, the channel counter and the handshake flags
        int flipFlops = inputPixelBits(0) + inputPixelBits(1) + outputPixelBits() + requant.channelBits() + 4;
        return new StageEstimate(pixels, pixels * cyclesPerPixel(), 2, luts, flipFlops, 0, requant.multipliersUsed());
    }

    @Override
    public String summary() {
        return "add \"" + layerName + "\" " + shape.channels() + "x" + shape.height() + "x" + shape.width();
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

    /** The typed data of its template. */
    public record View(String template, String name, String modelName, int channels, boolean serial, List<TemplateViews.Term> terms,
                   TemplateViews.Arithmetic arithmetic, int outputPixelBits) implements TemplateViews.View {
    }

    static View view(AddStage a) {
        ElementwiseRequant rq = a.requant();
        List<TemplateViews.Term> terms = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            ActivationType t = a.inputTypes().get(k);
            terms.add(TemplateViews.term(k, rq, t.bits(), t.signed(), "in" + k, a.inputPixelBits(k)));
        }
        return new View("verilog/add.v.ftl", a.moduleName(), TemplateViews.comment(a.layerName()), a.channels(), a.channels() == 1, terms,
                TemplateViews.arithmetic(rq, terms), a.outputPixelBits());
    }
}
