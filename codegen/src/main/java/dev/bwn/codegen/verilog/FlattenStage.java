package dev.bwn.codegen.verilog;

import dev.bwn.model.ActivationType;
import dev.bwn.model.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code flatten} whose vector an element reads as one value per channel of a single pixel (an add, a global pool):
 * the image arrives one pixel per beat (channel c at [bits*c +: bits]); each channel's plane shifts in pixel by pixel,
 * and after the last pixel the whole vector leaves as one beat in CHW order (value c*H*W + p at
 * [bits*(c*H*W + p) +: bits]). A flatten read only by dense layers needs no hardware: they walk the unflattened view.
 */
public record FlattenStage(int layerIndex, String layerName, String moduleName, Shape inputShape, ActivationType type)
        implements StreamElement {

    public long pixels() {
        return (long) inputShape.height() * inputShape.width();
    }

    public int inputPixelBits() {
        return inputShape.channels() * type.bits();
    }

    @Override
    public int outputBits() {
        return inputShape.size() * type.bits();
    }

    @Override
    public StageEstimate estimate() {
        int counter = Bits.unsignedBits(pixels() - 1);
        // the planes are enabled shift registers (no LUT in front of a flip-flop); the pixel counter and the handshake
        int luts = 2 * counter + 4;
        int flipFlops = outputBits() + counter + 1;
        return new StageEstimate(pixels(), 1, 1, luts, flipFlops, 0, 0);
    }

    @Override
    public String summary() {
        return "flatten \"" + layerName + "\" " + inputShape.channels() + "x" + inputShape.height() + "x" + inputShape.width()
                + " into one beat";
    }

    @Override
    public long lastInputBeat(int input, long beat) {
        return pixels() - 1;
    }

    @Override
    public long outputBeats() {
        return 1;
    }

    @Override
    public StreamGraph.TensorLink tensorLink(int link) {
        return new StreamGraph.TensorLink(link, layerIndex, layerName, inputShape.size(), 1, type.bits(), false);
    }

    @Override
    public TemplateViews.View templateView() {
        return view(this);
    }

    /** The typed data of its template. */
    public record View(String template, String name, String modelName, int channels, int pixels, int bits, int inputPixelBits,
                       int outputBits, boolean shifts, int planeBits, List<String> planeLines, String planes, int countBits,
                       String countZero, String countOne, String countLast) implements TemplateViews.View {
    }

    static View view(FlattenStage f) {
        int bits = f.type().bits();
        int pixels = Math.toIntExact(f.pixels());
        int planeBits = pixels * bits;
        List<String> lines = new ArrayList<>();
        List<String> planes = new ArrayList<>();
        for (int c = 0; c < f.inputShape().channels(); c++) {
            String in = "in_data[" + ((c + 1) * bits - 1) + ":" + (c * bits) + "]";
            lines.add("plane_" + c + " <= " + (pixels == 1 ? in : "{" + in + ", plane_" + c + "[" + (planeBits - 1) + ":" + bits + "]}") + ";");
            planes.add(0, "plane_" + c);
        }
        int cb = Bits.unsignedBits(pixels - 1);
        return new View("verilog/flatten.v.ftl", f.moduleName(), TemplateViews.comment(f.layerName()), f.inputShape().channels(), pixels, bits,
                f.inputPixelBits(), f.outputBits(), pixels > 1, planeBits, lines,
                planes.size() == 1 ? planes.get(0) : "{" + String.join(", ", planes) + "}", cb, Bits.unsignedLiteral(cb, 0),
                Bits.unsignedLiteral(cb, pixels > 1 ? 1 : 0), Bits.unsignedLiteral(cb, pixels - 1));
    }
}
