<#import "header.ftl" as h>
<@h.header module=layer.name what="maxpool layer \"${layer.modelName}\" (model layer ${layer.index}), ${layer.simd} channel lane(s)" template="verilog/maxpool.v.ftl"/>
//
// Input ${layer.inputShape} -> output ${layer.outputShape}, ${layer.inputType}, window ${layer.kernelHeight}x${layer.kernelWidth} with stride
// ${layer.strideY}x${layer.strideX}, no padding. Buffer the whole input, then for each group of ${layer.simd} channel(s) and each output pixel
// read the window's ${layer.stepsPerPixel} position(s), one per cycle; a comparator per lane keeps the largest
// (${layer.comparison} comparison). Stream out: groups of ${layer.simd} channel(s) of one pixel, pixel by pixel, group by group.
`default_nettype none

module ${layer.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire                in_valid,
    output wire                in_ready,
    input  wire [${msb(layer.inputBits)}:0] in_data,
    output wire                out_valid,
    input  wire                out_ready,
    output wire [${msb(layer.inputBits)}:0] out_data
);
    // ---- input buffer: loads while `loading`, is read by the walker otherwise (single buffered)
    reg loading;
    reg walk_start;
    wire accept = in_valid && loading;
    assign in_ready = loading;
    wire [${msb(layer.laneBits)}:0] write_lane;
    wire [${msb(layer.bufferAddressBits)}:0] write_address;
    wire write_last;
    ${layer.indexModule} u_index (
        .clk(clk),
        .rst(rst),
        .advance(accept),
        .lane(write_lane),
        .address(write_address),
        .last(write_last)
    );

    // ---- window walker
    wire take_credit;
    wire credit_ok;
    wire issue_valid;
    wire [${msb(layer.bufferAddressBits)}:0] issue_address;
    wire issue_first;
    wire issue_last;
    wire walk_finished;
    ${layer.walkerModule} u_walker (
        .clk(clk),
        .rst(rst),
        .start(walk_start),
        .credit_ok(credit_ok),
        .take_credit(take_credit),
        .issue_valid(issue_valid),
        .issue_address(issue_address),
        .issue_first(issue_first),
        .issue_last(issue_last),
        .finished(walk_finished)
    );

    always @(posedge clk) begin
        if (rst) begin
            loading <= 1'b1;
            walk_start <= 1'b0;
        end else begin
            walk_start <= accept && write_last;
            if (accept && write_last) begin
                loading <= 1'b0;
            end else if (walk_finished) begin
                loading <= 1'b1;
            end
        end
    end

<#list layer.lanes as lane>
    wire [${msb(layer.inputBits)}:0] lane_data_${lane.index};
    ${layer.ramModule} #(
        .WIDTH(${layer.inputBits}),
        .DEPTH(${layer.bufferDepth}),
        .ADDR_BITS(${layer.bufferAddressBits}),
        .BLOCK(${layer.bufferBlock})
    ) u_lane_${lane.index} (
        .clk(clk),
        .write_enable(accept && write_lane == ${lane.literal}),
        .write_address(write_address),
        .write_data(in_data),
        .read_address(issue_address),
        .read_data(lane_data_${lane.index})
    );
</#list>

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
    wire ${layer.signedKeyword}[${msb(layer.inputBits)}:0] lane_value_${lane.index} = lane_data_${lane.index};
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
    ${layer.fifoModule} u_fifo (
        .clk(clk),
        .rst(rst),
        .take_credit(take_credit),
        .credit_ok(credit_ok),
        .push(group_push),
        .push_data(${layer.maximumConcat}),
        .out_valid(out_valid),
        .out_ready(out_ready),
        .out_data(out_data)
    );
endmodule

`default_nettype wire
