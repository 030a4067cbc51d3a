# bwn Verilog design summary, read by the Verilator harness (dev.bwn.hwtests.verilog); key value per line
format 2
top ${top.name}
input_size ${top.inputSize}
input_channels ${top.inputChannels}
input_order ${top.inputOrder}
input_element_bits ${top.inputElementBits}
input_bits ${top.inputBits}
classes ${top.classes}
class_bits ${top.classBits}
logit_bits ${top.logitBits}
initiation_interval ${report.initiationInterval}
latency ${report.latency}
<#if top.load?? && top.load.uart>
# Weights in SPRAM, loaded over a board's UART from ${top.name}_weights.bin (bwn verify --target board simulates it)
weights_load uart
<#elseif top.load??>
# Weights in SPRAM: the flash image, the flash offset the top reads it from (its FLASH_OFFSET default), load cycles
weight_image ${top.name}_weights.bin
flash_offset ${top.load.flashOffsetHex}
weight_load_cycles ${top.load.cycles?c}
</#if>
# Per-layer taps (harness only): tap WIRE LAYER CHANNELS PIXELS BITS ORDER NAME. WIRE_valid/_ready/_data in the top
# module carry the layer's output, one pixel per beat (channel c at bits [BITS*c +: BITS]), pixels row after row;
# value c of beat b is element c*PIXELS + b of the layer's CHW output (ORDER chw) or b*CHANNELS + c (ORDER vector).
<#list top.taps as t>
tap ${t.link} ${t.layer?c} ${t.channels?c} ${t.pixels?c} ${t.bits?c} ${t.order} ${t.name}
</#list>
