<#import "header.ftl" as h>
<#import "stage.ftl" as stage>
<@h.header module=layer.name what="${layer.kind} layer \"${layer.modelName}\" (model layer ${layer.index}), folded ${layer.fold}" template="verilog/weighted_layer.v.ftl"/>
//
// Input ${layer.inputShape} ${layer.inputType} -> output ${layer.outputShape} ${layer.outputType}; fan-in ${layer.fanIn},
// ${layer.accumulatorBits}-bit accumulators (overflow impossible, SEMANTICS.md section 3).
<#if layer.fusedPool>
// Fused with max-pool "${layer.poolName}" (window ${layer.poolHeight}x${layer.poolWidth}, stride equal): the walker computes the convolved pixels of
// each pool window in turn and the packer keeps each channel's running maximum, so the output is the pool's.
</#if>
<#if layer.kind == "dense">
// A dense layer is the window walk whose kernel covers its whole ${layer.viewShape} input: its fan-in order
// c*H*W + y*W + x is the conv2d order (c, ky, kx) over a kernel as large as the input.
</#if>
// Schedule: pixels stream in, one per beat, into a line buffer of ${layer.ringRows} row(s); for each output pixel and each group of
// ${layer.pe} output channel(s), the walker reads ${layer.stepsPerPixel} word(s) of ${layer.simd} channel(s); ${layer.pe} dot-product unit(s) add or
// subtract them, accumulators sum a group's steps, the group FIFO serializes the ${layer.pe} sums, one requantizer scales
<#if layer.outputAsRow>
// each; the packer sends ${layer.outputBeatChannels} consecutive value(s) per beat (the next stage reads this vector as a row of such pixels).
<#else>
// each and the packer sends every output pixel as one beat (channel c at out_data[${layer.outputBits}*c +: ${layer.outputBits}]).
</#if>
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
<@stage.inputSide layer=layer weighted=true/>
    // ---- weights: word (group, step) holds bit p*${layer.simd} + lane for output channel group*${layer.pe} + p
    wire [${msb(layer.romWidth)}:0] weight_bits;
    ${layer.romModule} #(
        .WIDTH(${layer.romWidth}),
        .DEPTH(${layer.romDepth}),
        .ADDR_BITS(${layer.romAddressBits}),
        .BLOCK(${layer.romBlock}),
        .INIT_FILE("${layer.weightFile}")
    ) u_weights (
        .clk(clk),
        .read_enable(1'b1),
        .read_address(issue_rom_address),
        .read_data(weight_bits)
    );

    // ---- read stage: line-buffer word and weight word arrive one cycle after the walker issued their addresses
    reg read_valid;
<#if layer.padded>
    reg read_in_bounds;
</#if>
    reg read_first;
    reg read_last;
    reg [${msb(layer.channelBits)}:0] read_channel_base;
    always @(posedge clk) begin
        if (rst) begin
            read_valid <= 1'b0;
        end else begin
            read_valid <= issue_valid;
        end
<#if layer.padded>
        read_in_bounds <= issue_in_bounds;
</#if>
        read_first <= issue_first;
        read_last <= issue_last;
        read_channel_base <= issue_channel_base;
    end
<#if layer.padded>
    // zero padding: a position outside the input contributes nothing, whatever its weight bit says
    wire [${msb(layer.dotInputBits)}:0] dot_x = read_in_bounds ? read_word : ${layer.dotInputZero};
<#else>
    wire [${msb(layer.dotInputBits)}:0] dot_x = read_word;
</#if>

    // ---- dot products, one unit per parallel output channel
<#list layer.units as unit>
    wire signed [${msb(layer.dotBits)}:0] dot_sum_${unit.index};
    ${layer.dotModule} u_dot_${unit.index} (
        .clk(clk),
        .x(dot_x),
        .w(weight_bits[${unit.weightHigh}:${unit.weightLow}]),
        .sum(dot_sum_${unit.index})
    );
</#list>

    // control travels beside the data through the ${layer.dotLatency}-cycle dot-product pipeline
    reg [${msb(layer.dotLatency)}:0] dot_valid_pipe;
    reg [${msb(layer.dotLatency)}:0] dot_first_pipe;
    reg [${msb(layer.dotLatency)}:0] dot_last_pipe;
    reg [${msb(layer.channelPipeBits)}:0] dot_channel_pipe;
    always @(posedge clk) begin
        if (rst) begin
            dot_valid_pipe <= ${layer.dotPipeZero};
        end else begin
            dot_valid_pipe <= ${layer.dotValidShift};
        end
        dot_first_pipe <= ${layer.dotFirstShift};
        dot_last_pipe <= ${layer.dotLastShift};
        dot_channel_pipe <= ${layer.dotChannelShift};
    end
    wire dot_valid = dot_valid_pipe[${msb(layer.dotLatency)}];
    wire dot_first = dot_first_pipe[${msb(layer.dotLatency)}];
    wire dot_last = dot_last_pipe[${msb(layer.dotLatency)}];

    // ---- accumulators: the first step of a pixel loads, the others add
<#list layer.units as unit>
    reg signed [${msb(layer.accumulatorBits)}:0] accumulator_${unit.index};
    always @(posedge clk) begin
        if (dot_valid) begin
            accumulator_${unit.index} <= dot_first ? ${unit.sumExtended} : accumulator_${unit.index} + ${unit.sumExtended};
        end
    end
</#list>
    reg group_push;
    reg [${msb(layer.channelBits)}:0] group_channel;
    always @(posedge clk) begin
        if (rst) begin
            group_push <= 1'b0;
        end else begin
            group_push <= dot_valid && dot_last;
        end
        group_channel <= dot_channel_pipe[${msb(layer.channelPipeBits)}:${layer.channelPipeLastLow}];
    end

    // ---- group FIFO: serializes the ${layer.pe} sums of a pixel
    wire sum_valid;
    wire sum_ready;
    wire [${msb(layer.channelBits)}:0] sum_channel;
    wire [${msb(layer.accumulatorBits)}:0] sum;
    ${layer.fifoModule} u_fifo (
        .clk(clk),
        .rst(rst),
        .take_credit(take_credit),
        .credit_ok(credit_ok),
        .push(group_push),
        .push_data(${layer.accumulatorConcat}),
        .push_channel(group_channel),
        .out_valid(sum_valid),
        .out_ready(sum_ready),
        .out_channel(sum_channel),
        .out_data(sum)
    );

    // ---- requantization, one value per beat
    wire value_valid;
    wire value_ready;
    wire [${msb(layer.outputBits)}:0] value;
    ${layer.requantModule} u_requant (
        .clk(clk),
        .rst(rst),
        .in_valid(sum_valid),
        .in_ready(sum_ready),
        .in_accumulator(sum),
        .in_channel(sum_channel),
        .out_valid(value_valid),
        .out_ready(value_ready),
        .out_data(value)
    );

<@stage.packer layer=layer/>
endmodule

`default_nettype wire
