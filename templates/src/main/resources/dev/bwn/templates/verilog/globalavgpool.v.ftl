<#import "header.ftl" as h>
<#import "elementwise.ftl" as ew>
<@h.header module=m.name what="globalavgpool layer \"${m.modelName}\": per-channel sums over the image, requantized" template="verilog/globalavgpool.v.ftl"/>
//
// Every input pixel (${m.channels} channel(s) of ${m.inputBits} bits, ${m.valueSign}) is added into one ${m.accumulatorBits}-bit accumulator per
// channel. After the image's last pixel the module stops taking input and requantizes the channels one per cycle,
// channel 0 first: y = clamp((acc*m[c] + bias[c] + round(shift[c])) >>> shift[c]); they leave ${m.beatChannels} per beat
// (value c of a beat at [${m.arithmetic.outputBits}*c +: ${m.arithmetic.outputBits}]). in_ready depends on this module's state only.
`default_nettype none

module ${m.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire                in_valid,
    output wire                in_ready,
    input  wire [${msb(m.term.pixelBits)}:0] in_data,
    output wire                out_valid,
    input  wire                out_ready,
    output wire [${msb(m.outputPixelBits)}:0] out_data
);
<#list m.channelIndexes as c>
    reg [${msb(m.accumulatorBits)}:0] accumulator_${c};
</#list>
    reg emitting;
    reg full;
    reg [${msb(m.pixelBits)}:0] pixel;
    reg [${msb(m.arithmetic.channelBits)}:0] channel;
    reg [${msb(m.beatBits)}:0] beat;
    reg [${msb(m.outputPixelBits)}:0] result;
    assign in_ready = !emitting;
    assign out_valid = full;
    assign out_data = result;
    wire take = in_valid && !emitting;
    wire step = emitting && !full;
    wire pixel_last = pixel == ${m.pixelLast};
    wire channel_last = channel == ${m.arithmetic.channelLast};
    wire beat_last = beat == ${m.beatLast};
    wire [${msb(m.accumulatorBits)}:0] value_0 = accumulator_0;

<@ew.arithmetic a=m.arithmetic terms=[m.term]/>

    always @(posedge clk) begin
        if (rst) begin
            emitting <= 1'b0;
            full <= 1'b0;
            pixel <= ${m.pixelZero};
            channel <= ${m.arithmetic.channelZero};
            beat <= ${m.beatZero};
        end else begin
            if (take) begin
                pixel <= pixel_last ? ${m.pixelZero} : pixel + ${m.pixelOne};
                if (pixel_last) begin
                    emitting <= 1'b1;
                end
            end
            if (step) begin
                channel <= channel_last ? ${m.arithmetic.channelZero} : channel + ${m.arithmetic.channelOne};
                beat <= beat_last ? ${m.beatZero} : beat + ${m.beatOne};
                if (channel_last) begin
                    emitting <= 1'b0;
                end
                if (beat_last) begin
                    full <= 1'b1;
                end
            end
            if (full && out_ready) begin
                full <= 1'b0;
            end
        end
    end

    always @(posedge clk) begin
        if (take) begin
<#list m.accumulateLines as line>
            ${line}
</#list>
        end else if (step) begin
<#list m.stepLines as line>
            ${line}
</#list>
        end
        if (step) begin
<#if m.shiftsOut>
            result <= {y, result[${msb(m.outputPixelBits)}:${m.arithmetic.outputBits}]};
<#else>
            result <= y;
</#if>
        end
    end
endmodule

`default_nettype wire
