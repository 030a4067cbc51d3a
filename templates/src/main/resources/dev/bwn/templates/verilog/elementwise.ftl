<#-- The per-channel arithmetic shared by add.v.ftl and globalavgpool.v.ftl (ElementwiseRequant): the parameter table
     for the current channel, the products (multiplies, or shifts and negations), the sum, the shift and the saturating clamp. -->
<#macro arithmetic a terms>
    // ---- channel parameters (multipliers, bias plus rounding, shift), a table indexed by the channel
<#list terms as t>
<#if a.multiplierFree>
    reg negate_${t.index};
    reg [${msb(a.powerBits)}:0] power_${t.index};
<#else>
    reg signed [${msb(a.multiplierBits)}:0] multiplier_${t.index};
</#if>
</#list>
    reg signed [${msb(a.sumBits)}:0] offset;
    reg [${msb(a.shiftBits)}:0] shift;
    always @(*) begin
        case (channel)
<#list a.parameterCases as line>
            ${line}
</#list>
            ${a.parameterDefault}
        endcase
    end

    // ---- (sum of x_k * m_k + offset) >>> shift, clamped to the output range
<#list terms as t>
    wire signed [${msb(t.termBits)}:0] term_${t.index} = ${t.termExpression};
<#if a.multiplierFree>
    wire signed [${msb(a.sumBits)}:0] wide_${t.index} = ${t.wideExpression};
    wire signed [${msb(a.sumBits)}:0] scaled_${t.index} = wide_${t.index} <<< power_${t.index};
    wire signed [${msb(a.sumBits)}:0] product_${t.index} = negate_${t.index} ? -scaled_${t.index} : scaled_${t.index};
<#else>
    wire signed [${msb(t.productBits)}:0] product_${t.index} = ${t.productExpression};
</#if>
</#list>
    wire signed [${msb(a.sumBits)}:0] sum = ${a.sumExpression};
    wire signed [${msb(a.sumBits)}:0] shifted = sum >>> shift;
    // the clamp as saturation: out of range exactly when a bit above the output's differs from the sign (signed) or is
    // set (unsigned)
    wire [${msb(a.outputBits)}:0] y = ${a.outputExpression};
</#macro>
