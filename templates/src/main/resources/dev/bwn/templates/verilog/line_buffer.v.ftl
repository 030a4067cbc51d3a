<#import "header.ftl" as h>
<@h.header module=lb.name what="line buffer of layer ${lb.layer}: a ring of ${lb.rows} input row(s), filled one pixel per beat" template="verilog/line_buffer.v.ftl"/>
//
// Each beat is one pixel of ${lb.channels} channel(s) (channel c at in_data[${lb.elementBits}*c +: ${lb.elementBits}]), pixels row after row,
// ${lb.height} row(s) of ${lb.width} per image. A pixel is stored as ${lb.slices} word(s) of ${lb.lanes} channel(s), one word per cycle, so a
// beat is taken (in_ready) with its last word. The ring holds ${lb.rows} row(s) (${lb.depth} words) and wraps across images.
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
    reg [${msb(lb.addressBits)}:0] write_address;
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
        .write_address(write_address),
        .write_data(in_slices[slice]),
        .read_address(read_address),
        .read_data(read_data)
    );

    always @(posedge clk) begin
        if (rst) begin
            slice <= ${lb.sliceZero};
            column <= ${lb.columnZero};
            write_address <= ${lb.addressZero};
            occupied <= ${lb.occupiedZero};
            filled <= ${lb.filledZero};
        end else begin
            if (write) begin
                slice <= slice_last ? ${lb.sliceZero} : slice + ${lb.sliceOne};
                if (slice_last) begin
                    column <= column_last ? ${lb.columnZero} : column + ${lb.columnOne};
                end
                write_address <= write_address == ${lb.addressLast} ? ${lb.addressZero} : write_address + ${lb.addressOne};
            end
            occupied <= occupied + ${lb.openedExtended} - ${lb.releaseExtended};
            filled <= filled + ${lb.completeExtended} - (image_done ? ${lb.heightFilled} : ${lb.filledZero});
        end
    end
endmodule

`default_nettype wire
