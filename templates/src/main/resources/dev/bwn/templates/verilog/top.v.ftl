<#import "header.ftl" as h>
<@h.header module=m.name what="bwn network \"${m.modelName}\": pixels in, class and logits out" template="verilog/top.v.ftl"/>
//
// Handshake (both ports): a beat moves on a rising edge of clk where valid and ready are both high; valid, once
<#if m.inputAsRow>
// high, stays high with its data unchanged until that beat. in_data carries ${m.inputChannels} consecutive ${m.inputType} value(s) of the
// ${m.inputShape} input vector per beat (value b*${m.inputChannels} + c at in_data[${m.inputElementBits}*c +: ${m.inputElementBits}] of beat b). out_class is the index of the largest logit (ties to the lowest); out_logits holds
// logit k at bits [${m.logitBits}*k +: ${m.logitBits}], ${m.logitType}. rst is synchronous and active high.
<#else>
// high, stays high with its data unchanged until that beat. in_data carries one pixel of the ${m.inputShape}
// ${m.inputType} input per beat, all ${m.inputChannels} channel(s) side by side (channel c at in_data[${m.inputElementBits}*c +: ${m.inputElementBits}]),
// pixels row after row. out_class is the index of the largest logit (ties to the lowest); out_logits holds logit k
// at bits [${m.logitBits}*k +: ${m.logitBits}], ${m.logitType}. rst is synchronous and active high.
</#if>
//
// Between stages, too, every beat is one pixel with all its channels. Stages:
<#list m.stages as stage>
//   ${stage.instance}: ${stage.summary}
</#list>
`default_nettype none

module ${m.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire                in_valid,
    output wire                in_ready,
    input  wire [${msb(m.inputBits)}:0] in_data,
    output wire                out_valid,
    input  wire                out_ready,
    output wire [${msb(m.classBits)}:0] out_class,
    output wire [${msb(m.logitBusBits)}:0] out_logits
);
<#list m.links as link>
    wire link${link.index}_valid;
    wire link${link.index}_ready;
    wire [${msb(link.bits)}:0] link${link.index}_data;
</#list>
    assign link0_valid = in_valid;
    assign in_ready = link0_ready;
    assign link0_data = in_data;

<#list m.stages as stage>
    ${stage.module} ${stage.instance} (
        .clk(clk),
        .rst(rst),
<#list stage.ports as p>
        .${p.name}_valid(link${p.link}_valid),
        .${p.name}_ready(link${p.link}_ready),
        .${p.name}_data(link${p.link}_data)<#sep>,</#sep>
</#list>
    );

</#list>
    ${m.argmaxModule} u_argmax (
        .clk(clk),
        .rst(rst),
        .in_valid(link${m.outputLink}_valid),
        .in_ready(link${m.outputLink}_ready),
        .in_data(link${m.outputLink}_data),
        .out_valid(out_valid),
        .out_ready(out_ready),
        .out_class(out_class),
        .out_logits(out_logits)
    );
endmodule

`default_nettype wire
