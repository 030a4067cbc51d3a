package dev.bwn.codegen.verilog;

import dev.bwn.codegen.GenerationException;
import dev.bwn.model.ActivationType;
import dev.bwn.model.LayerInfo;
import dev.bwn.model.Network;
import dev.bwn.model.RescaledSum;
import dev.bwn.model.Shape;
import dev.bwn.model.WeightedLayer;

import java.util.ArrayList;
import java.util.List;

/**
 * A network lowered once for the layer-sequential engine (docs/SEQUENTIAL.md): one {@link SequentialOp} per layer
 * that computes (flatten is its input's memory), the tensors placed in one activation memory of 16-bit words by
 * liveness, and the constant memory of 16-bit words: every requantized channel's constants ({@link #paramWords()}
 * words each: multiplier 0, multiplier 1, {@code bias + round} in {@link #offsetWords()} pieces least significant first,
 * shift), then the weights of each conv2d/dense, per group of {@link #lanes()} output channels, one word per fan-in
 * index with bit p the sign of channel {@code g*lanes + p} (1 = +1).
 *
 * @param inputBase where the input tensor starts; the input arrives a pixel per beat, all channels side by side
 */
public record SequentialProgram(List<SequentialOp> ops, int lanes, int activationWords, List<Integer> constants,
                                int offsetWords, int accumulatorBits, int sumBits, int inputBase, Shape inputShape,
                                ActivationType inputType, ActivationType outputType) {
    /** Bits of an activation-memory word and of a constant-memory word. */
    public static final int WORD_BITS = 16;
    /** The most output channels one pass of the inner loop computes (accumulators side by side). */
    public static final int MAX_LANES = 16;
    /** Engine cycles besides the loops: an op's fetch and start; a group's setup and drain; the multiply, add, shift, clamp and store of a value. */
    static final int FETCH_CYCLES = 2;
    static final int GROUP_OVERHEAD_CYCLES = 2;
    static final int REQUANT_CYCLES = 5;
    /** add: two reads, both multiplies and sums, shift, clamp and store, besides reading the channel's constants. */
    static final int ADD_CYCLES = 8;
    /** Between seeing an image in the buffer and the first fetch, besides a cycle per value copied. */
    static final int COPY_OVERHEAD_CYCLES = 2;
    /** Between a buffer's last value and the engine seeing the image there. */
    static final int RECEIVE_OVERHEAD_CYCLES = 2;
    /** maxpool: take the maximum, store it. */
    static final int MAXIMUM_VALUE_CYCLES = 2;

    public SequentialProgram {
        ops = List.copyOf(ops);
        constants = List.copyOf(constants);
    }

    /** Words of one requantized channel's constants. */
    public int paramWords() {
        return 3 + offsetWords;
    }

    /** Values per input beat: the input's channels (a flat input arrives one value per beat). */
    public int inputBeatValues() {
        return inputShape.isFlat() ? 1 : inputShape.channels();
    }

    /** Input beats per image. */
    public int inputBeats() {
        return inputShape.size() / inputBeatValues();
    }

    /** Between two values of one beat in memory (a channel plane). */
    public int inputBeatStride() {
        return inputShape.isFlat() ? 1 : inputShape.height() * inputShape.width();
    }

    /** Cycles to take one image into the input buffer: a cycle per value (a beat's first value as it is taken). */
    public long receiveCycles() {
        return (long) inputBeats() * inputBeatValues();
    }

    /** Cycles to copy an image from the input buffer into the activation memory, from seeing it to the first op. */
    public long copyCycles() {
        return inputShape.size() + COPY_OVERHEAD_CYCLES;
    }

    /**
     * Cycles between images in steady state, counted over the same loops as the RTL, with no gaps on the input and no
     * back-pressure on the output: the copy, then the ops while the next image arrives in the buffer (the slower of the
     * two sets the pace; the buffer takes the next image only after the copy).
     */
    public long cyclesPerImage() {
        return copyCycles() + Math.max(opCycles(), receiveCycles() + RECEIVE_OVERHEAD_CYCLES);
    }

    /** Cycles of the program's ops, from the first fetch to the last value sent. */
    public long opCycles() {
        return ops.stream().mapToLong(this::opCycles).sum();
    }

    /** Cycles of one op, its fetch included. */
    public long opCycles(SequentialOp op) {
        // a value's constants are read while the one before it is requantized: one value per max(arithmetic, reads)
        long perValue = switch (op.kind()) {
            case MAXIMUM -> MAXIMUM_VALUE_CYCLES;
            case ADD -> paramWords() + ADD_CYCLES;
            case CONVOLVE, SUM -> Math.max(REQUANT_CYCLES, paramWords() + 1);
        };
        // per group: its setup, reads and drain; the first value waits for its constants in full
        long perGroup = switch (op.kind()) {
            case MAXIMUM -> GROUP_OVERHEAD_CYCLES + op.innerSteps();
            case ADD -> 0;
            case CONVOLVE, SUM -> GROUP_OVERHEAD_CYCLES + op.innerSteps() + paramWords() + REQUANT_CYCLES - perValue;
        };
        return FETCH_CYCLES + op.pixels() * op.groups() * perGroup + op.values() * perValue;
    }

    /**
     * Lowers {@code net}. Throws {@link GenerationException}, naming the layer, for what the engine cannot run: a stored
     * tensor of more than 16 bits, or a last layer whose values it cannot send in the order of the flat output.
     */
    public static SequentialProgram lower(Network net) {
        List<LayerInfo> plan = net.plan();
        int tensors = plan.size() + 1;
        // a flatten's tensor is its input's memory: root[t] is the tensor that owns t's words
        int[] root = new int[tensors];
        for (int t = 0; t < tensors; t++) {
            root[t] = t == 0 ? 0 : plan.get(t - 1).layer().aliasesInput() ? root[plan.get(t - 1).inputTensors().get(0)] : t;
        }
        int output = root[tensors - 1];
        if (output == 0) {
            throw new GenerationException("layer \"" + plan.get(plan.size() - 1).layer().name()
                    + "\": the sequential engine needs a last layer that computes (conv2d, dense, add or globalavgpool)");
        }
        LayerInfo last = plan.get(output - 1);
        Shape lastShape = last.outputShape();
        boolean flatOrder = last.layer().accept(new SequentialOps.FlatOrder(lastShape));
        if (!flatOrder) {
            throw new GenerationException("layer \"" + last.layer().name() + "\": the sequential engine sends the network output "
                    + "in the order it computes it; a " + last.layer().kind() + " with " + lastShape
                    + " outputs as the last layer is not supported (end with dense, add or globalavgpool)");
        }
        // liveness: a tensor lives from the op that writes it to its last reader (through flattens)
        int[] start = new int[tensors];
        int[] end = new int[tensors];
        for (int t = 0; t < tensors; t++) {
            start[t] = t - 1;
            end[t] = t - 1;
        }
        for (LayerInfo info : plan) {
            for (int in : info.inputTensors()) {
                end[root[in]] = Math.max(end[root[in]], info.index());
            }
        }
        int[] base = new int[tensors];
        List<int[]> placed = new ArrayList<>();
        int words = 0;
        for (int t = 0; t < tensors; t++) {
            if (root[t] != t || t == output) {
                continue;
            }
            Shape shape = t == 0 ? net.inputShape() : plan.get(t - 1).outputShape();
            ActivationType type = t == 0 ? net.inputType() : plan.get(t - 1).outputType();
            if (type.bits() > WORD_BITS) {
                throw new GenerationException("layer \"" + plan.get(t - 1).layer().name() + "\": the sequential engine keeps "
                        + "activations of at most " + WORD_BITS + " bits, its output is " + type.label());
            }
            int size = shape.size();
            int at = 0;
            boolean moved = true;
            while (moved) {
                moved = false;
                for (int[] p : placed) {
                    boolean liveTogether = start[p[0]] <= end[t] && start[t] <= end[p[0]];
                    if (liveTogether && at < p[1] + p[2] && p[1] < at + size) {
                        at = p[1] + p[2];
                        moved = true;
                    }
                }
            }
            placed.add(new int[]{t, at, size});
            base[t] = at;
            words = Math.max(words, at + size);
        }
        int lanes = 1;
        int offsetBits = 1;
        int accumulatorBits = WORD_BITS + 1;
        long paramEntries = 0;
        for (LayerInfo info : plan) {
            if (info.layer() instanceof WeightedLayer w) {
                lanes = Math.max(lanes, Math.min(MAX_LANES, w.outputChannels()));
            }
            RescaledSum sum = info.layer().accept(new SequentialOps.Arithmetic());
            if (sum != null) {
                paramEntries += sum.channels();
                for (int c = 0; c < sum.channels(); c++) {
                    offsetBits = Math.max(offsetBits, Bits.signedBits(Math.min(0, sum.offset(c)), Math.max(0, sum.offset(c))));
                }
            }
            // the engine accumulates dot products and channel sums; an add's terms are 17-bit values
            if (info.layer().inputCount() == 1) {
                accumulatorBits = Math.max(accumulatorBits, info.accumulatorBits());
            }
        }
        int offsetWords = Bits.ceilDiv(offsetBits, WORD_BITS);
        int paramWords = 3 + offsetWords;
        List<Integer> params = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        long weightStart = paramEntries * paramWords;
        List<SequentialOp> ops = new ArrayList<>();
        for (LayerInfo info : plan) {
            if (info.layer().aliasesInput()) {
                continue;
            }
            SequentialOps.OpBuilder b = new SequentialOps.OpBuilder(info, root, base, output, lanes, offsetWords, params, weights, weightStart);
            ops.add(info.layer().accept(b));
        }
        List<Integer> constants = new ArrayList<>(params);
        constants.addAll(weights);
        int sumBits = Math.min(64, Math.max(accumulatorBits + WORD_BITS, offsetWords * WORD_BITS) + 2);
        return new SequentialProgram(ops, lanes, Math.max(words, 1), constants, offsetWords, accumulatorBits, sumBits,
                base[0], net.inputShape(), net.inputType(), last.outputType());
    }
}
