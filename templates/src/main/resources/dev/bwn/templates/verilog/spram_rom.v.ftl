<#import "header.ftl" as h>
<@h.header module=m.name what="weight ROM in SB_SPRAM256KA blocks, written once from the flash load, then read like rom.v" template="verilog/spram_rom.v.ftl"/>
//
// SB_SPRAM256KA (yosys ice40/cells_sim.v): 16K x 16 bit, single port; with CHIPSELECT high and WREN low DATAOUT takes
// mem[ADDRESS] on the rising clock edge (one cycle of read latency, as rom.v); with WREN high the nibbles enabled by
// MASKWREN are written. The bitstream cannot initialise it: until weights_ready every block takes the load words
// LOAD_FIRST..LOAD_LAST in order, word (address a, column c) = load word LOAD_FIRST + a*COLUMNS + c.
`default_nettype none

module ${m.name} #(
    parameter integer WIDTH = 16,
    parameter integer ADDR_BITS = 14,
    parameter integer COLUMNS = 1,
    parameter integer ROWS = 1,
    parameter integer INDEX_BITS = 1,
    parameter [INDEX_BITS-1:0] LOAD_FIRST = 0,
    parameter [INDEX_BITS-1:0] LOAD_LAST = 0
) (
    input  wire                  clk,
    input  wire                  rst,
    input  wire                  read_enable,
    input  wire [ADDR_BITS-1:0]  read_address,
    output wire [WIDTH-1:0]      read_data,
    input  wire                  weights_ready,
    input  wire                  load_valid,
    input  wire [INDEX_BITS-1:0] load_index,
    input  wire [15:0]           load_word
);
    localparam integer COLUMN_BITS = COLUMNS > 1 ? $clog2(COLUMNS) : 1;
    localparam integer ROW_BITS = ROWS > 1 ? $clog2(ROWS) : 1;
    // addresses padded so that the row field [14 +: ROW_BITS] exists whatever ADDR_BITS is
    localparam integer WIDE_BITS = (ADDR_BITS > 14 ? ADDR_BITS : 14) + ROW_BITS;

    // words arrive in index order, so this ROM's run starts at LOAD_FIRST and ends after LOAD_LAST
    reg in_run;
    wire load_here = !weights_ready && load_valid && (in_run || load_index == LOAD_FIRST);
    reg [COLUMN_BITS-1:0] load_column;
    reg [WIDE_BITS-1:0] load_address;
    always @(posedge clk) begin
        if (rst) begin
            in_run <= 1'b0;
            load_column <= {COLUMN_BITS{1'b0}};
            load_address <= {WIDE_BITS{1'b0}};
        end else if (load_here) begin
            in_run <= load_index != LOAD_LAST;
            if (load_column == COLUMNS[COLUMN_BITS-1:0] - 1'b1 || COLUMNS == 1) begin
                load_column <= {COLUMN_BITS{1'b0}};
                load_address <= load_address + 1'b1;
            end else begin
                load_column <= load_column + 1'b1;
            end
        end
    end

    // bits above the row field exist only when the address is wider than 14 + ROW_BITS; they are always zero
    /* verilator lint_off UNUSED */
    wire [WIDE_BITS-1:0] read_wide = {{(WIDE_BITS-ADDR_BITS){1'b0}}, read_address};
    wire [WIDE_BITS-1:0] address = weights_ready ? read_wide : load_address;
    /* verilator lint_on UNUSED */
    reg [ROW_BITS-1:0] read_row;
    always @(posedge clk) begin
        if (read_enable) begin
            read_row <= read_wide[14 +: ROW_BITS];
        end
    end

    wire [16*COLUMNS*ROWS-1:0] block_data;
    genvar row, column;
    generate
        for (row = 0; row < ROWS; row = row + 1) begin : g_row
            for (column = 0; column < COLUMNS; column = column + 1) begin : g_column
                wire write_block = load_here && load_column == column[COLUMN_BITS-1:0]
                        && address[14 +: ROW_BITS] == row[ROW_BITS-1:0];
                SB_SPRAM256KA u_block (
                    .ADDRESS(address[13:0]),
                    .DATAIN(load_word),
                    .MASKWREN(4'b1111),
                    .WREN(write_block),
                    .CHIPSELECT(weights_ready ? read_enable : write_block),
                    .CLOCK(clk),
                    .STANDBY(1'b0),
                    .SLEEP(1'b0),
                    .POWEROFF(1'b1),
                    .DATAOUT(block_data[16*(row*COLUMNS + column) +: 16])
                );
            end
        end
    endgenerate
    assign read_data = block_data[16*COLUMNS*read_row +: WIDTH];
endmodule

`default_nettype wire
