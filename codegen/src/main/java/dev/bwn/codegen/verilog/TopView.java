package dev.bwn.codegen.verilog;

import dev.bwn.codegen.Identifiers;

import java.util.ArrayList;
import java.util.List;

/**
 * The data of {@code top.v.ftl} (and the port facts of {@code README.md.ftl} and {@code design.txt.ftl}): the top
 * module's ports, its links, one instance per stream element with its ports wired to links, and the harness taps.
 */
public record TopView(String template, String name, String modelName, String inputType, String inputShape, int inputBits,
                      int inputChannels, boolean inputAsRow, String regenerateFlags, String inputOrder, long inputSize,
                      int inputElementBits, int classes, int classBits, int logitBits, String logitType,
                      int logitBusBits, int pins, String argmaxModule, int outputLink, List<Link> links,
                      List<Instance> stages, List<Tap> taps, Load load) implements TemplateViews.View {

    public TopView {
        links = List.copyOf(links);
        stages = List.copyOf(stages);
        taps = List.copyOf(taps);
    }

    /** Wire bundle {@code link<index>} of {@code bits} data bits. */
    public record Link(int index, int bits) {
    }

    /**
     * The flash loader of a design with weights in SPRAM ({@code flash_loader.v.ftl}; null without): its module, the
     * default flash offset, the load's word index width and last index (Verilog literals), words, start delay, the
     * wake-up delay, the image's CRC-16 (a Verilog literal and as hex for the README) and the cycles the
     * load takes.
     */
    public record Load(String module, String flashOffset, int indexBits, String lastIndex, long words, int startDelay,
                       long cycles, String flashOffsetHex, int wakeDelay, String imageCrc,
                       String imageCrcHex) {
        static Load of(VerilogDesign d) {
            WeightLoad w = d.weightLoad();
            if (w.isEmpty()) {
                return null;
            }
            int crc = w.imageCrc();
            return new Load(d.flashLoaderModule(), TemplateViews.unsigned(24, WeightLoad.DEFAULT_FLASH_OFFSET), w.indexBits(),
                    TemplateViews.unsigned(w.indexBits(), w.words() - 1), w.words(), WeightLoad.START_DELAY_CYCLES,
                    w.loadCycles(), String.format(java.util.Locale.ROOT, "0x%06X", WeightLoad.DEFAULT_FLASH_OFFSET),
                    WeightLoad.WAKE_DELAY_CYCLES,
                    "16'h" + Bits.hex(crc, 16).toUpperCase(java.util.Locale.ROOT),
                    "0x" + Bits.hex(crc, 16).toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** An element's instance; {@code summary} is comment-safe; {@code loadsWeights}: its weights are in SPRAM. */
    public record Instance(String module, String instance, List<StreamGraph.Port> ports, String summary, boolean loadsWeights) {
        public Instance {
            ports = List.copyOf(ports);
        }
    }

    /**
     * A harness tap: the top's wire bundle ({@code link}) that carries a stage's output stream (one output pixel per
     * beat, all channels side by side), the model layer it computes and its shape, from which the harness finds each
     * value's index in the reference's CHW layer file.
     */
    public record Tap(String link, int layer, int channels, int pixels, int bits, String order, String name) {
    }

    /** clk, rst, in_valid, in_ready, out_valid, out_ready and the three buses. */
    private static int streamingTopPins(VerilogDesign d) {
        return 6 + d.inputPixelBits() + d.classBits() + d.logitType().bits() * d.classes();
    }

    static TopView of(VerilogDesign d) {
        boolean inputAsRow = d.inputAsVector();
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < d.graph().linkBits().size(); i++) {
            links.add(new Link(i, d.graph().linkBits().get(i)));
        }
        List<Instance> stages = new ArrayList<>();
        for (StreamGraph.Wired w : d.graph().elements()) {
            StreamElement e = w.element();
            stages.add(new Instance(e.moduleName(), "u_" + e.moduleName().substring(d.topModule().length() + 1), w.ports(),
                    Identifiers.commentText(e.summary()), e instanceof WeightedStage ws && ws.weightsInSpram()));
        }
        List<Tap> taps = new ArrayList<>();
        for (StreamGraph.TensorLink l : d.graph().tensorLinks()) {
            taps.add(new Tap("link" + l.link(), l.layer(), l.beatChannels(), l.beats(), l.bits(), l.vectorOrder() ? "vector" : "chw",
                    Identifiers.sanitize(l.layerName())));
        }
        return new TopView("verilog/top.v.ftl", d.topModule(), TemplateViews.comment(d.network().name()),
                d.network().inputType().label(), TemplateViews.shape(d.network().inputShape()), d.inputPixelBits(),
                d.inputBeatChannels(), inputAsRow, d.fusePools() ? "" : " --no-fuse", inputAsRow ? "vector" : "chw", d.network().inputSize(),
                d.inputBits(), d.classes(), d.classBits(), d.logitType().bits(), d.logitType().label(),
                d.logitType().bits() * d.classes(), streamingTopPins(d), d.argmaxModule(), d.graph().outputLink(), links, stages, taps, Load.of(d));
    }
}
