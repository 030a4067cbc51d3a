package dev.bwn.codegen.c;

import dev.bwn.codegen.GenerationException;
import dev.bwn.codegen.Identifiers;
import dev.bwn.codegen.KindFacts;
import dev.bwn.codegen.LayerWindow;
import dev.bwn.codegen.TemplateEngine;
import dev.bwn.model.LayerInfo;
import dev.bwn.model.Network;
import dev.bwn.model.Requant;
import dev.bwn.model.WeightedLayer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plain floating-point C implementation of the same network, for the benchmark only: weights as {@code +-1.0f},
 * multiply-accumulate in float, the requantization as a float scale and offset, round and clamp. It is what a
 * straightforward float port would cost; it is not bit-exact and is never shipped.
 */
public final class CFloatBaseline {
    private static final int VALUES_PER_LINE = 16;

    private CFloatBaseline() {
    }

    /** One layer as the baseline template prints it; numbers are preformatted C literals. */
    public record Layer(String kind, String index, String inChannels, String inHeight, String inWidth, String outChannels,
                        String outHeight, String outWidth, String kernelHeight, String kernelWidth, String strideY,
                        String strideX, String padY, String padX, String fanIn, List<String> weightLines,
                        List<String> scaleLines, List<String> offsetLines, String outMin, String outMax) {
    }

    private static void refuseGraphs(Network net) {
        for (dev.bwn.model.Layer layer : net.layers()) {
            if (!KindFacts.of(layer).inFloatBaseline()) {
                throw new GenerationException("the float baseline (benchmark only) covers chains of conv2d, dense, maxpool "
                        + "and flatten; layer " + layer.name() + " is " + layer.kind());
            }
        }
        if (!net.isChain()) {
            throw new GenerationException("the float baseline (benchmark only) covers chains; " + net.name() + " is a graph");
        }
    }

    /** Renders {@code PREFIX_float.c}: {@code int PREFIX_float_infer(const uint8_t *input, float *logits)} and a main. */
    public static String generate(Network net, String prefix) {
        refuseGraphs(net);
        List<Layer> layers = new ArrayList<>();
        long largest = net.inputSize();
        for (LayerInfo info : net.plan()) {
            largest = Math.max(largest, info.outputShape().size());
            layers.add(layer(info));
        }
        Map<String, Object> data = Map.of("prefix", prefix, "generator", CLowering.BACKEND, "layers", layers,
                "inputSize", CLiterals.unsigned(net.inputSize()), "classes", CLiterals.unsigned(net.classes()),
                "bufferSize", CLiterals.unsigned(largest), "modelName", Identifiers.commentText(net.name()));
        return TemplateEngine.render("c/float_baseline.c.ftl", data);
    }

    private static Layer layer(LayerInfo info) {
        var in = info.inputShape();
        var out = info.outputShape();
        String kh = "1u", kw = "1u", sy = "1u", sx = "1u", py = "0", px = "0";
        List<String> weights = List.of();
        List<String> scales = List.of();
        List<String> offsets = List.of();
        String outMin = "0.0f";
        String outMax = "0.0f";
        Optional<LayerWindow> window = KindFacts.of(info.layer()).window();
        if (window.isPresent()) {
            LayerWindow w = window.get();
            kh = CLiterals.unsigned(w.kernelHeight());
            kw = CLiterals.unsigned(w.kernelWidth());
            sy = CLiterals.unsigned(w.strideY());
            sx = CLiterals.unsigned(w.strideX());
            py = Integer.toString(w.padY());
            px = Integer.toString(w.padX());
        }
        if (info.layer() instanceof WeightedLayer w) {
            List<String> signs = new ArrayList<>();
            for (int r = 0; r < w.weights().rows(); r++) {
                for (int i = 0; i < w.weights().rowLength(); i++) {
                    signs.add(w.weights().sign(r, i) > 0 ? "1.0f" : "-1.0f");
                }
            }
            weights = CLowering.initializerLines(signs, VALUES_PER_LINE);
            Requant q = w.requant();
            List<String> s = new ArrayList<>();
            List<String> o = new ArrayList<>();
            for (int ch = 0; ch < q.channels(); ch++) {
                double div = Math.pow(2, q.shift(ch));
                s.add(floatLiteral(q.multiplier(ch) / div));
                o.add(floatLiteral(q.bias(ch) / div));
            }
            scales = CLowering.initializerLines(s, VALUES_PER_LINE);
            offsets = CLowering.initializerLines(o, VALUES_PER_LINE);
            outMin = floatLiteral(info.outputType().min());
            outMax = floatLiteral(info.outputType().max());
        }
        return new Layer(info.layer().kind(), Integer.toString(info.index()), CLiterals.unsigned(in.channels()), CLiterals.unsigned(in.height()),
                CLiterals.unsigned(in.width()), CLiterals.unsigned(out.channels()), CLiterals.unsigned(out.height()),
                CLiterals.unsigned(out.width()), kh, kw, sy, sx, py, px, CLiterals.unsigned(Math.max(1, info.fanIn())),
                weights, scales, offsets, outMin, outMax);
    }

    static String floatLiteral(double v) {
        String s = Float.toString((float) v);
        return s.replace("E", "e") + "f";
    }
}
