package dev.bwn.codegen.verilog;

import dev.bwn.model.ActivationType;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The layer-sequential engine as one element of a design's top (docs/SEQUENTIAL.md): it takes the input stream and
 * sends the logits one per beat into the argmax, running {@link SequentialProgram} in between. Its constants live in
 * SPRAM loaded from flash ({@link WeightLoad}) when {@code constantsInSpram}, else in a {@code $readmemh} ROM; its
 * activations in SPRAM blocks alongside, else in block RAM.
 *
 * @param outputLayer the model layer whose tensor is the network output (what the harness compares the stream with)
 */
public record SequentialEngine(String moduleName, SequentialProgram program, Device device, int outputLayer,
                               String outputLayerName, int classes, String romModule, String ramModule,
                               String spramRomModule, boolean constantsInSpram) implements StreamElement, WeightLoad.SpramContents {

    /** The calibration of {@link #estimate()}'s sums of parts against yosys. */
    static final int LUT_SCALE_PERCENT = 140;
    static final int FLIP_FLOP_SCALE_PERCENT = 80;

    public ActivationType logitType() {
        return program.outputType();
    }

    /**
     * SB_SPRAM256KA rows of the activations, else 0: block RAM. They go to SPRAM with the constants: a design without
     * the flash load uses no SPRAM at all (and simulators need no SPRAM model for it).
     */
    public int activationRows() {
        return constantsInSpram ? Sprams.rows(program.activationWords()) : 0;
    }

    public int constantWords() {
        return Math.max(1, program.constants().size());
    }

    public String constantFile() {
        return moduleName + "_constants.hex";
    }

    @Override
    public int romWidth() {
        return SequentialProgram.WORD_BITS;
    }

    @Override
    public int romDepth() {
        return constantWords();
    }

    @Override
    public List<BigInteger> romWords() {
        List<BigInteger> words = new ArrayList<>();
        program.constants().forEach(w -> words.add(BigInteger.valueOf(w)));
        if (words.isEmpty()) {
            words.add(BigInteger.ZERO);
        }
        return words;
    }

    @Override
    public Optional<WeightLoad.SpramContents> spramWeights() {
        return constantsInSpram() ? Optional.of(this) : Optional.empty();
    }

    @Override
    public Map<String, List<String>> memoryImages() {
        if (constantsInSpram()) {
            return Map.of();
        }
        return Map.of(constantFile(), romWords().stream().map(w -> Bits.hex(w.longValue(), SequentialProgram.WORD_BITS)).toList());
    }

    @Override
    public List<Integer> multiplierOperandBits() {
        return List.of(program.accumulatorBits());
    }

    /**
     * Logic of the engine, counted from its parts: each lane's accumulator adds and selects among clearing, adding and
     * shifting down; the sum register adds; the shifter is a barrel of 6 levels; the clamp compares twice; the loop
     * counters and address registers add and compare; the program is a case table of its fields. The sums are scaled
     * to yosys 0.23 ({@code synth_ice40 -dsp}) on mnist-resnet8's design (docs/BENCHMARKS.md): 3,191 LUTs and 1,526
     * flip-flops for the whole network where the parts summed to 2,345 and 1,794, the engine's share about 2,950 LUTs
     * and 1,080 flip-flops against 2,098 and 1,314.
     */
    @Override
    public StageEstimate estimate() {
        SequentialEngineView.Widths w = SequentialEngineView.widths(this);
        int ab = program.accumulatorBits();
        int sb = program.sumBits();
        int lanesLuts = program.lanes() * ab * 2;
        int arithmeticLuts = 2 * sb + sb * 6 / 2 + 2 * w.clampBits() + ab;
        int addressLuts = 14 * w.addressBits() + 4 * w.activationAddressBits() + 3 * w.constantAddressBits();
        int programLuts = Math.max(1, program.ops().size() * w.fieldBits() / 8);
        int controlLuts = 120 + w.counterBits() * 2;
        int luts = (lanesLuts + arithmeticLuts + addressLuts + programLuts + controlLuts) * LUT_SCALE_PERCENT / 100;
        int flipFlops = program.lanes() * ab + w.fieldBits() + 11 * w.addressBits() + 6 * w.activationAddressBits()
                + 3 * w.constantAddressBits() + 2 * sb + ab + 16 + w.clampBits() + 2 * ab + 32 + program.offsetWords() * 16
                + w.counterBits() + program.inputBeatValues() * program.inputType().bits() + 16;
        flipFlops = flipFlops * FLIP_FLOP_SCALE_PERCENT / 100;
        int blockRams = BlockRams.inBlockRam(program.inputType().bits(), program.inputShape().size())
                ? BlockRams.blocks(program.inputType().bits(), program.inputShape().size()) : 0;
        int sprams = 0;
        if (constantsInSpram()) {
            sprams += Sprams.rows(constantWords());
        } else {
            blockRams += BlockRams.blocks(SequentialProgram.WORD_BITS, constantWords());
        }
        if (activationRows() > 0) {
            sprams += activationRows();
        } else {
            blockRams += BlockRams.blocks(SequentialProgram.WORD_BITS, program.activationWords());
        }
        // the next image fills the input buffer while this one runs: "write" is the receive, "compute" the interval
        return new StageEstimate(program.receiveCycles(), program.cyclesPerImage(), 4, luts, flipFlops, blockRams, 1, sprams);
    }

    @Override
    public String summary() {
        return "layer-sequential engine: " + figures();
    }

    /** Its size in a few words: ops, lanes, memory words. */
    public String figures() {
        return program.ops().size() + " ops, " + program.lanes() + " lanes, " + program.activationWords()
                + " activation words, " + program.constants().size() + " constant words";
    }

    @Override
    public long lastInputBeat(int input, long beat) {
        return program.inputBeats() - 1L;
    }

    @Override
    public int outputBits() {
        return logitType().bits();
    }

    @Override
    public StreamGraph.TensorLink tensorLink(int link) {
        return new StreamGraph.TensorLink(link, outputLayer, outputLayerName, 1, classes, logitType().bits(), true);
    }

    /** Its module's data needs the design's weight load (where its constants sit in the flash image). */
    @Override
    public TemplateViews.View templateView() {
        throw new IllegalStateException("internal: the sequential engine's view needs its design");
    }

    @Override
    public TemplateViews.View templateView(VerilogDesign design) {
        return SequentialEngineView.of(this, design.weightLoad());
    }

    @Override
    public long outputBeats() {
        return classes;
    }
}
