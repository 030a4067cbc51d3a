package dev.bwn.codegen.verilog;

import dev.bwn.codegen.GenerationException;

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
                               int wordBits, boolean hasWord, String readAddress, Rom rom) implements TemplateViews.View {

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
                           String outRowBeforeLast, String strideX, String strideY, String slices, String columnStep) {
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
        int pb = w.positionBits();
        int fb = w.offsetBits();
        if (pb <= lb.filledBits()) {
            throw new GenerationException("internal: position width " + pb + " cannot compare " + lb.filledBits() + "-bit row counts");
        }
        Counters counters = new Counters(TemplateViews.Counter.of(w.outerBits(), w.outer()),
                TemplateViews.Counter.of(w.outRowBits(), w.outHeight()), TemplateViews.Counter.of(w.outColumnBits(), w.outWidth()),
                TemplateViews.Counter.of(w.innerBits(), w.innerGroups()), TemplateViews.Counter.of(w.kernelRowBits(), g.kernelHeight()),
                TemplateViews.Counter.of(w.kernelColumnBits(), g.kernelWidth()), TemplateViews.Counter.of(w.poolRowBits(), w.poolHeight()),
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
                TemplateViews.signed(fb, (long) g.strideX() * lb.slices()));
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
        return new WindowWalkerView("verilog/window_walker.v.ftl", s.parts().walker(), s.moduleName(),
                weights != null ? "output-channel group(s)" : "channel group(s)", w.outer(), w.outHeight(), w.outWidth(),
                w.pooled(), w.poolHeight(), w.poolWidth(), w.innerGroups(), g.kernelHeight(), g.kernelWidth(), g.height(),
                lb.slices(), weights != null && g.padded(), w.sliceFollowsOuter(),
                lb.addressBits(), lb.filledBits(), lb.releaseBits(), pb, fb, counters, widths, literals,
                "$signed(" + Bits.zeroExtend("filled", lb.filledBits(), pb) + ")",
                w.pooled() ? "window_row_start" : "row_start", slotBits > 0 ? "row[" + (slotBits - 1) + ":0]" : "",
                slotBits > 0, lb.rows(), Math.max(1, slotBits), TemplateViews.unsigned(Math.max(1, slotBits), 0),
                TemplateViews.unsigned(Math.max(1, slotBits), lb.imageStepSlots()), Math.max(1, wordBits), wordBits > 0,
                TemplateViews.ringAddress("slot", slotBits, "word", wordBits), rom);
    }
}
