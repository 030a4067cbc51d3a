<#import "header.ftl" as h>
<@h.header module=pk.name what="packs the ${pk.channels} value(s) of each output pixel of layer ${pk.layer} into one beat" template="verilog/packer.v.ftl"/>
//
// Values arrive channel 0 first and shift in from the top, so after ${pk.channels} of them channel c sits at
// out_data[${pk.bits}*c +: ${pk.bits}]. in_ready depends on this module's state only, never on out_ready, so no
// combinational path runs from one stage's ready to the next: it costs one idle cycle per pixel.
`default_nettype none

module ${pk.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire                in_valid,
    output wire                in_ready,
    input  wire [${msb(pk.bits)}:0] in_data,
    output reg                 out_valid,
    input  wire                out_ready,
    output reg  [${msb(pk.pixelBits)}:0] out_data
);
    reg [${msb(pk.countBits)}:0] count;
    wire count_last = count == ${pk.countLast};
    assign in_ready = !out_valid;
    wire accept = in_valid && in_ready;

    always @(posedge clk) begin
        if (accept) begin
            out_data <= ${pk.shiftIn};
        end
        if (rst) begin
            count <= ${pk.countZero};
            out_valid <= 1'b0;
        end else begin
            if (accept) begin
                count <= count_last ? ${pk.countZero} : count + ${pk.countOne};
            end
            if (accept && count_last) begin
                out_valid <= 1'b1;
            end else if (out_ready) begin
                out_valid <= 1'b0;
            end
        end
    end
endmodule

`default_nettype wire
