<#import "header.ftl" as h>
<@h.header module=m.name what="simple dual-port RAM, synchronous read (one cycle), used for layer input buffers" template="verilog/ram.v.ftl"/>
`default_nettype none

module ${m.name} #(
    parameter integer WIDTH = 8,
    parameter integer DEPTH = 16,
    parameter integer ADDR_BITS = 4,
    // 1: ask synthesis for block RAM; 0: registers (small buffers are not worth a 4-kbit block)
    parameter integer BLOCK = 1
) (
    input  wire                 clk,
    input  wire                 write_enable,
    input  wire [ADDR_BITS-1:0] write_address,
    input  wire [WIDTH-1:0]     write_data,
    input  wire [ADDR_BITS-1:0] read_address,
    output reg  [WIDTH-1:0]     read_data
);
    generate
        if (BLOCK != 0) begin : g_block
            (* ram_style = "block" *) reg [WIDTH-1:0] memory [0:DEPTH-1];
            always @(posedge clk) begin
                if (write_enable) begin
                    memory[write_address] <= write_data;
                end
                read_data <= memory[read_address];
            end
        end else begin : g_logic
            (* ram_style = "logic" *) reg [WIDTH-1:0] memory [0:DEPTH-1];
            always @(posedge clk) begin
                if (write_enable) begin
                    memory[write_address] <= write_data;
                end
                read_data <= memory[read_address];
            end
        end
    endgenerate
endmodule

`default_nettype wire
