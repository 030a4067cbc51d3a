<#import "header.ftl" as h>
<@h.header module=lb.name what="line buffer of layer ${lb.layer}: a ring of ${lb.rows} input row(s), filled one pixel per beat" template="verilog/line_buffer.v.ftl"/>
//
// Each beat is one pixel of ${lb.channels} channel(s) (channel c at in_data[${lb.elementBits}*c +: ${lb.elementBits}]), pixels row after row,
// ${lb.height} row(s) of ${lb.width} per image. A pixel is stored as ${lb.slices} word(s) of ${lb.lanes} channel(s), one word per cycle, so a
// beat is taken (in_ready) with its last word. The ring holds ${lb.rows} row slot(s) of ${lb.rowStride} word(s) (a row uses ${lb.rowWords}), addressed
// {slot, word}, and wraps across images by letting the slot counter overflow.
// Row accounting: a row is opened with its first word only while the ring has a free row (`occupied` counts rows
// opened and not yet given back; it goes negative while the walker skips rows it never reads); `filled` counts the
// complete rows of the walker's current image, less ${lb.height} when the walker finishes an image.
`default_nettype none

module ${lb.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire                in_valid,
    output wire                in_ready,
    input  wire [${msb(lb.pixelBits)}:0] in_data,
    // rows the walker no longer reads (zero when it gives none back this cycle)
    input  wire [${msb(lb.releaseBits)}:0] release_rows,
    // the walker issued the last read of an image this cycle
    input  wire                image_done,
    output reg  [${msb(lb.filledBits)}:0] filled,
    input  wire [${msb(lb.addressBits)}:0] read_address,
    output wire [${msb(lb.wordBits)}:0] read_data
);
    reg [${msb(lb.sliceBits)}:0] slice;
    reg [${msb(lb.columnBits)}:0] column;
<#if lb.hasSlot>
    reg [${msb(lb.slotBits)}:0] write_slot;
</#if>
<#if lb.hasWord>
    reg [${msb(lb.rowWordBits)}:0] write_word;
</#if>
    reg signed [${msb(lb.occupiedBits)}:0] occupied;

    wire row_open = slice == ${lb.sliceZero} && column == ${lb.columnZero};
    wire can_write = !row_open || occupied < ${lb.rowsLiteral};
    wire slice_last = slice == ${lb.sliceLast};
    wire column_last = column == ${lb.columnLast};
    wire write = in_valid && can_write;
    assign in_ready = can_write && slice_last;
    wire row_opened = write && row_open;
    wire row_complete = write && slice_last && column_last;

    // the word written now: the channels of the current slice
    wire [${msb(lb.wordBits)}:0] in_slices [0:${msb(lb.slices)}];
<#list lb.sliceRanges as s>
    assign in_slices[${s.index}] = in_data[${s.high}:${s.low}];
</#list>

    ${lb.ramModule} #(
        .WIDTH(${lb.wordBits}),
        .DEPTH(${lb.depth}),
        .ADDR_BITS(${lb.addressBits}),
        .BLOCK(${lb.block})
    ) u_ring (
        .clk(clk),
        .write_enable(write),
        .write_address(${lb.writeAddress}),
        .write_data(in_slices[slice]),
        .read_address(read_address),
        .read_data(read_data)
    );

    always @(posedge clk) begin
        if (rst) begin
            slice <= ${lb.sliceZero};
            column <= ${lb.columnZero};
<#if lb.hasSlot>
            write_slot <= ${lb.slotZero};
</#if>
<#if lb.hasWord>
            write_word <= ${lb.wordZero};
</#if>
            occupied <= ${lb.occupiedZero};
            filled <= ${lb.filledZero};
        end else begin
            if (write) begin
                slice <= slice_last ? ${lb.sliceZero} : slice + ${lb.sliceOne};
                if (slice_last) begin
                    column <= column_last ? ${lb.columnZero} : column + ${lb.columnOne};
                end
<#if lb.hasWord>
                write_word <= slice_last && column_last ? ${lb.wordZero} : write_word + ${lb.wordOne};
</#if>
<#if lb.hasSlot>
                if (slice_last && column_last) begin
                    write_slot <= write_slot + ${lb.slotOne};
                end
</#if>
            end
            occupied <= occupied + ${lb.openedExtended} - ${lb.releaseExtended};
            filled <= filled + ${lb.completeExtended} - (image_done ? ${lb.heightFilled} : ${lb.filledZero});
        end
    end
endmodule

`default_nettype wire
