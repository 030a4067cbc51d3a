<#import "header.ftl" as h>
<@h.header module=m.name what="addition-only dot product of ${m.lanes} ${m.inputType} activations with ${m.lanes} binary weights" template="verilog/dot.v.ftl"/>
//
<#if m.paired>
// Weight bit 1 adds x, bit 0 subtracts it (SEMANTICS.md section 2). Lanes go in pairs (a, b): p = a + b and
// m = a - b depend on x alone (the units of a layer share them after synthesis); a unit picks p, m, or, when a's weight
// is -1, the complement ~m or ~p (the negation minus one, one LUT per bit), and the leaf "complements" adds those ones
// back. A balanced adder tree sums the leaves with a register every ${m.registerEvery} level(s) and after the root,
// latency ${m.latency} cycle(s). Every node is as wide as the range of the sum it carries, so the ${m.outputBits}-bit
// result cannot overflow. No multiplier.
<#else>
// Weight bit 1 adds x, bit 0 subtracts it (SEMANTICS.md section 2); a balanced adder tree sums the terms with a
// register every ${m.registerEvery} level(s) and after the root, latency ${m.latency} cycle(s). Every node is as
// wide as the exact range of the sum it carries, so the ${m.outputBits}-bit result cannot overflow. No multiplier.
</#if>
`default_nettype none

module ${m.name} (
    input  wire                clk,
    input  wire [${msb(m.xBits)}:0] x,
    input  wire [${msb(m.lanes)}:0] w,
    output wire signed [${msb(m.outputBits)}:0] sum
);
<#list m.preAdders as node>
<#if node?index == 0>
    // pre-adders of the lane pairs
</#if>
    wire signed [${msb(node.bits)}:0] ${node.name} = ${node.expression};
</#list>
<#list m.levels as level>
    // level ${level?index}
<#list level as node>
<#if node.registered>
    reg  signed [${msb(node.bits)}:0] ${node.name};
    always @(posedge clk) begin
        ${node.name} <= ${node.expression};
    end
<#else>
    wire signed [${msb(node.bits)}:0] ${node.name} = ${node.expression};
</#if>
</#list>
</#list>
    assign sum = ${m.root};
endmodule

`default_nettype wire
