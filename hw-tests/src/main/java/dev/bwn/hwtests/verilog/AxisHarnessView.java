package dev.bwn.hwtests.verilog;

import java.util.ArrayList;
import java.util.List;

/**
 * The template data of a Verilator batch of AXI4-Stream wrappers: the wrapper ({@code harness/axis_batch_top.v.ftl})
 * and its driver ({@code harness/axis_testbench.cpp.ftl}) read this one record. Everything they print is computed here.
 *
 * @param name the wrapper's top module (the Verilator model is {@code V<name>})
 * @param tool what the generated files name as their generator
 * @param passLine what the testbench prints only after every vector of every design matched
 */
public record AxisHarnessView(String name, String tool, String passLine, List<AxisPorts> designs) {
    public AxisHarnessView {
        designs = List.copyOf(designs);
    }

    /**
     * Design number {@code index}: its AXI4-Stream top {@code axisTop} (around core {@code top}); an input packet of
     * {@code beatsPerImage} beats of {@code inputTdataBits} ({@code inputTdataBytes}) carrying {@code inputChannels}
     * values of {@code inputElementBits} bits, each in {@code valueBytes} bytes; a result packet of
     * {@code resultTdataBits}-bit beats, the class alone or followed by the logits ({@code withLogits}).
     */
    public record AxisPorts(int index, String top, String axisTop, int inputSize, int inputChannels, boolean inputVector,
                            int inputElementBits, int valueBytes, int inputTdataBits, int inputTdataBytes,
                            int beatsPerImage, int classes, int resultTdataBits, boolean withLogits) {
    }

    static AxisHarnessView of(String name, String tool, String passLine, List<AxisStreamRunner.AxisSummary> designs) {
        List<AxisPorts> ports = new ArrayList<>();
        for (int i = 0; i < designs.size(); i++) {
            AxisStreamRunner.AxisSummary a = designs.get(i);
            DesignSummary d = a.core();
            ports.add(new AxisPorts(i, d.top(), a.axisTop(), d.inputSize(), d.inputChannels(), d.inputVector(),
                    d.inputElementBits(), a.valueBytes(), a.inputTdataBits(), a.inputTdataBits() / 8, a.beatsPerImage(),
                    d.classes(), a.resultTdataBits(), a.resultBeats() > 1));
        }
        return new AxisHarnessView(name, tool, passLine, ports);
    }
}
