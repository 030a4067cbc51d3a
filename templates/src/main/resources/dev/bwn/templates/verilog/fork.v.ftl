<#import "header.ftl" as h>
<@h.header module=m.name what="stream fork of tensor \"${m.tensor}\" to ${m.outputs?size} readers" template="verilog/fork.v.ftl"/>
//
// Each reader takes the beat when it is ready (a line buffer is ready only after it has seen valid for a few cycles,
// so readers cannot be asked to take it in the same cycle); a flag per reader remembers that it has, and the
// producer advances only when every reader took the beat. So no reader runs more than one beat ahead of another;
// a reader that must run further ahead gets a skip FIFO of its own.
`default_nettype none

module ${m.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire                in_valid,
    output wire                in_ready,
    input  wire [${msb(m.bits)}:0] in_data,
<#list m.outputs as o>
    output wire                ${o}_valid,
    input  wire                ${o}_ready,
    output wire [${msb(m.bits)}:0] ${o}_data<#sep>,</#sep>
</#list>
);
<#list m.outputs as o>
    reg taken_${o?index};
    wire done_${o?index} = taken_${o?index} || ${o}_ready;
    assign ${o}_valid = in_valid && !taken_${o?index};
    assign ${o}_data = in_data;
</#list>
    assign in_ready = ${m.allReady};
    always @(posedge clk) begin
        if (rst || in_valid && in_ready) begin
<#list m.outputs as o>
            taken_${o?index} <= 1'b0;
</#list>
        end else begin
<#list m.outputs as o>
            if (${o}_valid && ${o}_ready) begin
                taken_${o?index} <= 1'b1;
            end
</#list>
        end
    end
endmodule

`default_nettype wire
