<#import "header.ftl" as h>
<@h.header module=m.name what="requantization of layer ${m.layer}: t = acc*m + bias, r = t >>> shift, clamp to ${m.outputType}" template="verilog/requant.v.ftl"/>
//
// SEMANTICS.md section 4. The round-half-up constant 2^(shift-1) is already folded into each channel's bias.
<#if m.multiplierFree>
// Multiplier-free: every multiplier is +-2^k, so the product is a left shift by k and an optional negation.
<#else>
// One signed ${m.accumulatorBits} x ${m.multiplierBits} multiply per value: the only multiplier of the layer.
</#if>
// A four-stage pipeline with one stall signal: it moves whenever its output register is empty or being read.
`default_nettype none

module ${m.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire                in_valid,
    output wire                in_ready,
    input  wire [${msb(m.accumulatorBits)}:0] in_accumulator,
    input  wire [${msb(m.channelBits)}:0] in_channel,
    output reg                 out_valid,
    input  wire                out_ready,
    output reg  [${msb(m.outputBits)}:0] out_data
);
    wire advance = !out_valid || out_ready;
    assign in_ready = advance;

    // stage 1: the channel's constants from the parameter ROM
    wire [${msb(m.parameterBits)}:0] parameters;
    ${m.romModule} #(
        .WIDTH(${m.parameterBits}),
        .DEPTH(${m.channels}),
        .ADDR_BITS(${m.channelBits}),
        .BLOCK(${m.parameterBlock}),
        .INIT_FILE("${m.parameterFile}")
    ) u_parameters (
        .clk(clk),
        .read_enable(advance),
        .read_address(in_channel),
        .read_data(parameters)
    );
    reg stage1_valid;
    reg signed [${msb(m.accumulatorBits)}:0] stage1_accumulator;
<#if m.multiplierFree>
    wire [${msb(m.powerBits)}:0] power = parameters[${msb(m.powerBits)}:0];
    wire negate = parameters[${m.powerBits}];
<#else>
    wire signed [${msb(m.multiplierBits)}:0] multiplier = parameters[${msb(m.multiplierBits)}:0];
</#if>
    wire signed [${msb(m.biasBits)}:0] bias = parameters[${m.biasHigh}:${m.biasLow}];
<#if m.variableShift>
    wire [${msb(m.shiftBits)}:0] shift = parameters[${msb(m.parameterBits)}:${m.shiftLow}];
</#if>

    // stage 2: product
    reg stage2_valid;
    reg signed [${msb(m.productBits)}:0] stage2_product;
    reg signed [${msb(m.biasBits)}:0] stage2_bias;
<#if m.variableShift>
    reg [${msb(m.shiftBits)}:0] stage2_shift;
</#if>
<#if m.multiplierFree>
    wire [${msb(m.productBits)}:0] accumulator_shifted = ${m.accumulatorExtended} << power;
<#else>
    // Verilog sign-extends both operands to the ${m.productBits}-bit product; written this way synthesis sees a
    // ${m.accumulatorBits} x ${m.multiplierBits} signed multiplier (a DSP block where there is one).
    /* verilator lint_off WIDTH */
    wire signed [${msb(m.productBits)}:0] product = stage1_accumulator * multiplier;
    /* verilator lint_on WIDTH */
</#if>

    // stage 3: t = product + bias. The floor shift drops the bits of t below the layer's smallest shift
    // (${m.minShift}), so only the bits from there up are registered.
    /* verilator lint_off UNUSED */
    wire signed [${msb(m.sumBits)}:0] sum = ${m.sumExpression};
    /* verilator lint_on UNUSED */
    reg stage3_valid;
    reg signed [${msb(m.alignedBits)}:0] stage3_aligned;
<#if m.variableShift>
    reg [${msb(m.shiftBits)}:0] stage3_shift;
</#if>

    // stage 4: r = t >>> shift (floor)<#if m.variableShift>: the channel's shift above the smallest one</#if>, then the
<#if m.saturates>
    // clamp to ${m.outputType}, the layer's only nonlinearity, as saturation: r is out of range exactly when a bit above
    // the output's bits differs from its sign (signed) or is set (unsigned).
<#else>
    // output: r always fits ${m.outputType} (exact ranges), so no clamp can act.
</#if>
    /* verilator lint_off UNUSED */
    wire signed [${msb(m.alignedBits)}:0] shifted = ${m.shiftExpression};
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
<#if m.multiplierFree>
            stage2_product <= negate ? -accumulator_shifted : accumulator_shifted;
<#else>
            stage2_product <= product;
</#if>
            stage2_bias <= bias;
            stage3_aligned <= ${m.alignedExpression};
<#if m.variableShift>
            stage2_shift <= shift;
            stage3_shift <= stage2_shift;
</#if>
            out_data <= ${m.outputExpression};
        end
    end
endmodule

`default_nettype wire
