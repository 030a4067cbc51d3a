<#import "header.ftl" as h>
<@h.header module=rq.name what="requantization of layer ${rq.layer}: t = acc*m + bias, r = t >>> shift, clamp to ${rq.outputType}" template="verilog/requant.v.ftl"/>
//
// SEMANTICS.md section 4. The round-half-up constant 2^(shift-1) is already folded into each channel's bias.
<#if rq.multiplierFree>
// Multiplier-free: every multiplier is +-2^k, so the product is a left shift by k and an optional negation.
<#else>
// One signed ${rq.accumulatorBits} x ${rq.multiplierBits} multiply per value: the only multiplier of the layer.
</#if>
// A four-stage pipeline with one stall signal: it moves whenever its output register is empty or being read.
`default_nettype none

module ${rq.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire                in_valid,
    output wire                in_ready,
    input  wire [${msb(rq.accumulatorBits)}:0] in_accumulator,
    input  wire [${msb(rq.channelBits)}:0] in_channel,
    output reg                 out_valid,
    input  wire                out_ready,
    output reg  [${msb(rq.outputBits)}:0] out_data
);
    wire advance = !out_valid || out_ready;
    assign in_ready = advance;

    // stage 1: the channel's constants from the parameter ROM
    wire [${msb(rq.parameterBits)}:0] parameters;
    ${rq.romModule} #(
        .WIDTH(${rq.parameterBits}),
        .DEPTH(${rq.channels}),
        .ADDR_BITS(${rq.channelBits}),
        .BLOCK(${rq.parameterBlock}),
        .INIT_FILE("${rq.parameterFile}")
    ) u_parameters (
        .clk(clk),
        .read_enable(advance),
        .read_address(in_channel),
        .read_data(parameters)
    );
    reg stage1_valid;
    reg signed [${msb(rq.accumulatorBits)}:0] stage1_accumulator;
<#if rq.multiplierFree>
    wire [${msb(rq.powerBits)}:0] power = parameters[${msb(rq.powerBits)}:0];
    wire negate = parameters[${rq.powerBits}];
<#else>
    wire signed [${msb(rq.multiplierBits)}:0] multiplier = parameters[${msb(rq.multiplierBits)}:0];
</#if>
    wire signed [${msb(rq.biasBits)}:0] bias = parameters[${rq.biasHigh}:${rq.biasLow}];
<#if rq.variableShift>
    wire [${msb(rq.shiftBits)}:0] shift = parameters[${msb(rq.parameterBits)}:${rq.shiftLow}];
</#if>

    // stage 2: product
    reg stage2_valid;
    reg signed [${msb(rq.productBits)}:0] stage2_product;
    reg signed [${msb(rq.biasBits)}:0] stage2_bias;
<#if rq.variableShift>
    reg [${msb(rq.shiftBits)}:0] stage2_shift;
</#if>
<#if rq.multiplierFree>
    wire [${msb(rq.productBits)}:0] accumulator_shifted = ${rq.accumulatorExtended} << power;
<#else>
    // Verilog sign-extends both operands to the ${rq.productBits}-bit product; written this way synthesis sees a
    // ${rq.accumulatorBits} x ${rq.multiplierBits} signed multiplier (a DSP block where there is one).
    /* verilator lint_off WIDTH */
    wire signed [${msb(rq.productBits)}:0] product = stage1_accumulator * multiplier;
    /* verilator lint_on WIDTH */
</#if>

    // stage 3: t = product + bias
    reg stage3_valid;
    reg signed [${msb(rq.sumBits)}:0] stage3_sum;
<#if rq.variableShift>
    reg [${msb(rq.shiftBits)}:0] stage3_shift;
</#if>

    // stage 4: r = t >>> shift (floor), then the clamp, the layer's only nonlinearity
    wire signed [${msb(rq.sumBits)}:0] shifted = ${rq.shiftExpression};
    // After the clamp the value fits the ${rq.outputBits}-bit output, so bits above it are copies of its sign (or zero) and
    // may go unused.
    /* verilator lint_off UNUSED */
    wire signed [${msb(rq.sumBits)}:0] clamped = ${rq.clampExpression};
    /* verilator lint_on UNUSED */

    always @(posedge clk) begin
        if (rst) begin
            stage1_valid <= 1'b0;
            stage2_valid <= 1'b0;
            stage3_valid <= 1'b0;
            out_valid <= 1'b0;
        end else if (advance) begin
            stage1_valid <= in_valid;
            stage2_valid <= stage1_valid;
            stage3_valid <= stage2_valid;
            out_valid <= stage3_valid;
        end
    end

    always @(posedge clk) begin
        if (advance) begin
            stage1_accumulator <= in_accumulator;
<#if rq.multiplierFree>
            stage2_product <= negate ? -accumulator_shifted : accumulator_shifted;
<#else>
            stage2_product <= product;
</#if>
            stage2_bias <= bias;
            stage3_sum <= ${rq.sumExpression};
<#if rq.variableShift>
            stage2_shift <= shift;
            stage3_shift <= stage2_shift;
</#if>
            out_data <= ${rq.outputExpression};
        end
    end
endmodule

`default_nettype wire
