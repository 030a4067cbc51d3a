<#import "header.ftl" as h>
<#import "stage.ftl" as stage>
<@h.header module=layer.name what="maxpool layer \"${layer.modelName}\" (model layer ${layer.index}), ${layer.simd} channel lane(s)" template="verilog/maxpool.v.ftl"/>
//
// Input ${layer.inputShape} -> output ${layer.outputShape}, ${layer.inputType}, window ${layer.kernelHeight}x${layer.kernelWidth} with stride
// ${layer.strideY}x${layer.strideX}, no padding. Pixels stream in, one per beat, into a line buffer of ${layer.ringRows} row(s); for each output pixel
// and each group of ${layer.simd} channel(s) the walker reads the window's ${layer.stepsPerPixel} position(s), one per cycle; a comparator per
// lane keeps the largest (${layer.comparison} comparison). The packer sends every output pixel as one beat.
`default_nettype none

module ${layer.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire                in_valid,
    output wire                in_ready,
    input  wire [${msb(layer.inputPixelBits)}:0] in_data,
    output wire                out_valid,
    input  wire                out_ready,
    output wire [${msb(layer.outputPixelBits)}:0] out_data
);
<@stage.inputSide layer=layer weighted=false/>
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
<#list layer.lanes as lane>
    wire ${layer.signedKeyword}[${msb(layer.inputBits)}:0] lane_value_${lane.index} = read_word[${lane.high}:${lane.low}];
    reg ${layer.signedKeyword}[${msb(layer.inputBits)}:0] maximum_${lane.index};
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

    // ---- group FIFO: serializes the ${layer.simd} maxima of a pixel
    wire value_valid;
    wire value_ready;
    wire [${msb(layer.inputBits)}:0] value;
    ${layer.fifoModule} u_fifo (
        .clk(clk),
        .rst(rst),
        .take_credit(take_credit),
        .credit_ok(credit_ok),
        .push(group_push),
        .push_data(${layer.maximumConcat}),
        .out_valid(value_valid),
        .out_ready(value_ready),
        .out_data(value)
    );

<@stage.packer layer=layer/>
endmodule

`default_nettype wire
