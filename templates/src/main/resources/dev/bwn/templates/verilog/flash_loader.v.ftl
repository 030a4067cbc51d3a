<#import "header.ftl" as h>
<@h.header module=m.name what="loads the SPRAM weights from SPI flash after reset, then raises weights_ready" template="verilog/flash_loader.v.ftl"/>
//
// One standard READ (0x03) command, 24-bit address FLASH_OFFSET, then WORDS 16-bit words, most significant bit first
// (SPI mode 0: the flash samples flash_mosi on the rising edge of flash_sck and shifts flash_miso on the falling edge;
// flash_sck runs at clk / 2). Word i goes out on load_word with load_index = i for one cycle. After the last word
// flash_csn goes high and weights_ready rises and stays high until reset. START_DELAY cycles after reset pass before
// the flash is selected.
`default_nettype none

module ${m.name} #(
    parameter [23:0] FLASH_OFFSET = 24'h100000,
    parameter integer INDEX_BITS = 1,
    parameter [INDEX_BITS-1:0] LAST_INDEX = 0,
    parameter integer START_DELAY = 64
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
    output reg                   weights_ready
);
    localparam [1:0] WAITING = 2'd0, COMMAND = 2'd1, DATA = 2'd2, DONE = 2'd3;
    localparam integer DELAY_BITS = $clog2(START_DELAY + 1);
    reg [1:0] state;
    reg [DELAY_BITS-1:0] delay;
    reg [31:0] command;
    reg [4:0] command_bit;
    reg [3:0] word_bit;
    reg [14:0] shift_in;
    reg [INDEX_BITS-1:0] next_index;
    assign flash_mosi = command[31];

    always @(posedge clk) begin
        if (rst) begin
            state <= WAITING;
            delay <= {DELAY_BITS{1'b0}};
            flash_csn <= 1'b1;
            flash_sck <= 1'b0;
            command <= {8'h03, FLASH_OFFSET};
            command_bit <= 5'd0;
            word_bit <= 4'd0;
            next_index <= {INDEX_BITS{1'b0}};
            load_valid <= 1'b0;
            weights_ready <= 1'b0;
        end else begin
            load_valid <= 1'b0;
            case (state)
                WAITING: begin
                    if (delay == START_DELAY[DELAY_BITS-1:0]) begin
                        flash_csn <= 1'b0;
                        state <= COMMAND;
                    end else begin
                        delay <= delay + 1'b1;
                    end
                end
                COMMAND: begin
                    flash_sck <= !flash_sck;
                    if (flash_sck) begin
                        // falling edge: the next command bit goes out
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
                    weights_ready <= 1'b1;
                end
            endcase
        end
    end
endmodule

`default_nettype wire
