package dev.bwn.codegen.verilog;

import java.util.ArrayList;
import java.util.List;

/**
 * The data of {@code sequential_engine.v.ftl}: the engine's widths, the counter literals, the program as one list of
 * register assignments per op (the template lays them out as a case table), and its memories. Every number is
 * prepared here; the template does no arithmetic.
 */
public record SequentialEngineView(String template, String name, int lanes, int accumulatorBits, int sumBits,
                                   int clampBits, int addressBits, int activationAddressBits, int constantAddressBits,
                                   int offsetBits, int offsetWords, int paramWords, int outBits, int beatBits,
                                   int inputBits, int beatValues, int activationWords, int constantWords,
                                   String activationMemory, String constantMemory, List<String> opComments,
                                   List<Field> fields, List<Op> program, int pcBits, String pcZero, String pcOne,
                                   int beatCounterBits, String beatZero, String beatOne, String beatLast,
                                   int beatValueBits, String beatValueZero, String beatValueOne, String beatValueLast,
                                   String beatStride, String inputBase, String storedValue, String actOne,
                                   String constOne, String addressOne, int rowBits, String rowZero, String rowOne,
                                   int columnBits, String columnZero, String columnOne, int groupBits, String groupZero,
                                   String groupOne, int channelBits, String channelZero, String channelOne,
                                   int kernelRowBits, String kernelRowZero, String kernelRowOne, int kernelColumnBits,
                                   String kernelColumnZero, String kernelColumnOne, int laneBits, String laneZero,
                                   String laneOne, int paramCounterBits, String paramWordZero, String paramWordOne,
                                   String paramWordLast, String paramWordsLiteral, String romModule, String ramModule,
                                   String constantFile, Spram spram, int activationRows, int activationRowBits,
                                   int activationWideBits, String shiftedWide, String maximumWide,
                                   String multiplicandWide, String multiplierWide, String offsetWide,
                                   String productWide, int activationIndexBits, int constantIndexBits, int inputValues,
                                   int bufferAddressBits, int bufferIndexBits, String bufferZero, String bufferOne,
                                   String bufferLast, String singleValueBeat, int bufferInBlockRam) implements TemplateViews.View {

    /** A register of the op being run. */
    public record Field(String name, int bits, boolean signed) {
    }

    /** One op of the program: its index literal and the register assignments that load it. */
    public record Op(String pc, List<String> assignments) {
        public Op {
            assignments = List.copyOf(assignments);
        }
    }

    /** The constants in SPRAM: the shared ROM module, its rows, and the load words it takes (Verilog literals). */
    public record Spram(String module, int rows, int indexBits, String loadFirst, String loadLast) {
    }

    /** The widths the estimate and the view share. */
    record Widths(int addressBits, int activationAddressBits, int constantAddressBits, int clampBits, int fieldBits,
                  int counterBits, int rowBits, int columnBits, int groupBits, int channelBits, int kernelRowBits,
                  int kernelColumnBits, int laneBits, int paramCounterBits, int pcBits) {
    }

    static Widths widths(SequentialEngine e) {
        SequentialProgram p = e.program();
        // one past the last word fits too: pointers step past the end of what they walk
        int activationAddressBits = Bits.unsignedBits(p.activationWords());
        int constantAddressBits = Bits.unsignedBits(e.constantWords());
        long low = 0;
        long high = p.activationWords();
        int rows = 1;
        int columns = 1;
        int groups = 1;
        int channels = 1;
        int kernelRows = 1;
        int kernelColumns = 1;
        for (SequentialOp op : p.ops()) {
            low = Math.min(low, Math.min(op.originAddress(), -Math.max(op.padY(), op.padX())));
            high = Math.max(high, Math.max((long) op.inPlane() * Math.max(op.innerChannels(), op.groups()) + p.activationWords(),
                    (long) op.rowStep() * (op.outHeight() + 1) + p.activationWords()));
            high = Math.max(high, Math.max((long) op.groupOutStep() * op.groups(), (long) op.inHeight() + op.kernelHeight()));
            high = Math.max(high, (long) op.inWidth() + op.kernelWidth() + op.strideX() * 2L);
            rows = Math.max(rows, op.outHeight());
            columns = Math.max(columns, op.outWidth());
            groups = Math.max(groups, op.groups());
            channels = Math.max(channels, op.innerChannels());
            kernelRows = Math.max(kernelRows, op.kernelHeight());
            kernelColumns = Math.max(kernelColumns, op.kernelWidth());
        }
        int addressBits = Math.max(activationAddressBits, Bits.signedBits(low, 2 * high)) + 1;
        int clampBits = Math.max(p.sumBits(), 34);
        int rowBits = Bits.unsignedBits(rows - 1L);
        int columnBits = Bits.unsignedBits(columns - 1L);
        int groupBits = Bits.unsignedBits(groups - 1L);
        int channelBits = Bits.unsignedBits(channels - 1L);
        int kernelRowBits = Bits.unsignedBits(kernelRows - 1L);
        int kernelColumnBits = Bits.unsignedBits(kernelColumns - 1L);
        int laneBits = Bits.unsignedBits(p.lanes() - 1L);
        int paramCounterBits = Bits.unsignedBits(p.paramWords() - 1L);
        int pcBits = Bits.unsignedBits(Math.max(1, p.ops().size() - 1L));
        int counterBits = rowBits + columnBits + groupBits + channelBits + kernelRowBits + kernelColumnBits + laneBits
                + paramCounterBits + pcBits;
        int fieldBits = 2 + 3 * activationAddressBits + 2 + rowBits + columnBits + groupBits + 2 * laneBits + channelBits
                + kernelRowBits + kernelColumnBits + 11 * addressBits + activationAddressBits + 2 * constantAddressBits
                + 2 * clampBits + 2;
        return new Widths(addressBits, activationAddressBits, constantAddressBits, clampBits, fieldBits, counterBits,
                rowBits, columnBits, groupBits, channelBits, kernelRowBits, kernelColumnBits, laneBits, paramCounterBits, pcBits);
    }

    static SequentialEngineView of(SequentialEngine e, WeightLoad load) {
        SequentialProgram p = e.program();
        Widths w = widths(e);
        int ab = w.activationAddressBits();
        int sa = w.addressBits();
        int cb = w.constantAddressBits();
        List<Field> fields = List.of(new Field("op_kind", 2, false), new Field("op_in0_base", ab, false),
                new Field("op_in0_signed", 1, false), new Field("op_in1_base", ab, false), new Field("op_in1_signed", 1, false),
                new Field("op_out_base", ab, false), new Field("op_row_last", w.rowBits(), false),
                new Field("op_column_last", w.columnBits(), false), new Field("op_group_last", w.groupBits(), false),
                new Field("op_lane_last", w.laneBits(), false), new Field("op_last_lane_last", w.laneBits(), false),
                new Field("op_channel_last", w.channelBits(), false), new Field("op_kernel_row_last", w.kernelRowBits(), false),
                new Field("op_kernel_column_last", w.kernelColumnBits(), false), new Field("op_in_height", sa, true),
                new Field("op_in_width", sa, true), new Field("op_in_plane", sa, true), new Field("op_stride_y", sa, true),
                new Field("op_stride_x", sa, true), new Field("op_pad_y", sa, true), new Field("op_pad_x", sa, true),
                new Field("op_origin", sa, true), new Field("op_row_step", sa, true), new Field("op_group_in_step", sa, true),
                new Field("op_group_out_step", sa, true), new Field("op_out_plane", ab, false),
                new Field("op_weight_base", cb, false), new Field("op_param_base", cb, false),
                new Field("op_out_min", w.clampBits(), true), new Field("op_out_max", w.clampBits(), true),
                new Field("op_streams", 1, false), new Field("op_last", 1, false));
        List<Op> program = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        for (int i = 0; i < p.ops().size(); i++) {
            SequentialOp op = p.ops().get(i);
            comments.add(i + ": " + op.kind() + " \"" + TemplateViews.comment(op.layerName()) + "\" (layer " + op.layerIndex() + ")"
                    + (op.streamsOut() ? ", to the output" : ", to word " + op.outBase()));
            List<Long> values = List.of((long) op.kind().code(), (long) op.in0Base(), op.in0Signed() ? 1L : 0L, (long) op.in1Base(),
                    op.in1Signed() ? 1L : 0L, (long) op.outBase(), op.outHeight() - 1L, op.outWidth() - 1L, op.groups() - 1L,
                    op.groupSize() - 1L, op.lastGroupSize() - 1L, op.innerChannels() - 1L, op.kernelHeight() - 1L,
                    op.kernelWidth() - 1L, (long) op.inHeight(), (long) op.inWidth(), (long) op.inPlane(), (long) op.strideY(),
                    (long) op.strideX(), (long) -op.padY(), (long) -op.padX(), (long) op.originAddress(), (long) op.rowStep(),
                    (long) op.groupInStep(), (long) op.groupOutStep(), (long) op.outPlane(), (long) op.weightBase(),
                    (long) op.paramBase(), op.outMin(), op.outMax(), op.streamsOut() ? 1L : 0L,
                    i == p.ops().size() - 1 ? 1L : 0L);
            List<String> assignments = new ArrayList<>();
            for (int f = 0; f < fields.size(); f++) {
                Field field = fields.get(f);
                String literal = field.signed() ? Bits.signedLiteral(field.bits(), values.get(f))
                        : Bits.unsignedLiteral(field.bits(), values.get(f));
                assignments.add(field.name() + " <= " + literal + ";");
            }
            program.add(new Op(Bits.unsignedLiteral(w.pcBits(), i), assignments));
        }
        int ib = p.inputType().bits();
        String stored = p.inputType().signed() ? Bits.signExtend("buffer_read", ib, SequentialProgram.WORD_BITS)
                : Bits.zeroExtend("buffer_read", ib, SequentialProgram.WORD_BITS);
        int inputValues = p.inputShape().size();
        int bufferBits = Bits.unsignedBits(inputValues);
        int beats = p.inputBeats();
        int beatCounterBits = Bits.unsignedBits(beats - 1L);
        int beatValueBits = Bits.unsignedBits(p.inputBeatValues() - 1L);
        Spram spram = null;
        if (e.constantsInSpram()) {
            for (WeightLoad.Slot slot : load.slots()) {
                if (slot.stage().moduleName().equals(e.moduleName())) {
                    spram = new Spram(e.spramRomModule(), slot.rows(), load.indexBits(),
                            TemplateViews.unsigned(load.indexBits(), slot.base()),
                            TemplateViews.unsigned(load.indexBits(), slot.base() + slot.words() - 1));
                }
            }
            if (spram == null) {
                throw new IllegalStateException("internal: the engine's constants are not in the weight load");
            }
        }
        int rows = e.activationRows();
        int rowBits = rows > 1 ? Bits.unsignedBits(rows - 1L) : 1;
        String memories = rows > 0 ? rows + " SB_SPRAM256KA block(s)" : "block RAM";
        String constants = e.constantsInSpram() ? "SB_SPRAM256KA, loaded from SPI flash" : "a $readmemh ROM, " + e.constantFile();
        return new SequentialEngineView("verilog/sequential_engine.v.ftl", e.moduleName(), p.lanes(), p.accumulatorBits(),
                p.sumBits(), w.clampBits(), sa, ab, cb, p.offsetWords() * SequentialProgram.WORD_BITS, p.offsetWords(),
                p.paramWords(), e.logitType().bits(), p.inputBeatValues() * ib, ib, p.inputBeatValues(), p.activationWords(),
                e.constantWords(), memories, constants, comments, fields, program, w.pcBits(),
                Bits.unsignedLiteral(w.pcBits(), 0), Bits.unsignedLiteral(w.pcBits(), 1), beatCounterBits,
                Bits.unsignedLiteral(beatCounterBits, 0), Bits.unsignedLiteral(beatCounterBits, beats > 1 ? 1 : 0),
                Bits.unsignedLiteral(beatCounterBits, beats - 1L), beatValueBits, Bits.unsignedLiteral(beatValueBits, 0),
                Bits.unsignedLiteral(beatValueBits, p.inputBeatValues() > 1 ? 1 : 0),
                Bits.unsignedLiteral(beatValueBits, p.inputBeatValues() - 1L), Bits.unsignedLiteral(bufferBits, p.inputBeatStride()),
                Bits.unsignedLiteral(ab, p.inputBase()), stored, Bits.unsignedLiteral(ab, 1), Bits.unsignedLiteral(cb, 1),
                Bits.unsignedLiteral(sa, 1), w.rowBits(), Bits.unsignedLiteral(w.rowBits(), 0), one(w.rowBits()),
                w.columnBits(), Bits.unsignedLiteral(w.columnBits(), 0), one(w.columnBits()), w.groupBits(),
                Bits.unsignedLiteral(w.groupBits(), 0), one(w.groupBits()), w.channelBits(),
                Bits.unsignedLiteral(w.channelBits(), 0), one(w.channelBits()), w.kernelRowBits(),
                Bits.unsignedLiteral(w.kernelRowBits(), 0), one(w.kernelRowBits()), w.kernelColumnBits(),
                Bits.unsignedLiteral(w.kernelColumnBits(), 0), one(w.kernelColumnBits()), w.laneBits(),
                Bits.unsignedLiteral(w.laneBits(), 0), one(w.laneBits()), w.paramCounterBits(),
                Bits.unsignedLiteral(w.paramCounterBits(), 0), one(w.paramCounterBits()),
                Bits.unsignedLiteral(w.paramCounterBits(), p.paramWords() - 1L), Bits.unsignedLiteral(cb, p.paramWords()),
                e.romModule(), e.ramModule(), e.constantFile(), spram, rows, rowBits,
                Math.max(ab, Sprams.ADDRESS_BITS) + rowBits, Bits.signExtend("shifted", p.sumBits(), w.clampBits()),
                Bits.signExtend("accumulator0", p.accumulatorBits(), w.clampBits()),
                Bits.signExtend("multiplicand", p.accumulatorBits(), p.accumulatorBits() + 16),
                Bits.signExtend("multiplier", 16, p.accumulatorBits() + 16),
                Bits.signExtend("offset", p.offsetWords() * SequentialProgram.WORD_BITS, p.sumBits()),
                Bits.signExtend("product", p.accumulatorBits() + 16, p.sumBits()),
                Bits.unsignedBits(p.activationWords() - 1L), Bits.unsignedBits(e.constantWords() - 1L), inputValues,
                bufferBits, Bits.unsignedBits(inputValues - 1L), Bits.unsignedLiteral(bufferBits, 0),
                Bits.unsignedLiteral(bufferBits, 1), Bits.unsignedLiteral(bufferBits, inputValues - 1L),
                p.inputBeatValues() == 1 ? "1'b1" : "1'b0", BlockRams.inBlockRam(ib, inputValues) ? 1 : 0);
    }

    /** A counter's step: 1 (a 1-bit counter that only holds 0 never steps, and 1'd1 still fits). */
    private static String one(int bits) {
        return Bits.unsignedLiteral(bits, 1);
    }
}
