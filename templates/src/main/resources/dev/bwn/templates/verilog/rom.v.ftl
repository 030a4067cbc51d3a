<#import "header.ftl" as h>
<@h.header module=m.name what="ROM initialized from a $readmemh file, synchronous read with enable" template="verilog/rom.v.ftl"/>
`default_nettype none

module ${m.name} #(
    parameter integer WIDTH = 8,
    parameter integer DEPTH = 16,
    parameter integer ADDR_BITS = 4,
    // 1: ask synthesis for block RAM; 0: LUTs (a small ROM costs less logic than a whole block)
    parameter integer BLOCK = 1,
    parameter INIT_FILE = "rom.hex"
) (
    input  wire                 clk,
    input  wire                 read_enable,
    input  wire [ADDR_BITS-1:0] read_address,
    output reg  [WIDTH-1:0]     read_data
);
    generate
        if (BLOCK != 0) begin : g_block
            (* rom_style = "block" *) (* ram_style = "block" *) reg [WIDTH-1:0] memory [0:DEPTH-1];
            initial $readmemh(INIT_FILE, memory);
            always @(posedge clk) begin
                if (read_enable) begin
                    read_data <= memory[read_address];
                end
            end
        end else begin : g_logic
            (* rom_style = "logic" *) (* ram_style = "logic" *) reg [WIDTH-1:0] memory [0:DEPTH-1];
            initial $readmemh(INIT_FILE, memory);
            always @(posedge clk) begin
                if (read_enable) begin
                    read_data <= memory[read_address];
                end
            end
        end
    endgenerate
endmodule

`default_nettype wire
