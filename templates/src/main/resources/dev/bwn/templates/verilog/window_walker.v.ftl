<#import "header.ftl" as h>
<@h.header module=walk.name what="read schedule (window walk) of layer ${walk.layer} over its line buffer" template="verilog/window_walker.v.ftl"/>
//
// Loops, outermost first: ${walk.outHeight} output row(s), ${walk.outWidth} output column(s),<#if walk.pooled> ${walk.poolHeight}x${walk.poolWidth} convolved pixel(s) of a pool window,</#if> ${walk.outer} ${walk.outerWhat},
// ${walk.innerGroups} input-channel group(s), kernel ${walk.kernelHeight}x${walk.kernelWidth}; one line-buffer read per cycle, image after image.
// An output row starts only when the line buffer holds every input row it reads (the whole rest of the image for the
// last output row); after it, the rows above the next window go back to the writer. A group of results starts only
// with a credit (a free FIFO entry reserved for it), so nothing inside the layer ever stalls once issued.
// Row and column are signed so the zero padding is a range check; the ring address {slot, word} needs additions only
// (${walk.rowSlots} slot(s), ${walk.slices} word(s) per pixel).
`default_nettype none

module ${walk.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire [${msb(walk.filledBits)}:0] filled,
    output reg  [${msb(walk.releaseBits)}:0] release_rows,
    output wire                image_done,
    input  wire                credit_ok,
    output wire                take_credit,
    output reg                 issue_valid,
    output reg  [${msb(walk.addressBits)}:0] issue_address,
<#if walk.padded>
    output reg                 issue_in_bounds,
</#if>
    output reg                 issue_first,
<#if walk.hasRom>
    output reg                 issue_last,
    output reg  [${msb(walk.romAddressBits)}:0] issue_rom_address,
    output reg  [${msb(walk.channelBits)}:0] issue_channel_base
<#else>
    output reg                 issue_last
</#if>
);
    reg [${msb(walk.outRowBits)}:0] out_row;
    reg [${msb(walk.outColumnBits)}:0] out_column;
<#if walk.pooled>
    // the convolved pixel inside the ${walk.poolHeight}x${walk.poolWidth} pool window
    reg [${msb(walk.poolRowBits)}:0] pool_row;
    reg [${msb(walk.poolColumnBits)}:0] pool_column;
    // input row and column of the pool window's first convolution, and its column's word offset
    reg signed [${msb(walk.positionBits)}:0] window_row_start;
    reg signed [${msb(walk.positionBits)}:0] window_column_start;
    reg signed [${msb(walk.offsetBits)}:0] window_column_offset;
</#if>
    reg [${msb(walk.outerBits)}:0] outer;
    reg [${msb(walk.innerBits)}:0] inner;
    reg [${msb(walk.kernelRowBits)}:0] kernel_row;
    reg [${msb(walk.kernelColumnBits)}:0] kernel_column;
    // input row and column of the window's top-left corner, and of the position read now
    reg signed [${msb(walk.positionBits)}:0] row_start;
    reg signed [${msb(walk.positionBits)}:0] row;
    reg signed [${msb(walk.positionBits)}:0] column_start;
    reg signed [${msb(walk.positionBits)}:0] column;
<#if walk.hasSlot>
    // ring slot of the image's row 0; row r of the image lives in slot image_slot + r (the slot counter wraps)
    reg [${msb(walk.slotBits)}:0] image_slot;
</#if>
    // column * ${walk.slices} words, and the slice read now
<#if !walk.hasWord>
    // a row is one word: the offsets are always zero and never read
    /* verilator lint_off UNUSED */
</#if>
    reg signed [${msb(walk.offsetBits)}:0] column_offset_start;
    reg signed [${msb(walk.offsetBits)}:0] column_offset;
    reg signed [${msb(walk.offsetBits)}:0] slice_offset;
<#if !walk.hasWord>
    /* verilator lint_on UNUSED */
</#if>
<#if walk.hasRom>
    reg [${msb(walk.romAddressBits)}:0] rom_address;
    reg [${msb(walk.channelBits)}:0] channel_base;
</#if>

    wire kernel_column_last = kernel_column == ${walk.kernelColumnLast};
    wire kernel_row_last = kernel_row == ${walk.kernelRowLast};
    wire inner_last = inner == ${walk.innerLast};
    wire outer_last = outer == ${walk.outerLast};
    wire out_column_last = out_column == ${walk.outColumnLast};
    wire out_row_last = out_row == ${walk.outRowLast};
    wire group_start = inner == ${walk.innerZero} && kernel_row == ${walk.kernelRowZero} && kernel_column == ${walk.kernelColumnZero};
    wire group_last = inner_last && kernel_row_last && kernel_column_last;
    wire pixel_last = group_last && outer_last;
<#if walk.pooled>
    wire pool_column_last = pool_column == ${walk.poolColumnLast};
    wire pool_row_last = pool_row == ${walk.poolRowLast};
    wire row_begin = group_start && outer == ${walk.outerZero} && pool_row == ${walk.poolRowZero} && pool_column == ${walk.poolColumnZero}
        && out_column == ${walk.outColumnZero};
    wire row_end = pixel_last && pool_row_last && pool_column_last && out_column_last;
<#else>
    wire row_begin = group_start && outer == ${walk.outerZero} && out_column == ${walk.outColumnZero};
    wire row_end = pixel_last && out_column_last;
</#if>

    // rows an output row needs complete: through its window's last row, through the image's last for the last row;
    // registered, computed for the next output row as the walker moves to it, so the issue path is one comparison
    reg signed [${msb(walk.positionBits)}:0] rows_needed;
    wire rows_ok = ${walk.filledSigned} >= rows_needed;
    wire issue = (!group_start || credit_ok) && (!row_begin || rows_ok);
    assign take_credit = issue && group_start;
    assign image_done = issue && row_end && out_row_last;

    // rows given back after an output row: those above the next window, all that are left after the last row
    wire signed [${msb(walk.positionBits)}:0] low_now = ${walk.windowRowStart} < ${walk.positionZero} ? ${walk.positionZero} : ${walk.windowRowStart};
    wire signed [${msb(walk.positionBits)}:0] next_start = ${walk.windowRowStart} + ${walk.windowStrideLiteral};
    wire signed [${msb(walk.positionBits)}:0] low_next = out_row_last ? ${walk.heightLiteral} : next_start < ${walk.positionZero} ? ${walk.positionZero} : next_start;
    wire signed [${msb(walk.positionBits)}:0] next_window_end = next_start + ${walk.windowRowsLiteral};
    wire next_row_last = out_row == ${walk.outRowBeforeLast};
    wire signed [${msb(walk.positionBits)}:0] next_rows_needed = next_row_last || next_window_end > ${walk.heightLiteral} ? ${walk.heightLiteral} : next_window_end;
    // only the low bits count rows (at most ${walk.height}); the difference is never negative
    /* verilator lint_off UNUSED */
    wire signed [${msb(walk.positionBits)}:0] release_amount = low_next - low_now;
    /* verilator lint_on UNUSED */

    // The ring address is {slot, word}. Only the low bits of the row and of the word offset count; the sign and high
    // bits matter only inside the padding, where the read is masked, so they are deliberately left unused.
<#if walk.hasSlot>
    wire [${msb(walk.slotBits)}:0] slot = image_slot + ${walk.rowSlotBits};
</#if>
<#if walk.hasWord>
    /* verilator lint_off UNUSED */
    wire signed [${msb(walk.offsetBits)}:0] word_offset = column_offset + slice_offset;
    /* verilator lint_on UNUSED */
    wire [${msb(walk.wordBits)}:0] word = word_offset[${msb(walk.wordBits)}:0];
</#if>

    always @(posedge clk) begin
        if (rst) begin
            issue_valid <= 1'b0;
            release_rows <= ${walk.releaseZero};
            out_row <= ${walk.outRowZero};
            out_column <= ${walk.outColumnZero};
            outer <= ${walk.outerZero};
            inner <= ${walk.innerZero};
            kernel_row <= ${walk.kernelRowZero};
            kernel_column <= ${walk.kernelColumnZero};
<#if walk.pooled>
            pool_row <= ${walk.poolRowZero};
            pool_column <= ${walk.poolColumnZero};
            window_row_start <= ${walk.firstRow};
            window_column_start <= ${walk.firstColumn};
            window_column_offset <= ${walk.firstColumnOffset};
</#if>
            row_start <= ${walk.firstRow};
            row <= ${walk.firstRow};
            rows_needed <= ${walk.firstRowsNeeded};
            column_start <= ${walk.firstColumn};
            column <= ${walk.firstColumn};
<#if walk.hasSlot>
            image_slot <= ${walk.slotZero};
</#if>
            column_offset_start <= ${walk.firstColumnOffset};
            column_offset <= ${walk.firstColumnOffset};
            slice_offset <= ${walk.offsetZero};
<#if walk.hasRom>
            rom_address <= ${walk.romZero};
            channel_base <= ${walk.channelZero};
</#if>
        end else begin
            issue_valid <= issue;
            // registered, so a row goes back only after its last read has left the ring
            release_rows <= issue && row_end ? release_amount[${msb(walk.releaseBits)}:0] : ${walk.releaseZero};
            if (issue) begin
                issue_address <= ${walk.readAddress};
<#if walk.padded>
                issue_in_bounds <= row >= ${walk.positionZero} && row < ${walk.heightLiteral}
                    && column >= ${walk.positionZero} && column < ${walk.widthLiteral};
</#if>
                issue_first <= group_start;
                issue_last <= group_last;
<#if walk.hasRom>
                issue_rom_address <= rom_address;
                issue_channel_base <= channel_base;
                // the weights of all output-channel groups, in step order, for every pixel
                rom_address <= pixel_last ? ${walk.romZero} : rom_address + ${walk.romOne};
                if (group_last) begin
                    channel_base <= outer_last ? ${walk.channelZero} : channel_base + ${walk.peLiteral};
                end
</#if>
                if (!kernel_column_last) begin
                    kernel_column <= kernel_column + ${walk.kernelColumnOne};
                    column <= column + ${walk.positionOne};
                    column_offset <= column_offset + ${walk.slicesLiteral};
                end else begin
                    kernel_column <= ${walk.kernelColumnZero};
                    column <= column_start;
                    column_offset <= column_offset_start;
                    if (!kernel_row_last) begin
                        kernel_row <= kernel_row + ${walk.kernelRowOne};
                        row <= row + ${walk.positionOne};
                    end else begin
                        kernel_row <= ${walk.kernelRowZero};
                        row <= row_start;
                        if (!inner_last) begin
                            inner <= inner + ${walk.innerOne};
<#if !walk.sliceFollowsOuter>
                            slice_offset <= slice_offset + ${walk.offsetOne};
</#if>
                        end else begin
                            inner <= ${walk.innerZero};
<#if !walk.sliceFollowsOuter>
                            slice_offset <= ${walk.offsetZero};
</#if>
                            if (!outer_last) begin
                                outer <= outer + ${walk.outerOne};
<#if walk.sliceFollowsOuter>
                                slice_offset <= slice_offset + ${walk.offsetOne};
</#if>
                            end else begin
                                outer <= ${walk.outerZero};
<#if walk.sliceFollowsOuter>
                                slice_offset <= ${walk.offsetZero};
</#if>
<#if walk.pooled>
                                if (!pool_column_last) begin
                                    // the next convolved pixel of the pool window: one conv stride to the right
                                    pool_column <= pool_column + ${walk.poolColumnOne};
                                    column_start <= column_start + ${walk.strideXLiteral};
                                    column <= column_start + ${walk.strideXLiteral};
                                    column_offset_start <= column_offset_start + ${walk.columnStepLiteral};
                                    column_offset <= column_offset_start + ${walk.columnStepLiteral};
                                end else begin
                                    pool_column <= ${walk.poolColumnZero};
                                    column_start <= window_column_start;
                                    column <= window_column_start;
                                    column_offset_start <= window_column_offset;
                                    column_offset <= window_column_offset;
                                    if (!pool_row_last) begin
                                        pool_row <= pool_row + ${walk.poolRowOne};
                                        row_start <= row_start + ${walk.strideYLiteral};
                                        row <= row_start + ${walk.strideYLiteral};
                                    end else begin
                                        pool_row <= ${walk.poolRowZero};
                                        row_start <= window_row_start;
                                        row <= window_row_start;
                                        if (!out_column_last) begin
                                            out_column <= out_column + ${walk.outColumnOne};
                                            window_column_start <= window_column_start + ${walk.windowColumnStepLiteral};
                                            column_start <= window_column_start + ${walk.windowColumnStepLiteral};
                                            column <= window_column_start + ${walk.windowColumnStepLiteral};
                                            window_column_offset <= window_column_offset + ${walk.windowOffsetStepLiteral};
                                            column_offset_start <= window_column_offset + ${walk.windowOffsetStepLiteral};
                                            column_offset <= window_column_offset + ${walk.windowOffsetStepLiteral};
                                        end else begin
                                            out_column <= ${walk.outColumnZero};
                                            window_column_start <= ${walk.firstColumn};
                                            column_start <= ${walk.firstColumn};
                                            column <= ${walk.firstColumn};
                                            window_column_offset <= ${walk.firstColumnOffset};
                                            column_offset_start <= ${walk.firstColumnOffset};
                                            column_offset <= ${walk.firstColumnOffset};
                                            if (!out_row_last) begin
                                                out_row <= out_row + ${walk.outRowOne};
                                                window_row_start <= next_start;
                                                row_start <= next_start;
                                                row <= next_start;
                                                rows_needed <= next_rows_needed;
                                            end else begin
                                                // next image: its row 0 follows this image's last row in the ring
                                                out_row <= ${walk.outRowZero};
                                                window_row_start <= ${walk.firstRow};
                                                row_start <= ${walk.firstRow};
                                                row <= ${walk.firstRow};
                                                rows_needed <= ${walk.firstRowsNeeded};
<#if walk.hasSlot>
                                                image_slot <= image_slot + ${walk.imageStepSlots};
</#if>
                                            end
                                        end
                                    end
                                end
<#else>
                                if (!out_column_last) begin
                                    out_column <= out_column + ${walk.outColumnOne};
                                    column_start <= column_start + ${walk.strideXLiteral};
                                    column <= column_start + ${walk.strideXLiteral};
                                    column_offset_start <= column_offset_start + ${walk.columnStepLiteral};
                                    column_offset <= column_offset_start + ${walk.columnStepLiteral};
                                end else begin
                                    out_column <= ${walk.outColumnZero};
                                    column_start <= ${walk.firstColumn};
                                    column <= ${walk.firstColumn};
                                    column_offset_start <= ${walk.firstColumnOffset};
                                    column_offset <= ${walk.firstColumnOffset};
                                    if (!out_row_last) begin
                                        out_row <= out_row + ${walk.outRowOne};
                                        row_start <= next_start;
                                        row <= next_start;
                                        rows_needed <= next_rows_needed;
                                    end else begin
                                        // next image: its row 0 follows this image's last row in the ring
                                        out_row <= ${walk.outRowZero};
                                        row_start <= ${walk.firstRow};
                                        row <= ${walk.firstRow};
                                        rows_needed <= ${walk.firstRowsNeeded};
<#if walk.hasSlot>
                                        image_slot <= image_slot + ${walk.imageStepSlots};
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
