<#import "header.ftl" as h>
<#import "elementwise.ftl" as ew>
<#-- The stage of every kind of the elementwise family (ElementwiseStage), named after its first kind, add. -->
<@h.header module=m.name what="${m.kind} layer \"${m.modelName}\": ${m.streams}" template="verilog/add.v.ftl"/>
//
// ${m.holding} a one-pixel holding register (ready = the register is empty, so no valid/ready path runs through
// this module). ${m.whenHeld} a pixel and the output register is free, the ${m.channels} channel(s) are computed one
// per cycle, channel 0 first: y = clamp((${m.formula} + bias[c] + round(shift[c])) >>> shift[c]), shifted
// into the output register from the top; then the pixel is sent as one beat (channel c at [${m.arithmetic.outputBits}*c +: ${m.arithmetic.outputBits}]).
`default_nettype none

module ${m.name} (
    input  wire                clk,
    input  wire                rst,
<#list m.terms as t>
    input  wire                ${t.inputName}_valid,
    output wire                ${t.inputName}_ready,
    input  wire [${msb(t.pixelBits)}:0] ${t.inputName}_data,
</#list>
    output wire                out_valid,
    input  wire                out_ready,
    output wire [${msb(m.outputPixelBits)}:0] out_data
);
<#list m.terms as t>
    reg held_${t.index};
    reg [${msb(t.pixelBits)}:0] x_${t.index};
    assign ${t.inputName}_ready = !held_${t.index};
    wire [${msb(t.valueBits)}:0] value_${t.index} = x_${t.index}[${msb(t.valueBits)}:0];
</#list>
    reg busy;
    reg full;
    reg [${msb(m.arithmetic.channelBits)}:0] channel;
    reg [${msb(m.outputPixelBits)}:0] result;
    assign out_valid = full;
    assign out_data = result;
    wire start = ${m.allHeld} && !busy && !full;
    wire channel_last = channel == ${m.arithmetic.channelLast};

<@ew.arithmetic a=m.arithmetic terms=m.terms/>

    always @(posedge clk) begin
        if (rst) begin
<#list m.terms as t>
            held_${t.index} <= 1'b0;
</#list>
            busy <= 1'b0;
            full <= 1'b0;
            channel <= ${m.arithmetic.channelZero};
        end else begin
<#list m.terms as t>
            if (${t.inputName}_valid && !held_${t.index}) begin
                held_${t.index} <= 1'b1;
            end
</#list>
            if (start) begin
                busy <= 1'b1;
            end
            if (busy) begin
                if (channel_last) begin
                    busy <= 1'b0;
                    full <= 1'b1;
<#list m.terms as t>
                    held_${t.index} <= 1'b0;
</#list>
                    channel <= ${m.arithmetic.channelZero};
                end else begin
                    channel <= channel + ${m.arithmetic.channelOne};
                end
            end
            if (full && out_ready) begin
                full <= 1'b0;
            end
        end
    end

    always @(posedge clk) begin
<#list m.terms as t>
        if (${t.inputName}_valid && !held_${t.index}) begin
            x_${t.index} <= ${t.inputName}_data;
<#if !m.serial>
        end else if (busy) begin
            x_${t.index} <= x_${t.index} >> ${t.valueBits};
</#if>
        end
</#list>
        if (busy) begin
<#if m.serial>
            result <= y;
<#else>
            result <= {y, result[${msb(m.outputPixelBits)}:${m.arithmetic.outputBits}]};
</#if>
        end
    end
endmodule

`default_nettype wire
