<#-- A global average pool (docs/SEMANTICS.md, globalavgpool): per channel the sum of its H x W values, additions only,
     then the layer's requantization (which holds the division by H x W). -->
<#import "requant.c.ftl" as requant>
<#macro emit s>
<@requant.function r=s.requant/>

static void ${s.function}(const ${s.input.ctype} *input, ${s.output.ctype} *output)
{
    ${m.prefix}_index c, i;
    for (c = 0u; c < ${s.channels}; c++) {
        ${s.requant.accumulatorType} acc = 0;
        ${s.output.ctype} value;
        for (i = 0u; i < ${s.plane}; i++) {
            acc += *input++;
        }
        value = ${s.requant.function}(c, acc);
        output[c] = value;
        ${m.macroPrefix}_TAP(${s.tap.layerIndex}, c, value);
    }
}
</#macro>
<#macro call s>
    ${s.function}(${s.input.expression}, ${s.output.expression});
</#macro>
