<#import "../header.ftl" as h>
<@h.header module=core.name what="network ${core.network} behind a UART frame interface (docs/BOARDS.md)" template="verilog/board/board_core.v.ftl"/>
//
// Protocol (UART ${core.baud} baud 8N1 at ${core.clockMhz} MHz, ${core.cyclesPerBit} cycles per bit): a frame is the command byte
// ${core.classifyHex} ('C', answer: the class byte) or ${core.logitsHex} ('L', answer: the class byte, then ${core.classes} logits of
// ${core.bytesPerLogit} byte(s) each, little-endian, sign-extended), followed by ${core.inputValues} input values of ${core.bytesPerValue} byte(s) each,
// little-endian, in the order the network streams them (${core.orderText}). Bytes between frames that are not a command are
// ignored. A frame with a bad stop bit, one whose bytes stop for ${core.timeoutCycles} cycles (${core.timeoutText}), or one
// in which the network had not yet taken the previous pixel (an overrun) is answered with the single byte ${core.errorHex}:
// the missing pixels are fed as zeros so that the next frame starts a new image, and that image's result is
// dropped. Pixels go to the network as they arrive; answers leave in frame order.
<#if core.load>
//
// The network's weights are in SPRAM, loaded from the SPI flash after reset (flash_* pass through to the pins). If
// the CRC of what it loaded is not the image's, weights_error rises, the network never takes a pixel, and every frame
// (once complete, or timed out) is answered with the single byte ${core.weightsBadHex} instead.
</#if>
`default_nettype none

module ${core.name} (
    input  wire       clk,
    input  wire       rst,
    input  wire       uart_rx,
    output wire       uart_tx,
    output reg  [${msb(core.classBits)}:0] last_class,
    output reg        last_error,
    output reg        answered<#if core.load>,
    output wire       flash_sck,
    output wire       flash_csn,
    output wire       flash_mosi,
    input  wire       flash_miso,
    output wire       weights_error</#if>
);
    wire       rx_valid;
    wire [7:0] rx_byte;
    wire       rx_framing_error;

    ${core.uartRx} u_rx (
        .clk(clk),
        .rst(rst),
        .rx(uart_rx),
        .byte_valid(rx_valid),
        .byte_data(rx_byte),
        .framing_error(rx_framing_error)
    );

    reg                net_in_valid;
    wire               net_in_ready;
    reg  [${msb(core.beatBits)}:0] net_in_data;
    wire               net_out_valid;
    wire               net_out_ready;
    wire [${msb(core.classBits)}:0] net_out_class;
<#if core.logitsAnswer>
    wire [${msb(core.logitBusBits)}:0] net_out_logits;
<#else>
    // 'L' is answered with the class alone: the logit answer's multiplexer would not fit the device
    /* verilator lint_off UNUSEDSIGNAL */
    wire [${msb(core.logitBusBits)}:0] net_out_logits;
    /* verilator lint_on UNUSEDSIGNAL */
</#if>
<#if core.load>
    // weights_ready already holds off the network's in_ready; only the failed check matters here
    /* verilator lint_off UNUSEDSIGNAL */
    wire               weights_ready;
    /* verilator lint_on UNUSEDSIGNAL */
</#if>

    ${core.network} u_network (
        .clk(clk),
        .rst(rst),
        .in_valid(net_in_valid),
        .in_ready(net_in_ready),
        .in_data(net_in_data),
        .out_valid(net_out_valid),
        .out_ready(net_out_ready),
        .out_class(net_out_class),
        .out_logits(net_out_logits)<#if core.load>,
        .flash_sck(flash_sck),
        .flash_csn(flash_csn),
        .flash_mosi(flash_mosi),
        .flash_miso(flash_miso),
        .weights_ready(weights_ready),
        .weights_error(weights_error)</#if>
    );

    // ---- frames in: command byte, then the image, value by value, beat by beat ----
    localparam [1:0] IDLE = 2'd0, RECEIVE = 2'd1, PAD = 2'd2;
    reg [1:0] state;
    reg frame_logits;
    reg frame_bad;
    reg [${msb(core.timeout.bits)}:0] silence;
    reg [${msb(core.beatCount.bits)}:0] beats_built;
<#if core.multiByteValues>
    reg [${msb(core.byteCount.bits)}:0] byte_in_value;
    reg [${msb(core.valueBytesBits)}:0] value_bytes;
    wire [${msb(core.valueWordBits)}:0] value_word = {rx_byte, value_bytes};
    wire value_done = byte_in_value == ${core.byteCount.last};
<#else>
    wire value_done = 1'b1;
</#if>
    wire [${msb(core.inputBits)}:0] value = ${core.valueExpression};
<#if core.multiValueBeats>
    reg [${msb(core.valueCount.bits)}:0] value_in_beat;
    // the values of the beat so far; the newest enters at the top, channel 0 ends at the bottom
    reg [${msb(core.beatShiftBits)}:0] beat_shift;
    wire [${msb(core.beatBits)}:0] beat_next = {value, beat_shift};
    wire beat_done = value_done && value_in_beat == ${core.valueCount.last};
<#else>
    wire [${msb(core.beatBits)}:0] beat_next = value;
    wire beat_done = value_done;
</#if>
    wire beat_taken = net_in_valid && net_in_ready;
    wire beat_free = ${core.beatFree};
    wire last_beat = beats_built == ${core.beatCount.last};

    // ---- one tag per frame, in frame order: answer with logits, answer with the error byte ----
    reg [1:0] tags [0:${core.tagDepthLast}];
    reg [${msb(core.tagPointer.bits)}:0] tag_write;
    reg [${msb(core.tagPointer.bits)}:0] tag_read;
    reg tag_push;
    reg [1:0] tag_pushed;
    wire [1:0] tag = tags[tag_read];
    wire tag_bad = tag[1];
    wire tag_logits = tag[0];

    always @(posedge clk) begin
        tag_push <= 1'b0;
        if (beat_taken) begin
            net_in_valid <= 1'b0;
        end
        if (rst) begin
            state <= IDLE;
            frame_logits <= 1'b0;
            frame_bad <= 1'b0;
            silence <= ${core.timeout.zero};
            beats_built <= ${core.beatCount.zero};
            net_in_valid <= 1'b0;
            net_in_data <= ${core.beatZero};
            tag_pushed <= 2'b00;
<#if core.multiByteValues>
            byte_in_value <= ${core.byteCount.zero};
            value_bytes <= ${core.valueBytesZero};
</#if>
<#if core.multiValueBeats>
            value_in_beat <= ${core.valueCount.zero};
            beat_shift <= ${core.beatShiftZero};
</#if>
        end else begin
            case (state)
                IDLE: begin
                    if (rx_valid && (rx_byte == ${core.classifyHex} || rx_byte == ${core.logitsHex})) begin
                        state <= RECEIVE;
                        frame_logits <= rx_byte == ${core.logitsHex};
                        frame_bad <= 1'b0;
                        silence <= ${core.timeout.zero};
                        beats_built <= ${core.beatCount.zero};
<#if core.multiByteValues>
                        byte_in_value <= ${core.byteCount.zero};
</#if>
<#if core.multiValueBeats>
                        value_in_beat <= ${core.valueCount.zero};
</#if>
                    end
                end
                RECEIVE: begin
                    if (rx_framing_error) begin
                        frame_bad <= 1'b1;
                    end
                    if (rx_valid) begin
                        silence <= ${core.timeout.zero};
<#if core.multiByteValues>
                        value_bytes <= value_word[${msb(core.valueWordBits)}:8];
                        byte_in_value <= value_done ? ${core.byteCount.zero} : byte_in_value + ${core.byteCount.one};
</#if>
<#if core.multiValueBeats>
                        if (value_done) begin
                            beat_shift <= beat_next[${msb(core.beatBits)}:${core.inputBits}];
                            value_in_beat <= beat_done ? ${core.valueCount.zero} : value_in_beat + ${core.valueCount.one};
                        end
</#if>
                        if (beat_done) begin
                            if (!beat_free) begin
                                // overrun: the network still holds the last pixel, so this one is lost
                                frame_bad <= 1'b1;
                            end else begin
                                net_in_valid <= ${core.feedValid};
                                net_in_data <= beat_next;
                                beats_built <= beats_built + ${core.beatCount.one};
                                if (last_beat) begin
                                    state <= IDLE;
                                    tag_push <= 1'b1;
                                    tag_pushed <= {frame_bad, frame_logits};
                                end
                            end
                        end
                    end else if (silence == ${core.timeout.last}) begin
                        state <= PAD;
                        frame_bad <= 1'b1;
                    end else begin
                        silence <= silence + ${core.timeout.one};
                    end
                end
                default: begin
                    // PAD: zero pixels until the image is complete, so the next frame starts a new image
                    if (beat_free) begin
                        net_in_valid <= ${core.feedValid};
                        net_in_data <= ${core.beatZero};
                        beats_built <= beats_built + ${core.beatCount.one};
                        if (last_beat) begin
                            state <= IDLE;
                            tag_push <= 1'b1;
                            tag_pushed <= {1'b1, frame_logits};
                        end
                    end
                end
            endcase
        end
    end

    // ---- answers out: the result stays on the network's outputs until its last byte is handed to the transmitter ----
    reg  [${msb(core.answerIndex.bits)}:0] answer_index;
    reg  [7:0] answer_byte;
    wire [${msb(core.answerIndex.bits)}:0] answer_last = tag_bad || !tag_logits ? ${core.answerIndex.zero} : ${core.answerIndex.last};
    wire tx_ready;
<#if core.load>
    // after a failed weight check no result ever comes: each frame that ends is answered with ${core.weightsBadHex}
    reg refusal_pending;
    wire tx_valid = weights_error ? refusal_pending : net_out_valid;
    wire [7:0] tx_data = weights_error ? ${core.weightsBadHex} : tag_bad ? ${core.errorHex} : answer_byte;
    wire tx_fire = tx_valid && tx_ready;
    wire answer_fire = tx_fire && !weights_error;
<#else>
    wire tx_valid = net_out_valid;
    wire [7:0] tx_data = tag_bad ? ${core.errorHex} : answer_byte;
    wire tx_fire = tx_valid && tx_ready;
</#if>
    assign net_out_ready = ${core.answerFire} && answer_index == answer_last;

    always @(*) begin
        case (answer_index)
<#list core.answerBytes as b>
            ${b.index}: answer_byte = ${b.expression};
</#list>
            default: answer_byte = 8'h00;
        endcase
    end

    always @(posedge clk) begin
        if (tag_push) begin
            tags[tag_write] <= tag_pushed;
            tag_write <= tag_write + ${core.tagPointer.one};
        end
        if (rst) begin
            tag_write <= ${core.tagPointer.zero};
            tag_read <= ${core.tagPointer.zero};
            answer_index <= ${core.answerIndex.zero};
            last_class <= ${core.classZero};
            last_error <= 1'b0;
            answered <= 1'b0;
        end else if (${core.answerFire}) begin
            if (answer_index == answer_last) begin
                answer_index <= ${core.answerIndex.zero};
                tag_read <= tag_read + ${core.tagPointer.one};
                answered <= 1'b1;
                last_error <= tag_bad;
                if (!tag_bad) begin
                    last_class <= net_out_class;
                end
            end else begin
                answer_index <= answer_index + ${core.answerIndex.one};
            end
        end
    end
<#if core.load>

    always @(posedge clk) begin
        if (rst) begin
            refusal_pending <= 1'b0;
        end else if (tag_push && weights_error) begin
            // frames are at least two byte times apart and a refusal takes one: one pending answer is enough
            refusal_pending <= 1'b1;
        end else if (tx_fire) begin
            refusal_pending <= 1'b0;
        end
    end
</#if>

    ${core.uartTx} u_tx (
        .clk(clk),
        .rst(rst),
        .in_valid(tx_valid),
        .in_ready(tx_ready),
        .in_data(tx_data),
        .tx(uart_tx)
    );
endmodule

`default_nettype wire
