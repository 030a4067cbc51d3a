<#import "header.ftl" as h>
<@h.header module=m.name what="loads the SPRAM weights from a byte stream (the board's UART), checks them, then raises weights_ready" template="verilog/uart_loader.v.ftl"/>
//
// The bytes of the weight image arrive one per byte_valid, in the order of the flash image: two per 16-bit word, high
// byte first. Word i goes out on load_word with load_index = i for one cycle, as from the flash loader. Every byte also
// enters the same CRC-16/CCITT-FALSE (bits most significant first); one cycle after the last word the CRC is compared
// with IMAGE_CRC: weights_ready rises on a match, weights_error on a mismatch, and either stays high until reset.
// Bytes after the last word are ignored. Framing, timeouts and the answer to the host are the board core's.
`default_nettype none

module ${m.name} #(
    parameter integer INDEX_BITS = 1,
    parameter [INDEX_BITS-1:0] LAST_INDEX = 0,
    parameter [15:0] IMAGE_CRC = 16'h0000
) (
    input  wire                  clk,
    input  wire                  rst,
    input  wire                  byte_valid,
    input  wire [7:0]            byte_data,
    output reg                   load_valid,
    output reg  [INDEX_BITS-1:0] load_index,
    output reg  [15:0]           load_word,
    output reg                   weights_ready,
    output reg                   weights_error
);
    reg high_held;
    reg [7:0] high_byte;
    reg [INDEX_BITS-1:0] next_index;
    reg [15:0] crc;
    reg done;

    // the CRC register after the 8 bits of one byte, most significant first
    function automatic [15:0] crc_after(input [15:0] crc_in, input [7:0] data);
        integer bit_index;
        reg [15:0] c;
        begin
            c = crc_in;
            for (bit_index = 7; bit_index >= 0; bit_index = bit_index - 1) begin
                c = {c[14:0], 1'b0} ^ ({16{c[15] ^ data[bit_index]}} & 16'h1021);
            end
            crc_after = c;
        end
    endfunction

    always @(posedge clk) begin
        if (rst) begin
            high_held <= 1'b0;
            high_byte <= 8'h00;
            next_index <= {INDEX_BITS{1'b0}};
            crc <= 16'hFFFF;
            done <= 1'b0;
            load_valid <= 1'b0;
            load_index <= {INDEX_BITS{1'b0}};
            load_word <= 16'h0000;
            weights_ready <= 1'b0;
            weights_error <= 1'b0;
        end else begin
            load_valid <= 1'b0;
            if (byte_valid && !done) begin
                crc <= crc_after(crc, byte_data);
                high_held <= !high_held;
                if (!high_held) begin
                    high_byte <= byte_data;
                end else begin
                    load_valid <= 1'b1;
                    load_word <= {high_byte, byte_data};
                    load_index <= next_index;
                    next_index <= next_index + 1'b1;
                    if (next_index == LAST_INDEX) begin
                        done <= 1'b1;
                    end
                end
            end
            if (done && !weights_ready && !weights_error) begin
                weights_ready <= crc == IMAGE_CRC;
                weights_error <= crc != IMAGE_CRC;
            end
        end
    end
endmodule

`default_nettype wire
