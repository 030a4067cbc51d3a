<#import "header.ftl" as h>
<@h.header module=m.name what="line buffer of layer ${m.layer}: a ring of ${m.rows} input row(s), filled one pixel per beat" template="verilog/line_buffer.v.ftl"/>
//
// Each beat is one pixel of ${m.channels} channel(s) (channel c at in_data[${m.elementBits}*c +: ${m.elementBits}]), pixels row after row,
// ${m.height} row(s) of ${m.width} per image. A pixel is stored as ${m.slices} word(s) of ${m.lanes} channel(s), one word per cycle, so a
// beat is taken (in_ready) with its last word. The ring holds ${m.rows} row slot(s) of ${m.rowStride} word(s) (a row uses ${m.rowWords}), addressed
// {slot, word}, and wraps across images by letting the slot counter overflow.
// Row accounting: a row is opened with its first word only while the ring has a free row (`occupied` counts rows
// opened and not yet given back; it goes negative while the walker skips rows it never reads); `filled` counts the
// complete rows of the walker's current image, less ${m.height} when the walker finishes an image.
`default_nettype none

module ${m.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire                in_valid,
    output wire                in_ready,
    input  wire [${msb(m.pixelBits)}:0] in_data,
    // rows the walker no longer reads (zero when it gives none back this cycle)
    input  wire [${msb(m.releaseBits)}:0] release_rows,
    // the walker issued the last read of an image this cycle
    input  wire                image_done,
    output reg  [${msb(m.filledBits)}:0] filled,
<#if m.readPorts?size gt 1>
    // ${m.readPorts?size} read ports (one per window position the walker reads per cycle), port t at bits [t*${m.addressBits} +: ${m.addressBits}] / [t*${m.wordBits} +: ${m.wordBits}]
</#if>
    input  wire [${msb(m.readAddressBits)}:0] read_address,
    output wire [${msb(m.readDataBits)}:0] read_data
);
    reg [${msb(m.sliceBits)}:0] slice;
    reg [${msb(m.columnBits)}:0] column;
<#if m.hasSlot>
    reg [${msb(m.slotBits)}:0] write_slot;
</#if>
<#if m.hasWord>
    reg [${msb(m.rowWordBits)}:0] write_word;
</#if>
    reg signed [${msb(m.occupiedBits)}:0] occupied;

    wire row_open = slice == ${m.sliceCounter.zero} && column == ${m.columnCounter.zero};
    wire can_write = !row_open || occupied < ${m.rowsLiteral};
    wire slice_last = slice == ${m.sliceCounter.last};
    wire column_last = column == ${m.columnCounter.last};
    wire write = in_valid && can_write;
    assign in_ready = can_write && slice_last;
    wire row_opened = write && row_open;
    wire row_complete = write && slice_last && column_last;

    // the word written now: the channels of the current slice
    wire [${msb(m.wordBits)}:0] in_slices [0:${msb(m.slices)}];
<#list m.sliceRanges as s>
    assign in_slices[${s.index}] = in_data[${s.high}:${s.low}];
</#list>

<#if m.readPorts?size gt 1>
    // one copy of the ring per read port, all written alike
</#if>
<#list m.readPorts as port>
    ${m.ramModule} #(
        .WIDTH(${m.wordBits}),
        .DEPTH(${m.depth}),
        .ADDR_BITS(${m.addressBits}),
        .BLOCK(${m.block})
    ) ${port.instance} (
        .clk(clk),
        .write_enable(write),
        .write_address(${m.writeAddress}),
        .write_data(in_slices[slice]),
        .read_address(${port.address}),
        .read_data(${port.data})
    );
</#list>

    always @(posedge clk) begin
        if (rst) begin
            slice <= ${m.sliceCounter.zero};
            column <= ${m.columnCounter.zero};
<#if m.hasSlot>
            write_slot <= ${m.slotCounter.zero};
</#if>
<#if m.hasWord>
            write_word <= ${m.wordCounter.zero};
</#if>
            occupied <= ${m.occupiedZero};
            filled <= ${m.filledZero};
        end else begin
            if (write) begin
                slice <= slice_last ? ${m.sliceCounter.zero} : slice + ${m.sliceCounter.one};
                if (slice_last) begin
                    column <= column_last ? ${m.columnCounter.zero} : column + ${m.columnCounter.one};
                end
<#if m.hasWord>
                write_word <= slice_last && column_last ? ${m.wordCounter.zero} : write_word + ${m.wordCounter.one};
</#if>
<#if m.hasSlot>
                if (slice_last && column_last) begin
                    write_slot <= write_slot + ${m.slotCounter.one};
                end
</#if>
            end
            occupied <= occupied + ${m.openedExtended} - ${m.releaseExtended};
            filled <= filled + ${m.completeExtended} - (image_done ? ${m.heightFilled} : ${m.filledZero});
        end
    end
endmodule

`default_nettype wire
