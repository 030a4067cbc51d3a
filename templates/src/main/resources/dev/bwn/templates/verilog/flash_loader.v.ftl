<#import "header.ftl" as h>
<@h.header module=m.name what="loads the SPRAM weights from SPI flash after reset, checks them, then raises weights_ready" template="verilog/flash_loader.v.ftl"/>
//
// START_DELAY cycles after reset the flash is woken with the release-from-deep-power-down command 0xAB alone (an
// iCE40 puts its configuration flash to sleep after loading the bitstream, unless icepack -s), deselected for
// WAKE_DELAY cycles (its tRES1), then read with one standard READ (0x03) command, 24-bit address FLASH_OFFSET, WORDS
// 16-bit words, most significant bit first (SPI mode 0: the flash samples flash_mosi on the rising edge of flash_sck
// and shifts flash_miso on the falling edge; flash_sck runs at clk / 2). Word i goes out on load_word with
// load_index = i for one cycle. Every bit read also enters a CRC-16/CCITT-FALSE; after the last word flash_csn goes
// high and the CRC is compared with IMAGE_CRC, the image's CRC computed by the generator: weights_ready rises on a
// match, weights_error on a mismatch (erased flash, another design's image, a wrong offset), and either stays high
// until reset.
`default_nettype none

module ${m.name} #(
    parameter [23:0] FLASH_OFFSET = 24'h100000,
    parameter integer INDEX_BITS = 1,
    parameter [INDEX_BITS-1:0] LAST_INDEX = 0,
    parameter integer START_DELAY = 64,
    parameter integer WAKE_DELAY = 1024,
    parameter [15:0] IMAGE_CRC = 16'h0000
) (
    input  wire                  clk,
    input  wire                  rst,
    output reg                   flash_sck,
    output reg                   flash_csn,
    output wire                  flash_mosi,
    input  wire                  flash_miso,
    output reg                   load_valid,
    output reg  [INDEX_BITS-1:0] load_index,
    output reg  [15:0]           load_word,
    output reg                   weights_ready,
    output reg                   weights_error
);
    localparam [2:0] WAITING = 3'd0, WAKE = 3'd1, RESUME = 3'd2, COMMAND = 3'd3, DATA = 3'd4, DONE = 3'd5;
    localparam integer DELAY_BITS = $clog2((START_DELAY > WAKE_DELAY ? START_DELAY : WAKE_DELAY) + 1);
    reg [2:0] state;
    reg [DELAY_BITS-1:0] delay;
    reg [31:0] command;
    reg [4:0] command_bit;
    reg [3:0] word_bit;
    reg [14:0] shift_in;
    reg [INDEX_BITS-1:0] next_index;
    reg [15:0] crc;
    assign flash_mosi = command[31];

    always @(posedge clk) begin
        if (rst) begin
            state <= WAITING;
            delay <= {DELAY_BITS{1'b0}};
            flash_csn <= 1'b1;
            flash_sck <= 1'b0;
            command <= {8'hAB, 24'h000000};
            command_bit <= 5'd0;
            word_bit <= 4'd0;
            next_index <= {INDEX_BITS{1'b0}};
            crc <= 16'hFFFF;
            load_valid <= 1'b0;
            weights_ready <= 1'b0;
            weights_error <= 1'b0;
        end else begin
            load_valid <= 1'b0;
            case (state)
                WAITING: begin
                    if (delay == START_DELAY[DELAY_BITS-1:0]) begin
                        flash_csn <= 1'b0;
                        delay <= {DELAY_BITS{1'b0}};
                        state <= WAKE;
                    end else begin
                        delay <= delay + 1'b1;
                    end
                end
                WAKE: begin
                    flash_sck <= !flash_sck;
                    if (flash_sck) begin
                        // falling edge: the next command bit goes out; after the eighth, deselect to wake the flash
                        command <= {command[30:0], 1'b0};
                        command_bit <= command_bit + 1'b1;
                        if (command_bit == 5'd7) begin
                            flash_csn <= 1'b1;
                            state <= RESUME;
                        end
                    end
                end
                RESUME: begin
                    if (delay == WAKE_DELAY[DELAY_BITS-1:0]) begin
                        flash_csn <= 1'b0;
                        command <= {8'h03, FLASH_OFFSET};
                        command_bit <= 5'd0;
                        state <= COMMAND;
                    end else begin
                        delay <= delay + 1'b1;
                    end
                end
                COMMAND: begin
                    flash_sck <= !flash_sck;
                    if (flash_sck) begin
                        command <= {command[30:0], 1'b0};
                        command_bit <= command_bit + 1'b1;
                        if (command_bit == 5'd31) begin
                            state <= DATA;
                        end
                    end
                end
                DATA: begin
                    flash_sck <= !flash_sck;
                    if (!flash_sck) begin
                        // rising edge: flash_miso has held this bit since the falling edge before
                        shift_in <= {shift_in[13:0], flash_miso};
                        crc <= {crc[14:0], 1'b0} ^ ({16{crc[15] ^ flash_miso}} & 16'h1021);
                        word_bit <= word_bit + 1'b1;
                        if (word_bit == 4'd15) begin
                            load_valid <= 1'b1;
                            load_word <= {shift_in, flash_miso};
                            load_index <= next_index;
                            next_index <= next_index + 1'b1;
                            if (next_index == LAST_INDEX) begin
                                state <= DONE;
                            end
                        end
                    end
                end
                default: begin
                    flash_sck <= 1'b0;
                    flash_csn <= 1'b1;
                    weights_ready <= crc == IMAGE_CRC;
                    weights_error <= crc != IMAGE_CRC;
                end
            endcase
        end
    end
endmodule

`default_nettype wire
