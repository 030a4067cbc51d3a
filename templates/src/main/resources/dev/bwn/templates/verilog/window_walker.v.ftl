<#import "header.ftl" as h>
<@h.header module=walk.name what="read schedule (window walk) of layer ${walk.layer}" template="verilog/window_walker.v.ftl"/>
//
// Loops, outermost first: ${walk.outer} outer group(s), ${walk.outHeight} output row(s), ${walk.outWidth} output column(s),
// ${walk.innerGroups} input-channel group(s), kernel ${walk.kernelHeight}x${walk.kernelWidth}; one buffer read per cycle.
// Row and column are signed so the zero padding is a range check; the address
// outer*${walk.outerStride} + group*${walk.pixels} + row*${walk.width} + column is kept by additions only.
// A pixel starts only with a credit (a free FIFO entry reserved for its result), so nothing inside the layer
// ever has to stall once issued.
`default_nettype none

module ${walk.name} (
    input  wire                clk,
    input  wire                rst,
    // the input buffer holds a complete image
    input  wire                start,
    input  wire                credit_ok,
    output wire                take_credit,
    output reg                 issue_valid,
    output reg  [${msb(walk.addressBits)}:0] issue_address,
<#if walk.padded>
    output reg                 issue_in_bounds,
</#if>
    output reg                 issue_first,
    output reg                 issue_last,
<#if walk.hasRom>
    output reg  [${msb(walk.romAddressBits)}:0] issue_rom_address,
    output reg  [${msb(walk.channelBits)}:0] issue_channel_base,
</#if>
    // one cycle after the final read was issued: the buffer may take the next image
    output reg                 finished
);
    reg running;
    reg [${msb(walk.outerBits)}:0] outer;
    reg [${msb(walk.outRowBits)}:0] out_row;
    reg [${msb(walk.outColumnBits)}:0] out_column;
    reg [${msb(walk.innerBits)}:0] inner;
    reg [${msb(walk.kernelRowBits)}:0] kernel_row;
    reg [${msb(walk.kernelColumnBits)}:0] kernel_column;
    // input row and column of the window's top-left corner, and of the position read now
    reg signed [${msb(walk.positionBits)}:0] row_start;
    reg signed [${msb(walk.positionBits)}:0] row;
    reg signed [${msb(walk.positionBits)}:0] column_start;
    reg signed [${msb(walk.positionBits)}:0] column;
    // row * width, kept alongside row
    reg signed [${msb(walk.positionBits)}:0] row_offset_start;
    reg signed [${msb(walk.positionBits)}:0] row_offset;
    // outer * outer stride + group * pixels
    reg signed [${msb(walk.positionBits)}:0] channel_offset_start;
    reg signed [${msb(walk.positionBits)}:0] channel_offset;
<#if walk.hasRom>
    reg [${msb(walk.romAddressBits)}:0] rom_address;
    reg [${msb(walk.romAddressBits)}:0] rom_address_start;
    reg [${msb(walk.channelBits)}:0] channel_base;
</#if>

    wire kernel_column_last = kernel_column == ${walk.kernelColumnLast};
    wire kernel_row_last = kernel_row == ${walk.kernelRowLast};
    wire inner_last = inner == ${walk.innerLast};
    wire out_column_last = out_column == ${walk.outColumnLast};
    wire out_row_last = out_row == ${walk.outRowLast};
    wire outer_last = outer == ${walk.outerLast};
    wire pixel_start = inner == ${walk.innerZero} && kernel_row == ${walk.kernelRowZero} && kernel_column == ${walk.kernelColumnZero};
    wire pixel_last = inner_last && kernel_row_last && kernel_column_last;
    wire issue = running && (!pixel_start || credit_ok);
    assign take_credit = issue && pixel_start;

    // Only the low bits address the buffer; the sign and high bits matter only inside the padding, where the read
    // is masked, so they are deliberately left unused.
    /* verilator lint_off UNUSED */
    wire signed [${msb(walk.positionBits)}:0] address = channel_offset + row_offset + column;
    /* verilator lint_on UNUSED */

    always @(posedge clk) begin
        if (rst) begin
            running <= 1'b0;
            issue_valid <= 1'b0;
            finished <= 1'b0;
            outer <= ${walk.outerZero};
            out_row <= ${walk.outRowZero};
            out_column <= ${walk.outColumnZero};
            inner <= ${walk.innerZero};
            kernel_row <= ${walk.kernelRowZero};
            kernel_column <= ${walk.kernelColumnZero};
            row_start <= ${walk.firstRow};
            row <= ${walk.firstRow};
            column_start <= ${walk.firstColumn};
            column <= ${walk.firstColumn};
            row_offset_start <= ${walk.firstRowOffset};
            row_offset <= ${walk.firstRowOffset};
            channel_offset_start <= ${walk.positionZero};
            channel_offset <= ${walk.positionZero};
<#if walk.hasRom>
            rom_address <= ${walk.romZero};
            rom_address_start <= ${walk.romZero};
            channel_base <= ${walk.channelZero};
</#if>
        end else begin
            issue_valid <= issue;
            finished <= issue && pixel_last && out_column_last && out_row_last && outer_last;
            if (start) begin
                running <= 1'b1;
            end
            if (issue) begin
                issue_address <= address[${msb(walk.addressBits)}:0];
<#if walk.padded>
                issue_in_bounds <= row >= ${walk.positionZero} && row < ${walk.heightLiteral}
                    && column >= ${walk.positionZero} && column < ${walk.widthLiteral};
</#if>
                issue_first <= pixel_start;
                issue_last <= pixel_last;
<#if walk.hasRom>
                issue_rom_address <= rom_address;
                issue_channel_base <= channel_base;
                // the weights of one output-channel group repeat for every pixel
                if (!pixel_last) begin
                    rom_address <= rom_address + ${walk.romOne};
                end else if (!(out_column_last && out_row_last)) begin
                    rom_address <= rom_address_start;
                end else if (!outer_last) begin
                    rom_address <= rom_address + ${walk.romOne};
                    rom_address_start <= rom_address + ${walk.romOne};
                end else begin
                    rom_address <= ${walk.romZero};
                    rom_address_start <= ${walk.romZero};
                end
</#if>
                if (!kernel_column_last) begin
                    kernel_column <= kernel_column + ${walk.kernelColumnOne};
                    column <= column + ${walk.positionOne};
                end else begin
                    kernel_column <= ${walk.kernelColumnZero};
                    column <= column_start;
                    if (!kernel_row_last) begin
                        kernel_row <= kernel_row + ${walk.kernelRowOne};
                        row <= row + ${walk.positionOne};
                        row_offset <= row_offset + ${walk.widthLiteral};
                    end else begin
                        kernel_row <= ${walk.kernelRowZero};
                        row <= row_start;
                        row_offset <= row_offset_start;
                        if (!inner_last) begin
                            inner <= inner + ${walk.innerOne};
                            channel_offset <= channel_offset + ${walk.pixelsLiteral};
                        end else begin
                            inner <= ${walk.innerZero};
                            channel_offset <= channel_offset_start;
                            if (!out_column_last) begin
                                out_column <= out_column + ${walk.outColumnOne};
                                column_start <= column_start + ${walk.strideXLiteral};
                                column <= column_start + ${walk.strideXLiteral};
                            end else begin
                                out_column <= ${walk.outColumnZero};
                                column_start <= ${walk.firstColumn};
                                column <= ${walk.firstColumn};
                                if (!out_row_last) begin
                                    out_row <= out_row + ${walk.outRowOne};
                                    row_start <= row_start + ${walk.strideYLiteral};
                                    row <= row_start + ${walk.strideYLiteral};
                                    row_offset_start <= row_offset_start + ${walk.rowStepLiteral};
                                    row_offset <= row_offset_start + ${walk.rowStepLiteral};
                                end else begin
                                    out_row <= ${walk.outRowZero};
                                    row_start <= ${walk.firstRow};
                                    row <= ${walk.firstRow};
                                    row_offset_start <= ${walk.firstRowOffset};
                                    row_offset <= ${walk.firstRowOffset};
                                    if (!outer_last) begin
                                        outer <= outer + ${walk.outerOne};
                                        channel_offset_start <= channel_offset_start + ${walk.outerStrideLiteral};
                                        channel_offset <= channel_offset_start + ${walk.outerStrideLiteral};
<#if walk.hasRom>
                                        channel_base <= channel_base + ${walk.peLiteral};
</#if>
                                    end else begin
                                        outer <= ${walk.outerZero};
                                        channel_offset_start <= ${walk.positionZero};
                                        channel_offset <= ${walk.positionZero};
<#if walk.hasRom>
                                        channel_base <= ${walk.channelZero};
</#if>
                                        running <= 1'b0;
                                    end
                                end
                            end
                        end
                    end
                end
            end
        end
    end
endmodule

`default_nettype wire
