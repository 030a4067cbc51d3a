<#import "../header.ftl" as h>
<@h.header module=w.moduleName what="AXI4-Stream wrapper of ${w.coreModule}: image bytes in, one result packet per image out" template="verilog/axis/axis_top.v.ftl"/>
//
// AXI4-Stream, both sides: a beat moves on a rising edge of aclk where TVALID and TREADY are both high. aresetn is
// synchronous and active low (it drives the core's rst).
//
// s_axis (from an AXI DMA's MM2S): ${w.beatsPerImage} beats per image, ${w.inputBytesPerImage} bytes. A beat carries ${w.beatValues} input value(s)
// (the core's in_data beat), value c in bytes [${w.valueBytes}*c, ${w.valueBytes}*c+${w.valueBytes}) of TDATA, of which the low ${w.valueBits} bits are used;
// other bytes are ignored. TLAST is high on the last beat of each image.
// m_axis (to an AXI DMA's S2MM): one packet per input packet, ${w.resultBeats} beat(s) of ${w.fieldBits} bits: <#if w.withLogits>beat 0 the class, beat 1+k
// logit k (${w.logitType}, ${w.logitExtension}-extended)<#else>the class (zero-extended)</#if>; TLAST on the last beat.
//
// A packet whose length is not ${w.beatsPerImage} beats never shifts later images: TLAST before beat ${w.beatsPerImage} (early) sets
// status[0], and the wrapper feeds the core zero values for the rest of the image (its result packet is still sent,
// its class is meaningless); no TLAST on beat ${w.beatsPerImage} (missing) sets status[1], the image goes to the core as it
// is, and the beats after it are dropped up to and including the next TLAST. Either way the next packet starts a new
// image, and every input packet gets exactly one result packet. The status bits stay set until reset.
`default_nettype none

module ${w.moduleName} (
    input  wire                aclk,
    input  wire                aresetn,
    input  wire [${msb(w.inputTdataBits)}:0] s_axis_tdata,
    input  wire                s_axis_tvalid,
    output wire                s_axis_tready,
    input  wire                s_axis_tlast,
    output wire [${msb(w.fieldBits)}:0] m_axis_tdata,
    output wire                m_axis_tvalid,
    input  wire                m_axis_tready,
    output wire                m_axis_tlast,
    output wire [1:0]          status
);
    wire rst = !aresetn;
    wire core_in_valid;
    wire core_in_ready;
    wire [${msb(w.corePixelBits)}:0] core_in_data;
    wire core_out_valid;
    wire core_out_ready;
    wire [${msb(w.classBits)}:0] core_out_class;
    wire [${msb(w.logitBusBits)}:0] core_out_logits;

    ${w.coreModule} u_core (
        .clk(aclk),
        .rst(rst),
        .in_valid(core_in_valid),
        .in_ready(core_in_ready),
        .in_data(core_in_data),
        .out_valid(core_out_valid),
        .out_ready(core_out_ready),
        .out_class(core_out_class),
        .out_logits(core_out_logits)
    );

    // beat: index of the next beat of the current image; padding: zero beats stand in for an early-ended image's
    // rest; dropping: the beats after a missing TLAST are discarded up to the next TLAST
    reg [${msb(w.beatBits)}:0] beat;
    reg padding;
    reg dropping;
    reg early_tlast;
    reg missing_tlast;
    wire last_beat = beat == ${w.beatLast};
    assign core_in_valid = padding || (s_axis_tvalid && !dropping);
    assign core_in_data = padding ? ${w.corePixelZero} : ${w.coreDataConcat};
    assign s_axis_tready = dropping || (!padding && core_in_ready);
    assign status = {missing_tlast, early_tlast};
    wire core_take = core_in_valid && core_in_ready;
<#if w.unusedSlices?has_content>
    // ignored by design (spare TDATA bits<#if !w.withLogits>, the logits</#if>)
    wire unused_inputs = &{1'b0<#list w.unusedSlices as u>, ${u}</#list>};
</#if>

    always @(posedge aclk) begin
        if (rst) begin
            beat <= ${w.beatZero};
            padding <= 1'b0;
            dropping <= 1'b0;
            early_tlast <= 1'b0;
            missing_tlast <= 1'b0;
        end else if (dropping) begin
            if (s_axis_tvalid && s_axis_tlast) begin
                dropping <= 1'b0;
            end
        end else if (core_take) begin
            beat <= last_beat ? ${w.beatZero} : beat + ${w.beatOne};
            if (padding) begin
                if (last_beat) begin
                    padding <= 1'b0;
                end
            end else if (s_axis_tlast && !last_beat) begin
                early_tlast <= 1'b1;
                padding <= 1'b1;
            end else if (!s_axis_tlast && last_beat) begin
                missing_tlast <= 1'b1;
                dropping <= 1'b1;
            end
        end
    end

<#if w.withLogits>
    // the result packet: taken from the core whole, then sent beat by beat from the low end
<#list w.logitSlices as slice>
    wire [${msb(w.logitBits)}:0] logit_${slice?index} = ${slice};
</#list>
    reg sending;
    reg [${msb(w.resultBeatBits)}:0] result_beat;
    reg [${msb(w.resultBits)}:0] result;
    assign core_out_ready = !sending;
    assign m_axis_tvalid = sending;
    assign m_axis_tdata = result[${msb(w.fieldBits)}:0];
    assign m_axis_tlast = result_beat == ${w.resultBeatLast};

    always @(posedge aclk) begin
        if (!sending && core_out_valid) begin
            result <= ${w.resultFields};
            result_beat <= ${w.resultBeatZero};
        end else if (sending && m_axis_tready) begin
            result <= result >> ${w.fieldBits};
            result_beat <= result_beat + ${w.resultBeatOne};
        end
        if (rst) begin
            sending <= 1'b0;
        end else if (!sending && core_out_valid) begin
            sending <= 1'b1;
        end else if (sending && m_axis_tready && m_axis_tlast) begin
            sending <= 1'b0;
        end
    end
<#else>
    assign m_axis_tvalid = core_out_valid;
    assign core_out_ready = m_axis_tready;
    assign m_axis_tdata = ${w.resultFields};
    assign m_axis_tlast = 1'b1;
</#if>
endmodule

`default_nettype wire
