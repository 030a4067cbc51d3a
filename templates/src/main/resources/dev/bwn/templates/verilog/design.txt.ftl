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
