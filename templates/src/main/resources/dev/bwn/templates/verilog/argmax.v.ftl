<#import "header.ftl" as h>
<@h.header module=argmax.name what="argmax over ${argmax.classes} ${argmax.logitType} logits, ties to the lowest index" template="verilog/argmax.v.ftl"/>
//
<#if argmax.serial>
// The logits arrive one per beat, logit 0 first. Each is compared as it arrives and wins only when strictly larger,
// so ties go to the lowest index (SEMANTICS.md section 5); each also shifts into the logits register from the top.
<#else>
// The logits arrive as ${argmax.pixels} beat(s) (pixels) of ${argmax.channels} channel(s); logit c*${argmax.pixels} + q is channel c of beat q
// (CHW order), so each channel's logits shift into their own run of the logits register. Once all are in, they are
// scanned in place, logit 0 first, one per cycle: a logit wins only when strictly larger, so ties go to the lowest
// index (SEMANTICS.md section 5).
</#if>
// The class is presented beside the logits until the consumer takes them.
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
    reg collected;
    reg [${msb(argmax.pixelBits)}:0] pixel;
    reg [${msb(argmax.logitBusBits)}:0] logits;
    reg ${argmax.signedKeyword}[${msb(argmax.logitBits)}:0] best_value;
    reg [${msb(argmax.classBits)}:0] best_class;
    wire take = in_valid && !collected;
    wire pixel_last = pixel == ${argmax.pixelLast};
    assign in_ready = !collected;
    assign out_logits = logits;
    assign out_class = best_class;
<#if argmax.serial>
    assign out_valid = collected;
    wire ${argmax.signedKeyword}[${msb(argmax.logitBits)}:0] value = in_data;
    wire better = pixel == ${argmax.pixelZero} || value > best_value;

    always @(posedge clk) begin
        if (take) begin
            logits <= ${argmax.collectShift};
            if (better) begin
                best_value <= value;
                best_class <= pixel;
            end
        end
<#else>
    reg scanned;
    reg [${msb(argmax.classBits)}:0] index;
    assign out_valid = collected && scanned;
    wire [${msb(argmax.logitBits)}:0] logit_at [0:${msb(argmax.classes)}];
<#list argmax.logits as logit>
    assign logit_at[${logit.index}] = logits[${logit.high}:${logit.low}];
</#list>
    wire ${argmax.signedKeyword}[${msb(argmax.logitBits)}:0] value = logit_at[index];
    wire index_last = index == ${argmax.classLast};
    wire better = index == ${argmax.classZero} || value > best_value;
    wire scanning = collected && !scanned;

    always @(posedge clk) begin
        if (take) begin
            logits <= ${argmax.collectShift};
        end
        if (scanning && better) begin
            best_value <= value;
            best_class <= index;
        end
        if (rst) begin
            scanned <= 1'b0;
            index <= ${argmax.classZero};
        end else if (scanning) begin
            index <= index_last ? ${argmax.classZero} : index + ${argmax.classOne};
            if (index_last) begin
                scanned <= 1'b1;
            end
        end else if (out_valid && out_ready) begin
            scanned <= 1'b0;
        end
</#if>
        if (rst) begin
            collected <= 1'b0;
            pixel <= ${argmax.pixelZero};
        end else if (take) begin
            pixel <= pixel_last ? ${argmax.pixelZero} : pixel + ${argmax.pixelOne};
            if (pixel_last) begin
                collected <= 1'b1;
            end
        end else if (out_valid && out_ready) begin
            collected <= 1'b0;
        end
    end
endmodule

`default_nettype wire
