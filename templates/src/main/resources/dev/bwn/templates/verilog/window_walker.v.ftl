<#import "header.ftl" as h>
<@h.header module=m.name what="read schedule (window walk) of layer ${m.layer} over its line buffer" template="verilog/window_walker.v.ftl"/>
//
// Loops, outermost first: ${m.outHeight} output row(s), ${m.outWidth} output column(s),<#if m.pooled> ${m.poolHeight}x${m.poolWidth} convolved pixel(s) of a pool window,</#if> ${m.outer} ${m.outerWhat},
<#if m.taps?has_content>
// ${m.innerGroups} input-channel group(s), kernel ${m.kernelHeight}x${m.kernelWidth} in steps of ${m.tapRows} row(s) x ${m.tapColumns} column(s): ${m.taps?size} line-buffer reads
// (taps) per cycle, image after image; tap t reads at a constant offset from the first, a tap beyond the kernel or the
// input is masked (issue_in_bounds[t] low).
<#else>
// ${m.innerGroups} input-channel group(s), kernel ${m.kernelHeight}x${m.kernelWidth}; one line-buffer read per cycle, image after image.
</#if>
// An output row starts only when the line buffer holds every input row it reads (the whole rest of the image for the
// last output row); after it, the rows above the next window go back to the writer. A group of results starts only
// with a credit (a free FIFO entry reserved for it), so nothing inside the layer ever stalls once issued.
// Row and column are signed so the zero padding is a range check; the ring address {slot, word} needs additions only
// (${m.rowSlots} slot(s), ${m.slices} word(s) per pixel).
`default_nettype none

module ${m.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire [${msb(m.filledBits)}:0] filled,
    output reg  [${msb(m.releaseBits)}:0] release_rows,
    output wire                image_done,
    input  wire                credit_ok,
    output wire                take_credit,
    output reg                 issue_valid,
    output reg  [${msb(m.issueAddressBits)}:0] issue_address,
<#if m.padded && m.maskRange?has_content>
    output reg  ${m.maskRange}issue_in_bounds,
<#elseif m.padded>
    output reg                 issue_in_bounds,
</#if>
    output reg                 issue_first,
<#if m.rom??>
    output reg                 issue_last,
    output reg  [${msb(m.rom.addressBits)}:0] issue_rom_address,
    output reg  [${msb(m.rom.channelBits)}:0] issue_channel_base
<#else>
    output reg                 issue_last
</#if>
);
    reg [${msb(m.widths.outRow)}:0] out_row;
    reg [${msb(m.widths.outColumn)}:0] out_column;
<#if m.pooled>
    // the convolved pixel inside the ${m.poolHeight}x${m.poolWidth} pool window
    reg [${msb(m.widths.poolRow)}:0] pool_row;
    reg [${msb(m.widths.poolColumn)}:0] pool_column;
    // input row and column of the pool window's first convolution, and its column's word offset
    reg signed [${msb(m.positionBits)}:0] window_row_start;
    reg signed [${msb(m.positionBits)}:0] window_column_start;
    reg signed [${msb(m.offsetBits)}:0] window_column_offset;
</#if>
    reg [${msb(m.widths.outer)}:0] outer;
    reg [${msb(m.widths.inner)}:0] inner;
    reg [${msb(m.widths.kernelRow)}:0] kernel_row;
    reg [${msb(m.widths.kernelColumn)}:0] kernel_column;
    // input row and column of the window's top-left corner, and of the position read now
    reg signed [${msb(m.positionBits)}:0] row_start;
    reg signed [${msb(m.positionBits)}:0] row;
    reg signed [${msb(m.positionBits)}:0] column_start;
    reg signed [${msb(m.positionBits)}:0] column;
<#if m.hasSlot>
    // ring slot of the image's row 0; row r of the image lives in slot image_slot + r (the slot counter wraps)
    reg [${msb(m.slotBits)}:0] image_slot;
</#if>
    // column * ${m.slices} words, and the slice read now
<#if !m.hasWord>
    // a row is one word: the offsets are always zero and never read
    /* verilator lint_off UNUSED */
</#if>
    reg signed [${msb(m.offsetBits)}:0] column_offset_start;
    reg signed [${msb(m.offsetBits)}:0] column_offset;
    reg signed [${msb(m.offsetBits)}:0] slice_offset;
<#if !m.hasWord>
    /* verilator lint_on UNUSED */
</#if>
<#if m.rom??>
    reg [${msb(m.rom.addressBits)}:0] rom_address;
    reg [${msb(m.rom.channelBits)}:0] channel_base;
</#if>

    wire kernel_column_last = kernel_column == ${m.counters.kernelColumn.last};
    wire kernel_row_last = kernel_row == ${m.counters.kernelRow.last};
    wire inner_last = inner == ${m.counters.inner.last};
    wire outer_last = outer == ${m.counters.outer.last};
    wire out_column_last = out_column == ${m.counters.outColumn.last};
    wire out_row_last = out_row == ${m.counters.outRow.last};
    wire group_start = inner == ${m.counters.inner.zero} && kernel_row == ${m.counters.kernelRow.zero} && kernel_column == ${m.counters.kernelColumn.zero};
    wire group_last = inner_last && kernel_row_last && kernel_column_last;
    wire pixel_last = group_last && outer_last;
<#if m.pooled>
    wire pool_column_last = pool_column == ${m.counters.poolColumn.last};
    wire pool_row_last = pool_row == ${m.counters.poolRow.last};
    wire row_begin = group_start && outer == ${m.counters.outer.zero} && pool_row == ${m.counters.poolRow.zero} && pool_column == ${m.counters.poolColumn.zero}
        && out_column == ${m.counters.outColumn.zero};
    wire row_end = pixel_last && pool_row_last && pool_column_last && out_column_last;
<#else>
    wire row_begin = group_start && outer == ${m.counters.outer.zero} && out_column == ${m.counters.outColumn.zero};
    wire row_end = pixel_last && out_column_last;
</#if>

    // rows an output row needs complete: through its window's last row, through the image's last for the last row;
    // registered, computed for the next output row as the walker moves to it, so the issue path is one comparison
    reg signed [${msb(m.positionBits)}:0] rows_needed;
    wire rows_ok = ${m.filledSigned} >= rows_needed;
    wire issue = (!group_start || credit_ok) && (!row_begin || rows_ok);
    assign take_credit = issue && group_start;
    assign image_done = issue && row_end && out_row_last;

    // rows given back after an output row: those above the next window, all that are left after the last row
    wire signed [${msb(m.positionBits)}:0] low_now = ${m.windowRowStart} < ${m.literals.positionZero} ? ${m.literals.positionZero} : ${m.windowRowStart};
    wire signed [${msb(m.positionBits)}:0] next_start = ${m.windowRowStart} + ${m.literals.windowStride};
    wire signed [${msb(m.positionBits)}:0] low_next = out_row_last ? ${m.literals.height} : next_start < ${m.literals.positionZero} ? ${m.literals.positionZero} : next_start;
    wire signed [${msb(m.positionBits)}:0] next_window_end = next_start + ${m.literals.windowRows};
    wire next_row_last = out_row == ${m.literals.outRowBeforeLast};
    wire signed [${msb(m.positionBits)}:0] next_rows_needed = next_row_last || next_window_end > ${m.literals.height} ? ${m.literals.height} : next_window_end;
    // only the low bits count rows (at most ${m.height}); the difference is never negative
    /* verilator lint_off UNUSED */
    wire signed [${msb(m.positionBits)}:0] release_amount = low_next - low_now;
    /* verilator lint_on UNUSED */

    // The ring address is {slot, word}. Only the low bits of the row and of the word offset count; the sign and high
    // bits matter only inside the padding, where the read is masked, so they are deliberately left unused.
<#if m.hasSlot>
    wire [${msb(m.slotBits)}:0] slot = image_slot + ${m.rowSlotBits};
</#if>
<#if m.hasWord>
    /* verilator lint_off UNUSED */
    wire signed [${msb(m.offsetBits)}:0] word_offset = column_offset + slice_offset;
    /* verilator lint_on UNUSED */
    wire [${msb(m.wordBits)}:0] word = word_offset[${msb(m.wordBits)}:0];
</#if>
<#list m.taps as tap>
<#if tap?index == 0>
    // the other taps: their row and column offsets from the first, their ring address and whether they read the input
</#if>
<#list tap.wires as wire>
    ${wire}
</#list>
</#list>

    always @(posedge clk) begin
        if (rst) begin
            issue_valid <= 1'b0;
            release_rows <= ${m.literals.releaseZero};
            out_row <= ${m.counters.outRow.zero};
            out_column <= ${m.counters.outColumn.zero};
            outer <= ${m.counters.outer.zero};
            inner <= ${m.counters.inner.zero};
            kernel_row <= ${m.counters.kernelRow.zero};
            kernel_column <= ${m.counters.kernelColumn.zero};
<#if m.pooled>
            pool_row <= ${m.counters.poolRow.zero};
            pool_column <= ${m.counters.poolColumn.zero};
            window_row_start <= ${m.literals.firstRow};
            window_column_start <= ${m.literals.firstColumn};
            window_column_offset <= ${m.literals.firstColumnOffset};
</#if>
            row_start <= ${m.literals.firstRow};
            row <= ${m.literals.firstRow};
            rows_needed <= ${m.literals.firstRowsNeeded};
            column_start <= ${m.literals.firstColumn};
            column <= ${m.literals.firstColumn};
<#if m.hasSlot>
            image_slot <= ${m.slotZero};
</#if>
            column_offset_start <= ${m.literals.firstColumnOffset};
            column_offset <= ${m.literals.firstColumnOffset};
            slice_offset <= ${m.literals.offsetZero};
<#if m.rom??>
            rom_address <= ${m.rom.romZero};
            channel_base <= ${m.rom.channelZero};
</#if>
        end else begin
            issue_valid <= issue;
            // registered, so a row goes back only after its last read has left the ring
            release_rows <= issue && row_end ? release_amount[${msb(m.releaseBits)}:0] : ${m.literals.releaseZero};
            if (issue) begin
                issue_address <= ${m.readAddress};
<#if m.taps?has_content>
<#if m.padded>
                issue_in_bounds <= ${m.tapMask};
</#if>
<#elseif m.padded>
                issue_in_bounds <= row >= ${m.literals.positionZero} && row < ${m.literals.height}
                    && column >= ${m.literals.positionZero} && column < ${m.literals.width};
</#if>
                issue_first <= group_start;
                issue_last <= group_last;
<#if m.rom??>
                issue_rom_address <= rom_address;
                issue_channel_base <= channel_base;
                // the weights of all output-channel groups, in step order, for every pixel
                rom_address <= pixel_last ? ${m.rom.romZero} : rom_address + ${m.rom.romOne};
                if (group_last) begin
                    channel_base <= outer_last ? ${m.rom.channelZero} : channel_base + ${m.rom.peLiteral};
                end
</#if>
                if (!kernel_column_last) begin
                    kernel_column <= kernel_column + ${m.counters.kernelColumn.one};
                    column <= column + ${m.literals.tapColumnStep};
                    column_offset <= column_offset + ${m.literals.tapOffsetStep};
                end else begin
                    kernel_column <= ${m.counters.kernelColumn.zero};
                    column <= column_start;
                    column_offset <= column_offset_start;
                    if (!kernel_row_last) begin
                        kernel_row <= kernel_row + ${m.counters.kernelRow.one};
                        row <= row + ${m.literals.tapRowStep};
                    end else begin
                        kernel_row <= ${m.counters.kernelRow.zero};
                        row <= row_start;
                        if (!inner_last) begin
                            inner <= inner + ${m.counters.inner.one};
<#if !m.sliceFollowsOuter>
                            slice_offset <= slice_offset + ${m.literals.offsetOne};
</#if>
                        end else begin
                            inner <= ${m.counters.inner.zero};
<#if !m.sliceFollowsOuter>
                            slice_offset <= ${m.literals.offsetZero};
</#if>
                            if (!outer_last) begin
                                outer <= outer + ${m.counters.outer.one};
<#if m.sliceFollowsOuter>
                                slice_offset <= slice_offset + ${m.literals.offsetOne};
</#if>
                            end else begin
                                outer <= ${m.counters.outer.zero};
<#if m.sliceFollowsOuter>
                                slice_offset <= ${m.literals.offsetZero};
</#if>
<#if m.pooled>
                                if (!pool_column_last) begin
                                    // the next convolved pixel of the pool window: one conv stride to the right
                                    pool_column <= pool_column + ${m.counters.poolColumn.one};
                                    column_start <= column_start + ${m.literals.strideX};
                                    column <= column_start + ${m.literals.strideX};
                                    column_offset_start <= column_offset_start + ${m.literals.columnStep};
                                    column_offset <= column_offset_start + ${m.literals.columnStep};
                                end else begin
                                    pool_column <= ${m.counters.poolColumn.zero};
                                    column_start <= window_column_start;
                                    column <= window_column_start;
                                    column_offset_start <= window_column_offset;
                                    column_offset <= window_column_offset;
                                    if (!pool_row_last) begin
                                        pool_row <= pool_row + ${m.counters.poolRow.one};
                                        row_start <= row_start + ${m.literals.strideY};
                                        row <= row_start + ${m.literals.strideY};
                                    end else begin
                                        pool_row <= ${m.counters.poolRow.zero};
                                        row_start <= window_row_start;
                                        row <= window_row_start;
                                        if (!out_column_last) begin
                                            out_column <= out_column + ${m.counters.outColumn.one};
                                            window_column_start <= window_column_start + ${m.literals.windowColumnStep};
                                            column_start <= window_column_start + ${m.literals.windowColumnStep};
                                            column <= window_column_start + ${m.literals.windowColumnStep};
                                            window_column_offset <= window_column_offset + ${m.literals.windowOffsetStep};
                                            column_offset_start <= window_column_offset + ${m.literals.windowOffsetStep};
                                            column_offset <= window_column_offset + ${m.literals.windowOffsetStep};
                                        end else begin
                                            out_column <= ${m.counters.outColumn.zero};
                                            window_column_start <= ${m.literals.firstColumn};
                                            column_start <= ${m.literals.firstColumn};
                                            column <= ${m.literals.firstColumn};
                                            window_column_offset <= ${m.literals.firstColumnOffset};
                                            column_offset_start <= ${m.literals.firstColumnOffset};
                                            column_offset <= ${m.literals.firstColumnOffset};
                                            if (!out_row_last) begin
                                                out_row <= out_row + ${m.counters.outRow.one};
                                                window_row_start <= next_start;
                                                row_start <= next_start;
                                                row <= next_start;
                                                rows_needed <= next_rows_needed;
                                            end else begin
                                                // next image: its row 0 follows this image's last row in the ring
                                                out_row <= ${m.counters.outRow.zero};
                                                window_row_start <= ${m.literals.firstRow};
                                                row_start <= ${m.literals.firstRow};
                                                row <= ${m.literals.firstRow};
                                                rows_needed <= ${m.literals.firstRowsNeeded};
<#if m.hasSlot>
                                                image_slot <= image_slot + ${m.imageStepSlots};
</#if>
                                            end
                                        end
                                    end
                                end
<#else>
                                if (!out_column_last) begin
                                    out_column <= out_column + ${m.counters.outColumn.one};
                                    column_start <= column_start + ${m.literals.strideX};
                                    column <= column_start + ${m.literals.strideX};
                                    column_offset_start <= column_offset_start + ${m.literals.columnStep};
                                    column_offset <= column_offset_start + ${m.literals.columnStep};
                                end else begin
                                    out_column <= ${m.counters.outColumn.zero};
                                    column_start <= ${m.literals.firstColumn};
                                    column <= ${m.literals.firstColumn};
                                    column_offset_start <= ${m.literals.firstColumnOffset};
                                    column_offset <= ${m.literals.firstColumnOffset};
                                    if (!out_row_last) begin
                                        out_row <= out_row + ${m.counters.outRow.one};
                                        row_start <= next_start;
                                        row <= next_start;
                                        rows_needed <= next_rows_needed;
                                    end else begin
                                        // next image: its row 0 follows this image's last row in the ring
                                        out_row <= ${m.counters.outRow.zero};
                                        row_start <= ${m.literals.firstRow};
                                        row <= ${m.literals.firstRow};
                                        rows_needed <= ${m.literals.firstRowsNeeded};
<#if m.hasSlot>
                                        image_slot <= image_slot + ${m.imageStepSlots};
</#if>
                                    end
                                end
</#if>
                            end
                        end
                    end
                end
            end
        end
    end
endmodule

`default_nettype wire
