
## AXI4-Stream interface (`${w.moduleName}`)

`${w.moduleName}.v` wraps `${w.coreModule}` in AXI4-Stream ports for a Xilinx AXI DMA (PYNQ, Vivado block designs) or
any AXI4-Stream fabric. Make `${w.moduleName}` the module you instantiate (Vivado: add the Verilog files of
`${w.coreModule}.f` and the `*.hex` files to the project, then "Add Module to Block Design").

| port | direction | width | meaning |
|---|---|---:|---|
| `aclk` | in | 1 | clock, rising edge |
| `aresetn` | in | 1 | synchronous reset, **active low** (connect the DMA's `peripheral_aresetn`) |
| `s_axis_tdata` | in | ${w.inputTdataBits} | ${w.beatValues} input value(s) per beat, value c in bytes [${w.valueBytes}*c, ${w.valueBytes}*c+${w.valueBytes}), low ${w.valueBits} bits used |
| `s_axis_tvalid`, `s_axis_tready` | in, out | 1 | handshake |
| `s_axis_tlast` | in | 1 | high on the last beat of each image |
| `m_axis_tdata` | out | ${w.fieldBits} | result beat: <#if w.withLogits>beat 0 the class, beat 1+k logit k (${w.logitType}, ${w.logitExtension}-extended)<#else>the class, zero-extended</#if> |
| `m_axis_tvalid`, `m_axis_tready` | out, in | 1 | handshake |
| `m_axis_tlast` | out | 1 | high on the last beat of each result packet |
| `status` | out | 2 | sticky error bits, cleared only by reset: bit 0 a TLAST came early, bit 1 a TLAST was missing |

Connect the DMA's `M_AXIS_MM2S` to `s_axis_*` and `m_axis_*` to its `S_AXIS_S2MM`; set the DMA's stream data widths
to ${w.inputTdataBits} (MM2S) and ${w.fieldBits} (S2MM) bits. Per image, send one MM2S transfer of **${w.inputBytesPerImage} bytes** (${w.beatsPerImage}
beats: the input in the order `in_data` of `${w.coreModule}` takes it, each value in its own ${w.valueBytes} byte(s),
signed values as two's complement) and receive one S2MM transfer of **${w.resultBytesPerImage} bytes**. Several images may be sent in
a row; results come back in the same order, one packet each. Tie `status` to an AXI GPIO input, or leave it open.

A packet of the wrong length is reported, not propagated: a TLAST before beat ${w.beatsPerImage} sets `status[0]` and the rest of
that image is filled with zeros (its result packet is still sent, with a meaningless class); a beat ${w.beatsPerImage} without TLAST sets
`status[1]`, that image is classified as it is and the beats after it are dropped up to the next TLAST. The next
packet starts a new image either way, so one bad packet never shifts the images after it, and every input packet
(as TLAST delimits it) gets exactly one result packet.
