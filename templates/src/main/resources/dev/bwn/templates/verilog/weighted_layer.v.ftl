<#import "header.ftl" as h>
<#import "stage.ftl" as stage>
<@h.header module=m.name what="${m.stage.kind} layer \"${m.stage.modelName}\" (model layer ${m.stage.index}), folded ${m.stage.fold}" template="verilog/weighted_layer.v.ftl"/>
//
// Input ${m.stage.inputShape} ${m.stage.inputType} -> output ${m.stage.outputShape} ${m.stage.outputType}; fan-in ${m.fanIn},
// ${m.accumulatorBits}-bit accumulators (overflow impossible, SEMANTICS.md section 3).
<#if m.stage.fusedPool>
// Fused with max-pool "${m.stage.poolName}" (window ${m.stage.poolHeight}x${m.stage.poolWidth}, stride equal): the walker computes the convolved pixels of
// each pool window in turn and the packer keeps each channel's running maximum, so the output is the pool's.
</#if>
<#if m.wholeInputKernel>
// A dense layer is the window walk whose kernel covers its whole ${m.stage.viewShape} input: its fan-in order
// c*H*W + y*W + x is the conv2d order (c, ky, kx) over a kernel as large as the input.
</#if>
// Schedule: pixels stream in, one per beat, into a line buffer of ${m.stage.ringRows} row(s); for each output pixel and each group of
<#if m.maskedTaps?? || m.stage.walker.taps?has_content>
// ${m.stage.pe} output channel(s), the walker reads ${m.stage.stepsPerPixel} step(s) of ${m.stage.walker.taps?size} word(s) (window positions) of ${m.stage.simd} channel(s); ${m.stage.pe} dot-product unit(s) add or
<#else>
// ${m.stage.pe} output channel(s), the walker reads ${m.stage.stepsPerPixel} word(s) of ${m.stage.simd} channel(s); ${m.stage.pe} dot-product unit(s) add or
</#if>
// subtract them, accumulators sum a group's steps, the group FIFO serializes the ${m.stage.pe} sums, one requantizer scales
<#if m.stage.outputAsRow>
// each; the packer sends ${m.stage.outputBeatChannels} consecutive value(s) per beat (the next stage reads this vector as a row of such pixels).
<#else>
// each and the packer sends every output pixel as one beat (channel c at out_data[${m.stage.outputBits}*c +: ${m.stage.outputBits}]).
</#if>
`default_nettype none

module ${m.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire                in_valid,
    output wire                in_ready,
    input  wire [${msb(m.stage.inputPixelBits)}:0] in_data,
    output wire                out_valid,
    input  wire                out_ready,
    output wire [${msb(m.stage.outputPixelBits)}:0] out_data<#if m.spram??>,
    // the flash load (flash_loader.v): words for the SPRAM weights until weights_ready
    input  wire                weights_ready,
    input  wire                load_valid,
    input  wire [${msb(m.spram.indexBits)}:0] load_index,
    input  wire [15:0]         load_word</#if>
);
<@stage.inputSide layer=m.stage/>
    // ---- weights: word (group, step) holds bit p*${m.stage.simd} + lane for output channel group*${m.stage.pe} + p
    wire [${msb(m.romWidth)}:0] weight_bits;
<#if m.spram??>
    // in ${m.spram.columns} x ${m.spram.rows} SB_SPRAM256KA block(s) (columns x rows), loaded from SPI flash at start-up
    ${m.spram.module} #(
        .WIDTH(${m.romWidth}),
        .ADDR_BITS(${m.romAddressBits}),
        .COLUMNS(${m.spram.columns}),
        .ROWS(${m.spram.rows}),
        .INDEX_BITS(${m.spram.indexBits}),
        .LOAD_FIRST(${m.spram.loadFirst}),
        .LOAD_LAST(${m.spram.loadLast})
    ) u_weights (
        .clk(clk),
        .rst(rst),
        .read_enable(1'b1),
        .read_address(issue_rom_address),
        .read_data(weight_bits),
        .weights_ready(weights_ready),
        .load_valid(load_valid),
        .load_index(load_index),
        .load_word(load_word)
    );
<#else>
    ${m.stage.romModule} #(
        .WIDTH(${m.romWidth}),
        .DEPTH(${m.romDepth}),
        .ADDR_BITS(${m.romAddressBits}),
        .BLOCK(${m.romBlock}),
        .INIT_FILE("${m.weightFile}")
    ) u_weights (
        .clk(clk),
        .read_enable(1'b1),
        .read_address(issue_rom_address),
        .read_data(weight_bits)
    );
</#if>

    // ---- read stage: line-buffer word and weight word arrive one cycle after the walker issued their addresses
    reg read_valid;
<#if m.padded>
    reg ${m.stage.walker.maskRange}read_in_bounds;
</#if>
    reg read_first;
    reg read_last;
    reg [${msb(m.channelBits)}:0] read_channel_base;
    always @(posedge clk) begin
        if (rst) begin
            read_valid <= 1'b0;
        end else begin
            read_valid <= issue_valid;
        end
<#if m.padded>
        read_in_bounds <= issue_in_bounds;
</#if>
        read_first <= issue_first;
        read_last <= issue_last;
        read_channel_base <= issue_channel_base;
    end
<#if m.padded && m.maskedTaps??>
    // ${m.stage.walker.taps?size} taps side by side; a tap outside the input (zero padding) or beyond the kernel contributes nothing,
    // whatever its weight bit says
    wire [${msb(m.dotInputBits)}:0] dot_x = ${m.maskedTaps};
<#elseif m.padded>
    // zero padding: a position outside the input contributes nothing, whatever its weight bit says
    wire [${msb(m.dotInputBits)}:0] dot_x = read_in_bounds ? read_word : ${m.dotInputZero};
<#else>
    wire [${msb(m.dotInputBits)}:0] dot_x = read_word;
</#if>

    // ---- dot products, one unit per parallel output channel
<#list m.units as unit>
    wire signed [${msb(m.dotBits)}:0] dot_sum_${unit.index};
    ${m.dotModule} u_dot_${unit.index} (
        .clk(clk),
        .x(dot_x),
        .w(weight_bits[${unit.weightHigh}:${unit.weightLow}]),
        .sum(dot_sum_${unit.index})
    );
</#list>

    // control travels beside the data through the ${m.dotLatency}-cycle dot-product pipeline
    reg [${msb(m.dotLatency)}:0] dot_valid_pipe;
    reg [${msb(m.dotLatency)}:0] dot_first_pipe;
    reg [${msb(m.dotLatency)}:0] dot_last_pipe;
    reg [${msb(m.channelPipeBits)}:0] dot_channel_pipe;
    always @(posedge clk) begin
        if (rst) begin
            dot_valid_pipe <= ${m.dotPipeZero};
        end else begin
            dot_valid_pipe <= ${m.dotValidShift};
        end
        dot_first_pipe <= ${m.dotFirstShift};
        dot_last_pipe <= ${m.dotLastShift};
        dot_channel_pipe <= ${m.dotChannelShift};
    end
    wire dot_valid = dot_valid_pipe[${msb(m.dotLatency)}];
    wire dot_first = dot_first_pipe[${msb(m.dotLatency)}];
    wire dot_last = dot_last_pipe[${msb(m.dotLatency)}];

    // ---- accumulators: the first step of a pixel loads, the others add
<#list m.units as unit>
    reg signed [${msb(m.accumulatorBits)}:0] accumulator_${unit.index};
    always @(posedge clk) begin
        if (dot_valid) begin
            accumulator_${unit.index} <= dot_first ? ${unit.sumExtended} : accumulator_${unit.index} + ${unit.sumExtended};
        end
    end
</#list>
    reg group_push;
    reg [${msb(m.channelBits)}:0] group_channel;
    always @(posedge clk) begin
        if (rst) begin
            group_push <= 1'b0;
        end else begin
            group_push <= dot_valid && dot_last;
        end
        group_channel <= dot_channel_pipe[${msb(m.channelPipeBits)}:${m.channelPipeLastLow}];
    end

    // ---- group FIFO: serializes the ${m.stage.pe} sums of a pixel
    wire sum_valid;
    wire sum_ready;
    wire [${msb(m.channelBits)}:0] sum_channel;
    wire [${msb(m.accumulatorBits)}:0] sum;
    ${m.stage.fifoModule} u_fifo (
        .clk(clk),
        .rst(rst),
        .take_credit(take_credit),
        .credit_ok(credit_ok),
        .push(group_push),
        .push_data(${m.accumulatorConcat}),
        .push_channel(group_channel),
        .out_valid(sum_valid),
        .out_ready(sum_ready),
        .out_channel(sum_channel),
        .out_data(sum)
    );

    // ---- requantization, one value per beat
    wire value_valid;
    wire value_ready;
    wire [${msb(m.stage.outputBits)}:0] value;
    ${m.requantModule} u_requant (
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

<@stage.packer layer=m.stage/>
endmodule

`default_nettype wire
