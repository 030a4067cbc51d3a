<#import "header.ftl" as h>
<#if pk.pooled>
<@h.header module=pk.name what="max-pools ${pk.window} convolved pixel(s) of layer ${pk.layer} and packs each pooled pixel's ${pk.channels} value(s) into one beat" template="verilog/packer.v.ftl"/>
//
// Values arrive channel 0 first, convolved pixel after convolved pixel of one pool window (${pk.window} of them), and
// rotate through the register from the top: when a value arrives, its channel's running maximum is at the bottom,
// so the larger of the two (${pk.comparison}) shifts in, and after each pixel every channel is back in place. After the
// window's last pixel channel c's maximum sits at out_data[${pk.bits}*c +: ${pk.bits}]. in_ready depends on this module's
// state only, never on out_ready, so no combinational path runs from one stage's ready to the next.
<#else>
<@h.header module=pk.name what="packs the ${pk.channels} value(s) of each output pixel of layer ${pk.layer} into one beat" template="verilog/packer.v.ftl"/>
//
// Values arrive channel 0 first and shift in from the top, so after ${pk.channels} of them channel c sits at
// out_data[${pk.bits}*c +: ${pk.bits}]. in_ready depends on this module's state only, never on out_ready, so no
// combinational path runs from one stage's ready to the next: it costs one idle cycle per pixel.
</#if>
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
<#if pk.pooled>
    reg [${msb(pk.windowBits)}:0] window;
    wire window_last = window == ${pk.windowLast};
    wire ${pk.signedKeyword}[${msb(pk.bits)}:0] value = in_data;
    wire ${pk.signedKeyword}[${msb(pk.bits)}:0] running = out_data[${msb(pk.bits)}:0];
    // the window's first pixel starts each maximum afresh
    wire [${msb(pk.bits)}:0] kept = window == ${pk.windowZero} || value > running ? in_data : out_data[${msb(pk.bits)}:0];
    wire pixel_done = accept && count_last && window_last;
<#else>
    wire pixel_done = accept && count_last;
</#if>

    always @(posedge clk) begin
        if (accept) begin
<#if pk.pooled>
            out_data <= ${pk.poolShiftIn};
<#else>
            out_data <= ${pk.shiftIn};
</#if>
        end
        if (rst) begin
            count <= ${pk.countZero};
<#if pk.pooled>
            window <= ${pk.windowZero};
</#if>
            out_valid <= 1'b0;
        end else begin
            if (accept) begin
                count <= count_last ? ${pk.countZero} : count + ${pk.countOne};
<#if pk.pooled>
                if (count_last) begin
                    window <= window_last ? ${pk.windowZero} : window + ${pk.windowOne};
                end
</#if>
            end
            if (pixel_done) begin
                out_valid <= 1'b1;
            end else if (out_ready) begin
                out_valid <= 1'b0;
            end
        end
    end
endmodule

`default_nettype wire
