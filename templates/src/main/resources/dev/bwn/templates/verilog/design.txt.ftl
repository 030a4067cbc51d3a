# bwn Verilog design summary, read by the Verilator harness (dev.bwn.hwtests.verilog); key value per line
format 1
top ${top.name}
input_size ${summary.inputSize}
input_bits ${top.inputBits}
classes ${top.classes}
class_bits ${top.classBits}
logit_bits ${top.logitBits}
initiation_interval ${report.initiationInterval}
latency ${report.latency}
# Per-layer taps (harness only): tap WIRE LAYER CHANNELS PIXELS GROUP BITS NAME. WIRE_valid/_ready/_data in the top
# module carry the layer's output, one element per beat, channel groups of GROUP channels, pixel by pixel.
<#list top.taps as t>
tap ${t.link} ${t.layer?c} ${t.channels?c} ${t.pixels?c} ${t.group?c} ${t.bits?c} ${t.name}
</#list>
