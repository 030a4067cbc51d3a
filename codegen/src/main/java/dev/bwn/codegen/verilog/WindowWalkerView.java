package dev.bwn.codegen.verilog;

import dev.bwn.codegen.GenerationException;

import java.util.ArrayList;
import java.util.List;

/**
 * The data of {@code window_walker.v.ftl}: the loop nest that walks a stage's windows over its line buffer
 * ({@link WindowWalk}), with every counter's literals, the signed position arithmetic's literals and the ring
 * addresses. {@code rom} is present for a weighted stage, whose walker also steps the weight ROM and the output
 * channel base.
 */
public record WindowWalkerView(String template, String name, String layer, String outerWhat, int outer, int outHeight,
                               int outWidth, boolean pooled, int poolHeight, int poolWidth, int innerGroups,
                               int kernelHeight, int kernelWidth, int height, int slices,
                               boolean padded, boolean sliceFollowsOuter, int addressBits, int filledBits,
                               int releaseBits, int positionBits, int offsetBits, Counters counters, Widths widths,
                               Literals literals, String filledSigned, String windowRowStart, String rowSlotBits,
                               boolean hasSlot, int rowSlots, int slotBits, String slotZero, String imageStepSlots,
                               int wordBits, boolean hasWord, String readAddress, Rom rom, int issueAddressBits,
                               String maskRange, int tapRows, int tapColumns, List<Tap> taps, String tapMask)
        implements TemplateViews.View {

    public WindowWalkerView {
        taps = List.copyOf(taps);
    }

    /** One tap of a walk that reads several window positions per cycle: the Verilog lines that give its address and mask. */
    public record Tap(int index, List<String> wires) {
        public Tap {
            wires = List.copyOf(wires);
        }
    }

    /** The literals of the walker's counters. */
    public record Counters(TemplateViews.Counter outer, TemplateViews.Counter outRow, TemplateViews.Counter outColumn,
                           TemplateViews.Counter inner, TemplateViews.Counter kernelRow,
                           TemplateViews.Counter kernelColumn, TemplateViews.Counter poolRow,
                           TemplateViews.Counter poolColumn) {
    }

    /** The widths of the walker's counters. */
    public record Widths(int outer, int outRow, int outColumn, int inner, int kernelRow, int kernelColumn, int poolRow,
                       int poolColumn) {
    }

    /** Signed position and offset literals (positions may be negative in the padding). */
    public record Literals(String releaseZero, String positionZero, String positionOne, String firstRow,
                           String firstColumn, String offsetZero, String offsetOne, String firstColumnOffset,
                           String height, String width, String windowRows, String windowStride,
                           String windowColumnStep, String windowOffsetStep, String firstRowsNeeded,
                           String outRowBeforeLast, String strideX, String strideY, String slices, String columnStep,
                           String tapColumnStep, String tapOffsetStep, String tapRowStep) {
    }

    /** A weighted stage's ROM address and output-channel base. */
    public record Rom(int addressBits, int channelBits, String romZero, String romOne, String channelZero,
                      String peLiteral) {
    }

    /** The walker of stage {@code s}; {@code weights} is the stage itself when it reads a weight ROM, else null. */
    static WindowWalkerView of(HardwareStage s, WeightedStage weights) {
        WindowWalk w = s.walk();
        LineBuffer lb = s.lines();
        StageGeometry g = s.geometry();
        KernelTaps kt = w.taps();
        int pb = w.positionBits();
        int fb = w.offsetBits();
        if (pb <= lb.filledBits()) {
            throw new GenerationException("internal: position width " + pb + " cannot compare " + lb.filledBits() + "-bit row counts");
        }
        Counters counters = new Counters(TemplateViews.Counter.of(w.outerBits(), w.outer()),
                TemplateViews.Counter.of(w.outRowBits(), w.outHeight()), TemplateViews.Counter.of(w.outColumnBits(), w.outWidth()),
                TemplateViews.Counter.of(w.innerBits(), w.innerGroups()), TemplateViews.Counter.of(w.kernelRowBits(), kt.rowSteps()),
                TemplateViews.Counter.of(w.kernelColumnBits(), kt.columnSteps()), TemplateViews.Counter.of(w.poolRowBits(), w.poolHeight()),
                TemplateViews.Counter.of(w.poolColumnBits(), w.poolWidth()));
        Widths widths = new Widths(w.outerBits(), w.outRowBits(), w.outColumnBits(), w.innerBits(), w.kernelRowBits(),
                w.kernelColumnBits(), w.poolRowBits(), w.poolColumnBits());
        Literals literals = new Literals(TemplateViews.unsigned(lb.releaseBits(), 0), TemplateViews.signed(pb, 0),
                TemplateViews.signed(pb, 1), TemplateViews.signed(pb, g.minRow()), TemplateViews.signed(pb, g.minColumn()),
                TemplateViews.signed(fb, 0), TemplateViews.signed(fb, 1), TemplateViews.signed(fb, (long) g.minColumn() * lb.slices()),
                TemplateViews.signed(pb, g.height()), TemplateViews.signed(pb, g.width()),
                // an output row's window: the kernel's rows, or those of a fused pool window's convolutions
                TemplateViews.signed(pb, lb.windowRows()), TemplateViews.signed(pb, lb.windowStride()),
                TemplateViews.signed(pb, (long) w.poolWidth() * g.strideX()),
                TemplateViews.signed(fb, (long) w.poolWidth() * g.strideX() * lb.slices()),
                // rows the first output row needs: its window's, or the whole image when it is also the last
                TemplateViews.signed(pb, w.outHeight() == 1 ? g.height() : Math.min(g.height(), g.minRow() + lb.windowRows())),
                // with a single output row there is no next row; the comparison must still be well formed
                TemplateViews.unsigned(w.outRowBits(), Math.max(0, w.outHeight() - 2)),
                TemplateViews.signed(pb, g.strideX()), TemplateViews.signed(pb, g.strideY()), TemplateViews.signed(fb, lb.slices()),
                TemplateViews.signed(fb, (long) g.strideX() * lb.slices()),
                // a kernel step moves over all the taps of a row, or down all their rows
                TemplateViews.signed(pb, kt.columns()), TemplateViews.signed(fb, (long) kt.columns() * lb.slices()),
                TemplateViews.signed(pb, kt.rows()));
        int slotBits = lb.slotBits();
        int wordBits = lb.rowWordBits();
        Rom rom = null;
        if (weights != null) {
            int rb = w.romAddressBits();
            int cb = weights.channelBits();
            // with one output-channel group the base never moves, and pe need not fit the channel width
            rom = new Rom(rb, cb, TemplateViews.unsigned(rb, 0), TemplateViews.unsigned(rb, w.romDepth() > 1 ? 1 : 0),
                    TemplateViews.unsigned(cb, 0), TemplateViews.unsigned(cb, w.outer() > 1 ? weights.fold().pe() : 0));
        }
        boolean masked = weights != null && (g.padded() || kt.taps() > 1 && (kt.columnTail() || kt.rowTail()));
        List<Tap> taps = kt.taps() == 1 ? List.of() : taps(kt, lb, w, counters, literals, g, masked);
        String readAddress = kt.taps() == 1 ? TemplateViews.ringAddress("slot", slotBits, "word", wordBits)
                : TemplateViews.concat("tap_address_", kt.taps());
        return new WindowWalkerView("verilog/window_walker.v.ftl", s.parts().walker(), s.moduleName(),
                weights != null ? "output-channel group(s)" : "channel group(s)", w.outer(), w.outHeight(), w.outWidth(),
                w.pooled(), w.poolHeight(), w.poolWidth(), w.innerGroups(), g.kernelHeight(), g.kernelWidth(), g.height(),
                lb.slices(), masked, w.sliceFollowsOuter(),
                lb.addressBits(), lb.filledBits(), lb.releaseBits(), pb, fb, counters, widths, literals,
                "$signed(" + Bits.zeroExtend("filled", lb.filledBits(), pb) + ")",
                w.pooled() ? "window_row_start" : "row_start", slotBits > 0 ? "row[" + (slotBits - 1) + ":0]" : "",
                slotBits > 0, lb.rows(), Math.max(1, slotBits), TemplateViews.unsigned(Math.max(1, slotBits), 0),
                TemplateViews.unsigned(Math.max(1, slotBits), lb.imageStepSlots()), Math.max(1, wordBits), wordBits > 0,
                readAddress, rom, kt.taps() * lb.addressBits(), kt.taps() == 1 ? "" : "[" + (kt.taps() - 1) + ":0] ",
                kt.rows(), kt.columns(), taps, TemplateViews.concat("tap_inside_", kt.taps()));
    }

    /**
     * The wires of each tap: its row (and column, where padding is checked) as offsets from the step's first
     * position, its ring address {slot, word} as offsets from the first tap's, and whether it reads the input: inside
     * the image, and inside the kernel on a row's or the kernel's last step.
     */
    private static List<Tap> taps(KernelTaps kt, LineBuffer lb, WindowWalk w, Counters counters, Literals literals,
                                  StageGeometry g, boolean masked) {
        int pb = w.positionBits();
        int fb = w.offsetBits();
        int slotBits = lb.slotBits();
        int wordBits = lb.rowWordBits();
        List<Tap> out = new ArrayList<>();
        for (int t = 0; t < kt.taps(); t++) {
            List<String> wires = new ArrayList<>();
            if (t == 0) {
                // only the low bits of a tap's row and word offset address the ring, as for the first tap
                wires.add("/* verilator lint_off UNUSED */");
            }
            int dy = kt.rowOffset(t);
            int dx = kt.columnOffset(t);
            String row = "row";
            String column = "column";
            if (dy != 0 && (slotBits > 0 || g.padded())) {
                row = "tap_row_" + t;
                wires.add("wire signed [" + (pb - 1) + ":0] " + row + " = row + " + TemplateViews.signed(pb, dy) + ";");
            }
            if (dx != 0 && g.padded()) {
                column = "tap_column_" + t;
                wires.add("wire signed [" + (pb - 1) + ":0] " + column + " = column + " + TemplateViews.signed(pb, dx) + ";");
            }
            String slot = "slot";
            if (dy != 0 && slotBits > 0) {
                slot = "tap_slot_" + t;
                wires.add("wire [" + (slotBits - 1) + ":0] " + slot + " = image_slot + " + row + "[" + (slotBits - 1) + ":0];");
            }
            String word = "word";
            if (dx != 0 && wordBits > 0) {
                word = "tap_word_" + t;
                wires.add("wire signed [" + (fb - 1) + ":0] tap_word_offset_" + t + " = word_offset + "
                        + TemplateViews.signed(fb, (long) dx * lb.slices()) + ";");
                wires.add("wire [" + (wordBits - 1) + ":0] " + word + " = tap_word_offset_" + t + "[" + (wordBits - 1) + ":0];");
            }
            wires.add("wire [" + (lb.addressBits() - 1) + ":0] tap_address_" + t + " = "
                    + TemplateViews.ringAddress(slot, slotBits, word, wordBits) + ";");
            if (masked) {
                List<String> terms = new ArrayList<>();
                if (g.padded()) {
                    terms.add(row + " >= " + literals.positionZero() + " && " + row + " < " + literals.height() + " && "
                            + column + " >= " + literals.positionZero() + " && " + column + " < " + literals.width());
                }
                if (dx >= kt.lastColumnTaps()) {
                    terms.add("kernel_column != " + counters.kernelColumn().last());
                }
                if (dy >= kt.lastRowTaps()) {
                    terms.add("kernel_row != " + counters.kernelRow().last());
                }
                wires.add("wire tap_inside_" + t + " = " + (terms.isEmpty() ? "1'b1" : String.join(" && ", terms)) + ";");
            }
            if (t == kt.taps() - 1) {
                wires.add("/* verilator lint_on UNUSED */");
            }
            out.add(new Tap(t, wires));
        }
        return out;
    }
}
