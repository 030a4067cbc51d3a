<#import "header.ftl" as h>
<#import "stage.ftl" as stage>
<@h.header module=m.name what="maxpool layer \"${m.stage.modelName}\" (model layer ${m.stage.index}), ${m.stage.simd} channel lane(s)" template="verilog/maxpool.v.ftl"/>
//
// Input ${m.stage.inputShape} -> output ${m.stage.outputShape}, ${m.stage.inputType}, window ${m.kernelHeight}x${m.kernelWidth} with stride
// ${m.strideY}x${m.strideX}, no padding. Pixels stream in, one per beat, into a line buffer of ${m.stage.ringRows} row(s); for each output pixel
// and each group of ${m.stage.simd} channel(s) the walker reads the window's ${m.stage.stepsPerPixel} position(s), one per cycle; a comparator per
// lane keeps the largest (${m.comparison} comparison). The packer sends every output pixel as one beat.
`default_nettype none

module ${m.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire                in_valid,
    output wire                in_ready,
    input  wire [${msb(m.stage.inputPixelBits)}:0] in_data,
    output wire                out_valid,
    input  wire                out_ready,
    output wire [${msb(m.stage.outputPixelBits)}:0] out_data
);
<@stage.inputSide layer=m.stage/>
    // ---- read stage and running maxima
    reg read_valid;
    reg read_first;
    reg read_last;
    always @(posedge clk) begin
        if (rst) begin
            read_valid <= 1'b0;
        end else begin
            read_valid <= issue_valid;
        end
        read_first <= issue_first;
        read_last <= issue_last;
    end
<#list m.stage.lanes as lane>
    wire ${m.signedKeyword}[${msb(m.stage.inputBits)}:0] lane_value_${lane.index} = read_word[${lane.high}:${lane.low}];
    reg ${m.signedKeyword}[${msb(m.stage.inputBits)}:0] maximum_${lane.index};
    always @(posedge clk) begin
        if (read_valid && (read_first || lane_value_${lane.index} > maximum_${lane.index})) begin
            maximum_${lane.index} <= lane_value_${lane.index};
        end
    end
</#list>
    reg group_push;
    always @(posedge clk) begin
        if (rst) begin
            group_push <= 1'b0;
        end else begin
            group_push <= read_valid && read_last;
        end
    end

    // ---- group FIFO: serializes the ${m.stage.simd} maxima of a pixel
    wire value_valid;
    wire value_ready;
    wire [${msb(m.stage.inputBits)}:0] value;
    ${m.stage.fifoModule} u_fifo (
        .clk(clk),
        .rst(rst),
        .take_credit(take_credit),
        .credit_ok(credit_ok),
        .push(group_push),
        .push_data(${m.maximumConcat}),
        .out_valid(value_valid),
        .out_ready(value_ready),
        .out_data(value)
    );

<@stage.packer layer=m.stage/>
endmodule

`default_nettype wire
