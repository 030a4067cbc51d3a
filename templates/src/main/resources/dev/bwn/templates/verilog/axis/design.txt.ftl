# AXI4-Stream wrapper (gen verilog --interface axis): its module, TDATA widths in bits, bytes per input value (value c
# at byte BYTES*c), beats per image, beats per result packet (class, then the logits when there are more than one)
axis_top ${w.moduleName}
axis_input_tdata_bits ${w.inputTdataBits}
axis_value_bytes ${w.valueBytes}
axis_beats_per_image ${w.beatsPerImage}
axis_result_tdata_bits ${w.fieldBits}
axis_result_beats ${w.resultBeats}
