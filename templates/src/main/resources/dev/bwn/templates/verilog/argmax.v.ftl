<#import "header.ftl" as h>
<@h.header module=m.name what="argmax over ${m.classes} ${m.logitType} logits, ties to the lowest index" template="verilog/argmax.v.ftl"/>
//
<#if m.serial>
// The logits arrive one per beat, logit 0 first. Each is compared as it arrives and wins only when strictly larger,
// so ties go to the lowest index (SEMANTICS.md section 5); each also shifts into the logits register from the top.
<#else>
// The logits arrive as ${m.pixels} beat(s) (pixels) of ${m.channels} channel(s); logit c*${m.pixels} + q is channel c of beat q
// (CHW order), so each channel's logits shift into their own run of the logits register. Once all are in, they are
// scanned in place, logit 0 first, one per cycle: a logit wins only when strictly larger, so ties go to the lowest
// index (SEMANTICS.md section 5).
</#if>
// The class is presented beside the logits until the consumer takes them.
`default_nettype none

module ${m.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire                in_valid,
    output wire                in_ready,
    input  wire [${msb(m.beatBits)}:0] in_data,
    output wire                out_valid,
    input  wire                out_ready,
    output wire [${msb(m.classBits)}:0] out_class,
    output wire [${msb(m.logitBusBits)}:0] out_logits
);
    reg collected;
    reg [${msb(m.pixelBits)}:0] pixel;
    reg [${msb(m.logitBusBits)}:0] logits;
    reg ${m.signedKeyword}[${msb(m.logitBits)}:0] best_value;
    reg [${msb(m.classBits)}:0] best_class;
    wire take = in_valid && !collected;
    wire pixel_last = pixel == ${m.pixelCounter.last};
    assign in_ready = !collected;
    assign out_logits = logits;
    assign out_class = best_class;
<#if m.serial>
    assign out_valid = collected;
    wire ${m.signedKeyword}[${msb(m.logitBits)}:0] value = in_data;
    wire better = pixel == ${m.pixelCounter.zero} || value > best_value;

    always @(posedge clk) begin
        if (take) begin
            logits <= ${m.collectShift};
            if (better) begin
                best_value <= value;
                best_class <= pixel;
            end
        end
<#else>
    reg scanned;
    reg [${msb(m.classBits)}:0] index;
    assign out_valid = collected && scanned;
    wire [${msb(m.logitBits)}:0] logit_at [0:${msb(m.classes)}];
<#list m.logits as logit>
    assign logit_at[${logit.index}] = logits[${logit.high}:${logit.low}];
</#list>
    wire ${m.signedKeyword}[${msb(m.logitBits)}:0] value = logit_at[index];
    wire index_last = index == ${m.classCounter.last};
    wire better = index == ${m.classCounter.zero} || value > best_value;
    wire scanning = collected && !scanned;

    always @(posedge clk) begin
        if (take) begin
            logits <= ${m.collectShift};
        end
        if (scanning && better) begin
            best_value <= value;
            best_class <= index;
        end
        if (rst) begin
            scanned <= 1'b0;
            index <= ${m.classCounter.zero};
        end else if (scanning) begin
            index <= index_last ? ${m.classCounter.zero} : index + ${m.classCounter.one};
            if (index_last) begin
                scanned <= 1'b1;
            end
        end else if (out_valid && out_ready) begin
            scanned <= 1'b0;
        end
</#if>
        if (rst) begin
            collected <= 1'b0;
            pixel <= ${m.pixelCounter.zero};
        end else if (take) begin
            pixel <= pixel_last ? ${m.pixelCounter.zero} : pixel + ${m.pixelCounter.one};
            if (pixel_last) begin
                collected <= 1'b1;
            end
        end else if (out_valid && out_ready) begin
            collected <= 1'b0;
        end
    end
endmodule

`default_nettype wire
