<#import "header.ftl" as h>
<@h.header module=m.name what="skip FIFO of ${m.depth} beat(s) before input ${m.input} of add \"${m.addName}\"" template="verilog/skip_fifo.v.ftl"/>
//
// Its depth is computed by the lowering (SkipDepths; the design's README gives the formula) so that this branch can
// hold every beat the other branch absorbs before the add takes its next pixel; one entry fewer can stall the fork
// for ever. in_ready and out_valid depend on the fill count only.
`default_nettype none

module ${m.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire                in_valid,
    output wire                in_ready,
    input  wire [${msb(m.bits)}:0] in_data,
    output wire                out_valid,
    input  wire                out_ready,
    output wire [${msb(m.bits)}:0] out_data
);
    (* ram_style = "${m.ramStyle}" *) reg [${msb(m.bits)}:0] entries [0:${m.depth - 1}];
    reg [${msb(m.pointerBits)}:0] write_pointer;
    reg [${msb(m.pointerBits)}:0] read_pointer;
    reg [${msb(m.countBits)}:0] count;
    assign in_ready = count != ${m.countFull};
    assign out_valid = count != ${m.countZero};
    assign out_data = entries[read_pointer];
    wire push = in_valid && in_ready;
    wire pop = out_valid && out_ready;

    always @(posedge clk) begin
        if (push) begin
            entries[write_pointer] <= in_data;
        end
        if (rst) begin
            write_pointer <= ${m.pointerZero};
            read_pointer <= ${m.pointerZero};
            count <= ${m.countZero};
        end else begin
            if (push) begin
                write_pointer <= write_pointer == ${m.pointerLast} ? ${m.pointerZero} : write_pointer + ${m.pointerOne};
            end
            if (pop) begin
                read_pointer <= read_pointer == ${m.pointerLast} ? ${m.pointerZero} : read_pointer + ${m.pointerOne};
            end
            count <= count + ${m.pushExtended} - ${m.popExtended};
        end
    end
endmodule

`default_nettype wire
