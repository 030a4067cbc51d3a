<#import "../header.ftl" as h>
<@h.header module=rx.name what="UART receiver, 8N1, ${rx.cyclesPerBit} clock cycles per bit (${rx.baud} baud at ${rx.clockMhz} MHz)" template="verilog/board/uart_rx.v.ftl"/>
//
// The line is sampled once per bit, in its middle: half a bit after the falling edge of the start bit, then every
// ${rx.cyclesPerBit} cycles. byte_valid pulses for one cycle with byte_data when the stop bit is high; framing_error
// pulses instead when it is low (the byte is dropped). A start bit that is high again at its middle was a glitch.
`default_nettype none

module ${rx.name} (
    input  wire       clk,
    input  wire       rst,
    input  wire       rx,
    output reg        byte_valid,
    output reg  [7:0] byte_data,
    output reg        framing_error
);
    // rx is asynchronous to clk: two flip-flops before anything looks at it
    reg rx_meta;
    reg rx_sync;
    reg busy;
    reg [3:0] bit_index;
    reg [${msb(rx.counter.bits)}:0] count;
    reg [7:0] shift;

    always @(posedge clk) begin
        rx_meta <= rx;
        rx_sync <= rx_meta;
        byte_valid <= 1'b0;
        framing_error <= 1'b0;
        if (rst) begin
            rx_meta <= 1'b1;
            rx_sync <= 1'b1;
            busy <= 1'b0;
            bit_index <= 4'd0;
            count <= ${rx.counter.zero};
            shift <= 8'h00;
            byte_data <= 8'h00;
        end else if (!busy) begin
            if (!rx_sync) begin
                busy <= 1'b1;
                bit_index <= 4'd0;
                count <= ${rx.halfBit};
            end
        end else if (count != ${rx.counter.zero}) begin
            count <= count - ${rx.counter.one};
        end else begin
            count <= ${rx.fullBit};
            if (bit_index == 4'd0) begin
                if (rx_sync) begin
                    busy <= 1'b0;
                end
                bit_index <= 4'd1;
            end else if (bit_index != 4'd9) begin
                shift <= {rx_sync, shift[7:1]};
                bit_index <= bit_index + 4'd1;
            end else begin
                busy <= 1'b0;
                if (rx_sync) begin
                    byte_valid <= 1'b1;
                    byte_data <= shift;
                end else begin
                    framing_error <= 1'b1;
                end
            end
        end
    end
endmodule

`default_nettype wire
