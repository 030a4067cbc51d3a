<#import "header.ftl" as h>
<@h.header module=argmax.name what="argmax over ${argmax.classes} ${argmax.logitType} logits, ties to the lowest index" template="verilog/argmax.v.ftl"/>
//
<#if argmax.collect>
// The logits arrive as ${argmax.pixels} beats (pixels) of ${argmax.channels} channel(s); logit c*${argmax.pixels} + q is channel c of beat q
// (CHW order), so each channel's logits shift into their own run of the logits register. Once all are in, they are
<#else>
// All logits arrive in one beat (logit k at in_data[${argmax.logitBits}*k +: ${argmax.logitBits}]), which the producer holds until it is
// taken, and are
</#if>
// scanned in place, logit 0 first, one per cycle: a logit wins only when strictly larger, so ties go to the lowest
// index (SEMANTICS.md section 5). The class is presented beside the logits until the consumer takes them.
`default_nettype none

module ${argmax.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire                in_valid,
    output wire                in_ready,
    input  wire [${msb(argmax.beatBits)}:0] in_data,
    output wire                out_valid,
    input  wire                out_ready,
    output wire [${msb(argmax.classBits)}:0] out_class,
    output wire [${msb(argmax.logitBusBits)}:0] out_logits
);
    reg scanned;
    reg [${msb(argmax.classBits)}:0] index;
    reg ${argmax.signedKeyword}[${msb(argmax.logitBits)}:0] best_value;
    reg [${msb(argmax.classBits)}:0] best_class;
<#if argmax.collect>
    reg collected;
    reg [${msb(argmax.pixelBits)}:0] pixel;
    reg [${msb(argmax.logitBusBits)}:0] logits;
    wire have = collected;
    assign in_ready = !collected;
    assign out_logits = logits;
    always @(posedge clk) begin
        if (in_valid && in_ready) begin
            logits <= ${argmax.collectShift};
        end
        if (rst) begin
            collected <= 1'b0;
            pixel <= ${argmax.pixelZero};
        end else if (in_valid && in_ready) begin
            pixel <= pixel == ${argmax.pixelLast} ? ${argmax.pixelZero} : pixel + ${argmax.pixelOne};
            if (pixel == ${argmax.pixelLast}) begin
                collected <= 1'b1;
            end
        end else if (out_valid && out_ready) begin
            collected <= 1'b0;
        end
    end
<#else>
    wire have = in_valid;
    assign in_ready = out_ready && scanned;
    assign out_logits = in_data;
</#if>
    assign out_valid = have && scanned;
    assign out_class = best_class;

    wire [${msb(argmax.logitBits)}:0] logit_at [0:${msb(argmax.classes)}];
<#list argmax.logits as logit>
    assign logit_at[${logit.index}] = ${argmax.source}[${logit.high}:${logit.low}];
</#list>
    wire ${argmax.signedKeyword}[${msb(argmax.logitBits)}:0] value = logit_at[index];
    wire index_last = index == ${argmax.classLast};
    wire better = index == ${argmax.classZero} || value > best_value;

    always @(posedge clk) begin
        if (have && !scanned && better) begin
            best_value <= value;
            best_class <= index;
        end
        if (rst) begin
            scanned <= 1'b0;
            index <= ${argmax.classZero};
        end else if (have && !scanned) begin
            index <= index_last ? ${argmax.classZero} : index + ${argmax.classOne};
            if (index_last) begin
                scanned <= 1'b1;
            end
        end else if (out_valid && out_ready) begin
            scanned <= 1'b0;
        end
    end
endmodule

`default_nettype wire
