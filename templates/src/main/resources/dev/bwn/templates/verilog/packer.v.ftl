<#import "header.ftl" as h>
<#if m.pooled>
<@h.header module=m.name what="max-pools ${m.window} convolved pixel(s) of layer ${m.layer} and packs each pooled pixel's ${m.channels} value(s) into one beat" template="verilog/packer.v.ftl"/>
//
// Values arrive channel 0 first, convolved pixel after convolved pixel of one pool window (${m.window} of them), and
// rotate through the register from the top: when a value arrives, its channel's running maximum is at the bottom,
// so the larger of the two (${m.comparison}) shifts in, and after each pixel every channel is back in place. After the
// window's last pixel channel c's maximum sits at out_data[${m.bits}*c +: ${m.bits}]. in_ready depends on this module's
// state only, never on out_ready, so no combinational path runs from one stage's ready to the next.
<#else>
<@h.header module=m.name what="packs the ${m.channels} value(s) of each output pixel of layer ${m.layer} into one beat" template="verilog/packer.v.ftl"/>
//
// Values arrive channel 0 first and shift in from the top, so after ${m.channels} of them channel c sits at
// out_data[${m.bits}*c +: ${m.bits}]. in_ready depends on this module's state only, never on out_ready, so no
// combinational path runs from one stage's ready to the next: it costs one idle cycle per pixel.
</#if>
`default_nettype none

module ${m.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire                in_valid,
    output wire                in_ready,
    input  wire [${msb(m.bits)}:0] in_data,
    output reg                 out_valid,
    input  wire                out_ready,
    output reg  [${msb(m.pixelBits)}:0] out_data
);
    reg [${msb(m.countBits)}:0] count;
    wire count_last = count == ${m.countCounter.last};
    assign in_ready = !out_valid;
    wire accept = in_valid && in_ready;
<#if m.pooled>
    reg [${msb(m.windowBits)}:0] window;
    wire window_last = window == ${m.windowCounter.last};
    wire ${m.signedKeyword}[${msb(m.bits)}:0] value = in_data;
    wire ${m.signedKeyword}[${msb(m.bits)}:0] running = out_data[${msb(m.bits)}:0];
    // the window's first pixel starts each maximum afresh
    wire [${msb(m.bits)}:0] kept = window == ${m.windowCounter.zero} || value > running ? in_data : out_data[${msb(m.bits)}:0];
    wire pixel_done = accept && count_last && window_last;
<#else>
    wire pixel_done = accept && count_last;
</#if>

    always @(posedge clk) begin
        if (accept) begin
<#if m.pooled>
            out_data <= ${m.poolShiftIn};
<#else>
            out_data <= ${m.shiftIn};
</#if>
        end
        if (rst) begin
            count <= ${m.countCounter.zero};
<#if m.pooled>
            window <= ${m.windowCounter.zero};
</#if>
            out_valid <= 1'b0;
        end else begin
            if (accept) begin
                count <= count_last ? ${m.countCounter.zero} : count + ${m.countCounter.one};
<#if m.pooled>
                if (count_last) begin
                    window <= window_last ? ${m.windowCounter.zero} : window + ${m.windowCounter.one};
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
