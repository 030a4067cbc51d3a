<#import "header.ftl" as h>
<@h.header module=argmax.name what="argmax over ${argmax.classes} ${argmax.logitType} logits, ties to the lowest index" template="verilog/argmax.v.ftl"/>
//
// Logits arrive in the last layer's stream order, not necessarily by index, so the running best compares
// (value, index): a logit wins when it is larger, or equal with a smaller index (SEMANTICS.md section 5). All logits
// are kept and presented with the class until the consumer takes them.
`default_nettype none

module ${argmax.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire                in_valid,
    output wire                in_ready,
    input  wire [${msb(argmax.logitBits)}:0] in_data,
    output wire                out_valid,
    input  wire                out_ready,
    output wire [${msb(argmax.classBits)}:0] out_class,
    output wire [${msb(argmax.logitBusBits)}:0] out_logits
);
    reg done;
    reg first;
    wire accept = in_valid && !done;
    assign in_ready = !done;
    assign out_valid = done;

    wire [0:0] logit_lane;
    wire [${msb(argmax.classBits)}:0] logit_index;
    wire logit_last;
    ${argmax.indexModule} u_index (
        .clk(clk),
        .rst(rst),
        .advance(accept),
        .lane(logit_lane),
        .address(logit_index),
        .last(logit_last)
    );
    // a single lane: every logit is written, the lane check only documents that
    wire write_logit = accept && logit_lane == 1'd0;

<#list argmax.logits as logit>
    reg [${msb(argmax.logitBits)}:0] logit_${logit.index};
    always @(posedge clk) begin
        if (write_logit && logit_index == ${logit.literal}) begin
            logit_${logit.index} <= in_data;
        end
    end
    assign out_logits[${logit.high}:${logit.low}] = logit_${logit.index};
</#list>

    wire ${argmax.signedKeyword}[${msb(argmax.logitBits)}:0] value = in_data;
    reg ${argmax.signedKeyword}[${msb(argmax.logitBits)}:0] best_value;
    reg [${msb(argmax.classBits)}:0] best_class;
    wire better = first || value > best_value || (value == best_value && logit_index < best_class);
    assign out_class = best_class;

    always @(posedge clk) begin
        if (rst) begin
            done <= 1'b0;
            first <= 1'b1;
        end else begin
            if (write_logit) begin
                first <= 1'b0;
                if (better) begin
                    best_value <= value;
                    best_class <= logit_index;
                end
                if (logit_last) begin
                    done <= 1'b1;
                end
            end
            if (out_valid && out_ready) begin
                done <= 1'b0;
                first <= 1'b1;
            end
        end
    end
endmodule

`default_nettype wire
