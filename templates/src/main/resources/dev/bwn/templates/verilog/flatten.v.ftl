<#import "header.ftl" as h>
<@h.header module=m.name what="flatten \"${m.modelName}\": ${m.pixels} pixel(s) of ${m.channels} channel(s) in, the whole vector out as one beat" template="verilog/flatten.v.ftl"/>
//
// Channel c of each pixel shifts into plane c from the top, so after the last pixel pixel p of channel c sits at
// [${m.bits}*(c*${m.pixels} + p) +: ${m.bits}] of the output: the flat vector in CHW order. in_ready depends on this module's
// state only (low while the vector waits to leave).
`default_nettype none

module ${m.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire                in_valid,
    output wire                in_ready,
    input  wire [${msb(m.inputPixelBits)}:0] in_data,
    output wire                out_valid,
    input  wire                out_ready,
    output wire [${msb(m.outputBits)}:0] out_data
);
<#list 0..<m.channels as c>
    reg [${msb(m.planeBits)}:0] plane_${c};
</#list>
    reg [${msb(m.countBits)}:0] count;
    reg full;
    assign in_ready = !full;
    assign out_valid = full;
    assign out_data = ${m.planes};
    wire take = in_valid && !full;
    wire count_last = count == ${m.countLast};

    always @(posedge clk) begin
        if (rst) begin
            count <= ${m.countZero};
            full <= 1'b0;
        end else begin
            if (take) begin
                count <= count_last ? ${m.countZero} : count + ${m.countOne};
                if (count_last) begin
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
<#list m.planeLines as line>
            ${line}
</#list>
        end
    end
endmodule

`default_nettype wire
