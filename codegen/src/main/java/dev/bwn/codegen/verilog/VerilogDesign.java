package dev.bwn.codegen.verilog;

import dev.bwn.model.ActivationType;
import dev.bwn.model.Network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network lowered for the Verilog backend: the chain of hardware stages with their folding, the argmax stage, the
 * module and file names, and the estimates. Immutable; {@link VerilogGenerator} renders it and nothing else.
 */
public record VerilogDesign(Network network, Device device, String topModule, List<HardwareStage> stages,
                            String argmaxModule, String argmaxIndexModule, StreamIndex logitIndex, String ramModule, String romModule,
                            String toolVersion) {

    public VerilogDesign {
        stages = List.copyOf(stages);
    }

    public int inputBits() {
        return network.inputType().bits();
    }

    public int classes() {
        return network.classes();
    }

    public ActivationType logitType() {
        return network.logitType();
    }

    public int classBits() {
        return Bits.unsignedBits(classes() - 1);
    }

    /** The distinct dot-product units, one module each. */
    public List<DotProductUnit> dotUnits() {
        Map<String, DotProductUnit> units = new LinkedHashMap<>();
        for (HardwareStage s : stages) {
            if (s instanceof WeightedStage w) {
                units.putIfAbsent(w.dotModuleName(), w.dot());
            }
        }
        return new ArrayList<>(units.values());
    }

    public List<StageEstimate> stageEstimates() {
        return stages.stream().map(HardwareStage::estimate).toList();
    }

    /**
     * Cycles a stage holds one image: while it loads, it receives at most as fast as its producer computes (the
     * network input arrives one element per cycle), then it walks its buffer. Single-buffered stages hand over only
     * after the walk, so the slowest hold sets the rate at which images enter.
     */
    public long holdCycles(int stageIndex) {
        StageEstimate e = stages.get(stageIndex).estimate();
        long producer = stageIndex == 0 ? 0 : stages.get(stageIndex - 1).estimate().computeCycles();
        return Math.max(e.loadCycles(), producer) + e.computeCycles() + e.latencyCycles();
    }

    /** Estimated cycles between the starts of consecutive images in steady state. */
    public long initiationInterval() {
        long ii = 0;
        for (int i = 0; i < stages.size(); i++) {
            ii = Math.max(ii, holdCycles(i));
        }
        return ii;
    }

    /** Estimated cycles from an image's first input beat to its class on the output, the pipeline empty before. */
    public long latencyCycles() {
        long total = 0;
        for (int i = 0; i < stages.size(); i++) {
            StageEstimate e = stages.get(i).estimate();
            total += (i == 0 ? e.loadCycles() : 0) + e.computeCycles() + e.latencyCycles();
        }
        return total + logitIndex.elements() + 2;
    }

    /** Logic of the argmax: a comparator and the logit registers. */
    public StageEstimate argmaxEstimate() {
        int lb = logitType().bits();
        int luts = 2 * lb + classBits() * 2 + logitIndex.addressBits() * 3 + classes() / 2 + 8;
        int ffs = classes() * lb + lb + classBits() + logitIndex.addressBits() * 3 + 4;
        return new StageEstimate(logitIndex.elements(), 0, 1, luts, ffs, 0, 0);
    }

    public StageEstimate total() {
        StageEstimate t = argmaxEstimate();
        for (StageEstimate e : stageEstimates()) {
            t = t.plus(e);
        }
        return t;
    }

    /** Multipliers that do not fit the device's DSP blocks and so become logic (an estimate of their LUTs). */
    public int multiplierLuts() {
        int dspsLeft = device.dsps();
        int luts = 0;
        for (HardwareStage s : stages) {
            if (s instanceof WeightedStage w && !w.requantPlan().multiplierFree()) {
                if (dspsLeft > 0 && w.requantPlan().accumulatorBits() <= 16 && w.requantPlan().multiplierBits() <= 16) {
                    dspsLeft--;
                } else {
                    luts += w.requantPlan().accumulatorBits() * w.requantPlan().multiplierBits();
                }
            }
        }
        return luts;
    }

    public int estimatedLuts() {
        return total().luts() + multiplierLuts();
    }

    public int estimatedBlockRams() {
        return total().blockRams();
    }

    /**
     * Logic cells after packing: a cell holds a LUT and a flip-flop, but about two thirds of the registers (FIFO
     * entries, pipeline and counter registers) find no LUT of their own logic to pair with. The factor is calibrated
     * against nextpnr-ice40 on the MNIST-tiny stand-in (5829 LCs for 4045 LUTs and 2755 flip-flops).
     */
    public int estimatedLogicCells() {
        return Math.max(estimatedLuts() + total().flipFlops() * 65 / 100, total().flipFlops());
    }
}
