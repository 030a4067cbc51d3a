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
<#if m.load??>
//
// Weights in SPRAM: after reset the design wakes the SPI flash (0xAB) and reads ${m.load.words} 16-bit words (${m.load.cycles} cycles in
// all) from FLASH_OFFSET (default ${m.load.flashOffsetHex}; write ${m.name}_weights.bin there, e.g. iceprog -o ${m.load.flashOffsetHex} ${m.name}_weights.bin)
// through flash_sck/flash_csn/flash_mosi/flash_miso (SPI mode 0, standard READ 0x03). If the CRC-16 of what it read
// is the image's, ${m.load.imageCrcHex}, it raises weights_ready; otherwise weights_error. in_ready stays low until weights_ready.
</#if>
//
// Between stages, too, every beat is one pixel with all its channels. Stages:
<#list m.stages as stage>
//   ${stage.instance}: ${stage.summary}
</#list>
`default_nettype none

module ${m.name} <#if m.load??>#(
    parameter [23:0] FLASH_OFFSET = ${m.load.flashOffset}
) </#if>(
    input  wire                clk,
    input  wire                rst,
    input  wire                in_valid,
    output wire                in_ready,
    input  wire [${msb(m.inputBits)}:0] in_data,
    output wire                out_valid,
    input  wire                out_ready,
    output wire [${msb(m.classBits)}:0] out_class,
    output wire [${msb(m.logitBusBits)}:0] out_logits<#if m.load??>,
    output wire                flash_sck,
    output wire                flash_csn,
    output wire                flash_mosi,
    input  wire                flash_miso,
    output wire                weights_ready,
    output wire                weights_error</#if>
);
<#list m.links as link>
    wire link${link.index}_valid;
    wire link${link.index}_ready;
    wire [${msb(link.bits)}:0] link${link.index}_data;
</#list>
<#if m.load??>
    wire weight_load_valid;
    wire [${msb(m.load.indexBits)}:0] weight_load_index;
    wire [15:0] weight_load_word;
    ${m.load.module} #(
        .FLASH_OFFSET(FLASH_OFFSET),
        .INDEX_BITS(${m.load.indexBits}),
        .LAST_INDEX(${m.load.lastIndex}),
        .START_DELAY(${m.load.startDelay}),
        .WAKE_DELAY(${m.load.wakeDelay}),
        .IMAGE_CRC(${m.load.imageCrc})
    ) u_flash_loader (
        .clk(clk),
        .rst(rst),
        .flash_sck(flash_sck),
        .flash_csn(flash_csn),
        .flash_mosi(flash_mosi),
        .flash_miso(flash_miso),
        .load_valid(weight_load_valid),
        .load_index(weight_load_index),
        .load_word(weight_load_word),
        .weights_ready(weights_ready),
        .weights_error(weights_error)
    );
    // no image enters before every weight is in place
    assign link0_valid = in_valid && weights_ready;
    assign in_ready = link0_ready && weights_ready;
<#else>
    assign link0_valid = in_valid;
    assign in_ready = link0_ready;
</#if>
    assign link0_data = in_data;

<#list m.stages as stage>
    ${stage.module} ${stage.instance} (
        .clk(clk),
        .rst(rst),
<#list stage.ports as p>
        .${p.name}_valid(link${p.link}_valid),
        .${p.name}_ready(link${p.link}_ready),
        .${p.name}_data(link${p.link}_data)<#if p?has_next || stage.loadsWeights>,</#if>
</#list>
<#if stage.loadsWeights>
        .weights_ready(weights_ready),
        .load_valid(weight_load_valid),
        .load_index(weight_load_index),
        .load_word(weight_load_word)
</#if>
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
