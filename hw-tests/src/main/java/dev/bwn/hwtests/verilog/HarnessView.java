package dev.bwn.hwtests.verilog;

import dev.bwn.model.vectors.TestVectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The template data of a Verilator batch: the wrapper ({@code harness/batch_top.v.ftl}) and its driver
 * ({@code harness/testbench.cpp.ftl}) read this one record, so the ports one declares are the ports the other drives.
 * Everything the templates print is computed here.
 *
 * @param name the wrapper's top module (the Verilator model is {@code V<name>})
 * @param tool what the generated files name as their generator
 * @param passLine what the testbench prints only after every vector of every design matched
 */
public record HarnessView(String name, String tool, String passLine, List<DesignPorts> designs) {
    public HarnessView {
        designs = List.copyOf(designs);
    }

    /**
     * Design number {@code index} of the batch: its top module, the widths of its ports ({@code logitBusBits} is all
     * logits side by side), its vector layout, the layer streams it taps and, when its weights are in SPRAM, the flash
     * image the wrapper's flash model serves ({@code flashImage} and {@code flashOffset} are null without).
     */
    public record DesignPorts(int index, String top, int inputSize, int inputBits, int inputChannels, boolean inputVector,
                              int inputElementBits, int classes, int classBits, int logitBits, int logitBusBits,
                              List<TapPorts> taps, boolean flash, String flashImage, String flashOffset) {
        public DesignPorts {
            taps = List.copyOf(taps);
        }
    }

    /**
     * Tap {@code index} of a design: the stream {@code wire} of model layer {@code layer} ({@code name}), compared with
     * the reference's per-layer {@code file}; {@code msb} is the top bit of its data bus.
     */
    public record TapPorts(int index, String wire, int layer, String name, String file, int elements, int pixels,
                           int channels, boolean vector, int bits, int msb) {
    }

    /** The batch of {@code designs}; with {@code taps}, every layer stream the designs describe is tapped. */
    static HarnessView of(String name, String tool, String passLine, List<DesignSummary> designs, boolean taps) {
        List<DesignPorts> ports = new ArrayList<>();
        for (int i = 0; i < designs.size(); i++) {
            DesignSummary d = designs.get(i);
            List<TapPorts> tapPorts = new ArrayList<>();
            for (int t = 0; taps && t < d.taps().size(); t++) {
                DesignSummary.Tap tap = d.taps().get(t);
                tapPorts.add(new TapPorts(t, tap.wire(), tap.layer(), tap.name(), TestVectors.layerFile(tap.layer()),
                        tap.elements(), tap.pixels(), tap.channels(), tap.vector(), tap.bits(), tap.channels() * tap.bits() - 1));
            }
            DesignSummary.FlashLoad flash = d.flash();
            ports.add(new DesignPorts(i, d.top(), d.inputSize(), d.inputBits(), d.inputChannels(), d.inputVector(),
                    d.inputElementBits(), d.classes(), d.classBits(), d.logitBits(), d.logitBits() * d.classes(), tapPorts,
                    flash != null, flash == null ? null : flash.image(),
                    flash == null ? null : String.format(Locale.ROOT, "24'h%06X", flash.offset())));
        }
        return new HarnessView(name, tool, passLine, ports);
    }
}
