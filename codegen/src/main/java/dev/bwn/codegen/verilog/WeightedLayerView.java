package dev.bwn.codegen.verilog;

import java.util.ArrayList;
import java.util.List;

/**
 * The data of {@code weighted_layer.v.ftl}: a conv2d or dense stage's weight ROM, dot-product units, the control
 * pipeline beside them, accumulators, group FIFO and requantizer. {@code wholeInputKernel} marks a layer whose
 * kernel is by definition its whole input (its header explains the fan-in order).
 */
public record WeightedLayerView(String template, String name, StageView stage, boolean wholeInputKernel, int fanIn,
                                int accumulatorBits, boolean padded, int romWidth, int romDepth, int romAddressBits,
                                int romBlock, String weightFile, int channelBits, String dotModule, int dotBits,
                                int dotLatency, int channelPipeBits, int channelPipeLastLow, int dotInputBits,
                                String dotInputZero, String dotPipeZero, String dotValidShift, String dotFirstShift,
                                String dotChannelShift, String dotLastShift, List<Unit> units, String accumulatorConcat,
                                String requantModule, SpramWeights spram, String maskedTaps) implements TemplateViews.View {

    public WeightedLayerView {
        units = List.copyOf(units);
    }

    /**
     * A weight ROM in SPRAM ({@code spram_rom.v.ftl}, null for one in block RAM or logic): its module, its blocks and
     * the load words it takes ({@code loadFirst..loadLast}, Verilog literals of {@code indexBits} bits).
     */
    public record SpramWeights(String module, int columns, int rows, int indexBits, String loadFirst, String loadLast) {
        static SpramWeights of(VerilogDesign design, WeightedStage w) {
            WeightLoad load = design.weightLoad();
            for (WeightLoad.Slot slot : load.slots()) {
                if (slot.stage().moduleName().equals(w.moduleName())) {
                    return new SpramWeights(design.spramRomModule(), slot.columns(), slot.rows(), load.indexBits(),
                            TemplateViews.unsigned(load.indexBits(), slot.base()),
                            TemplateViews.unsigned(load.indexBits(), slot.base() + slot.words() - 1));
                }
            }
            return null;
        }
    }

    /** Dot-product unit {@code index}: its weight bits in the ROM word and its sum extended to the accumulator. */
    public record Unit(int index, int weightLow, int weightHigh, String sumExtended) {
    }

    static WeightedLayerView of(VerilogDesign design, WeightedStage w, StageView stage) {
        DotProductUnit dot = w.dot();
        int dl = dot.latency();
        int ab = w.accumulatorBits();
        int db = dot.outputBits();
        int lanes = w.dotLanes();
        int cb = w.channelBits();
        List<Unit> units = new ArrayList<>();
        for (int p = 0; p < w.fold().pe(); p++) {
            units.add(new Unit(p, p * lanes, p * lanes + lanes - 1, Bits.signExtend("dot_sum_" + p, db, ab)));
        }
        int taps = w.fold().taps();
        int wordBits = w.lines().wordBits();
        String maskedTaps = null;
        if (taps > 1) {
            // tap t's word is read_word[t*wordBits +: wordBits], zeroed when it reads outside the input or the kernel
            StringBuilder sb = new StringBuilder("{");
            for (int t = taps - 1; t >= 0; t--) {
                sb.append("read_in_bounds[").append(t).append("] ? ").append(LineBufferView.slice("read_word", t, wordBits))
                        .append(" : ").append(TemplateViews.unsigned(wordBits, 0)).append(t > 0 ? ", " : "}");
            }
            maskedTaps = sb.toString();
        }
        return new WeightedLayerView("verilog/weighted_layer.v.ftl", w.moduleName(), stage, w.wholeInputKernel(), w.fanIn(), ab,
                stage.walker().padded(), w.romWidth(), w.romDepth(), w.walk().romAddressBits(), w.romInBlockRam() ? 1 : 0,
                VerilogGenerator.weightFile(w), cb, dot.moduleName(), db, dl, dl * cb, (dl - 1) * cb,
                lanes * w.inputType().bits(), TemplateViews.unsigned(lanes * w.inputType().bits(), 0), TemplateViews.unsigned(dl, 0),
                pipeShift("read_valid", "dot_valid_pipe", dl - 1), pipeShift("read_first", "dot_first_pipe", dl - 1),
                pipeShift("read_channel_base", "dot_channel_pipe", (dl - 1) * cb), pipeShift("read_last", "dot_last_pipe", dl - 1),
                units, TemplateViews.concat("accumulator_", w.fold().pe()), w.parts().requant(), SpramWeights.of(design, w), maskedTaps);
    }

    /** The next value of a shift register {@code pipe}: {@code input} shifted in below its {@code keptBits} low bits. */
    private static String pipeShift(String input, String pipe, int keptBits) {
        return keptBits == 0 ? input : "{" + pipe + "[" + (keptBits - 1) + ":0], " + input + "}";
    }
}
