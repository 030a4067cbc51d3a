<#import "../header.ftl" as h>
<@h.header module=tx.name what="UART transmitter, 8N1, ${tx.cyclesPerBit} clock cycles per bit (${tx.baud} baud at ${tx.clockMhz} MHz)" template="verilog/board/uart_tx.v.ftl"/>
//
// Takes a byte when in_valid and in_ready are both high and sends start bit, bits 0..7, stop bit; in_ready is high
// again once the stop bit has lasted a whole bit time.
`default_nettype none

module ${tx.name} (
    input  wire       clk,
    input  wire       rst,
    input  wire       in_valid,
    output wire       in_ready,
    input  wire [7:0] in_data,
    output reg        tx
);
    reg [3:0] bits_left;
    reg [${msb(tx.counter.bits)}:0] count;
    reg [8:0] shift;

    assign in_ready = bits_left == 4'd0;

    always @(posedge clk) begin
        if (rst) begin
            tx <= 1'b1;
            bits_left <= 4'd0;
            count <= ${tx.counter.zero};
            shift <= 9'h1ff;
        end else if (bits_left == 4'd0) begin
            if (in_valid) begin
                tx <= 1'b0;
                shift <= {1'b1, in_data};
                bits_left <= 4'd10;
                count <= ${tx.fullBit};
            end
        end else if (count != ${tx.counter.zero}) begin
            count <= count - ${tx.counter.one};
        end else begin
            count <= ${tx.fullBit};
            bits_left <= bits_left - 4'd1;
            if (bits_left != 4'd1) begin
                tx <= shift[0];
                shift <= {1'b1, shift[8:1]};
            end
        end
    end
endmodule

`default_nettype wire
