<#import "header.ftl" as h>
<@h.header module=m.name what="stream fork of tensor \"${m.tensor}\" to ${m.outputs?size} readers" template="verilog/fork.v.ftl"/>
//
// A beat moves to every reader in the same cycle: reader k sees valid only while all the others are ready, and the
// producer sees ready only when all are, so it advances only when each reader took the beat. Pure wiring; a reader
// that must run ahead gets a skip FIFO of its own.
`default_nettype none

module ${m.name} (
    /* verilator lint_off UNUSED */
    input  wire                clk,
    input  wire                rst,
    /* verilator lint_on UNUSED */
    input  wire                in_valid,
    output wire                in_ready,
    input  wire [${msb(m.bits)}:0] in_data,
<#list m.outputs as o>
    output wire                ${o}_valid,
    input  wire                ${o}_ready,
    output wire [${msb(m.bits)}:0] ${o}_data<#sep>,</#sep>
</#list>
);
    assign in_ready = ${m.allReady};
<#list m.outputs as o>
    assign ${o}_valid = in_valid && ${m.othersReady[o?index]};
    assign ${o}_data = in_data;
</#list>
endmodule

`default_nettype wire
