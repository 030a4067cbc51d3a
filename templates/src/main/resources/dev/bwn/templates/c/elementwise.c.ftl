<#-- A kind of the elementwise family (docs/SEMANTICS.md, add): the requantization of the values at one index of every
     input, then one pass over the inputs that only adds and compares; a multiply, if any, is in the requantization
     function (multiply mode). The output may be the memory of an input (each value is read before it is written). -->
<#import "requant.c.ftl" as requant>
<#macro emit s>
<#assign r = s.requant>
<#assign p = r.productType>
<#if r.mode == "multiply">
/* t = <#list r.terms as t>${t.argument} * multiplier${t.index} + </#list>offset (offset = bias + 2^(shift-1) rounding), y = clamp(floor(t / 2^shift)). */
<#list r.terms as t>
<@requant.constArray a=t.multiplier/>
</#list>
<@requant.constArray a=r.offset/>
<@requant.constArray a=r.shift/>

static ${r.outputType} ${r.function}(${m.prefix}_index channel<#list r.terms as t>, int32_t ${t.argument}</#list>)
{
    ${p} t = <#list r.terms as t>(${p})${t.argument} * ${t.multiplier.read}(${t.multiplier.name}, channel)<#sep> + </#sep></#list>
        + ${r.offset.read}(${r.offset.name}, channel);
<#else>
/*
 * Multiplier-free: each multiplier is +-2^k, a negation and a left shift per input:
 * t = <#list r.terms as t>((negate${t.index} ? -${t.argument} : ${t.argument}) << left${t.index}) + </#list>offset, y = clamp(floor(t / 2^shift)).
 */
<#list r.terms as t>
<@requant.constArray a=t.negate/>
<@requant.constArray a=t.left/>
</#list>
<@requant.constArray a=r.offset/>
<@requant.constArray a=r.shift/>

static ${r.outputType} ${r.function}(${m.prefix}_index channel<#list r.terms as t>, int32_t ${t.argument}</#list>)
{
<#list r.terms as t>
    const ${p} ${t.scaled} = ${t.negate.read}(${t.negate.name}, channel) ? -(${p})${t.argument} : (${p})${t.argument};
</#list>
    ${p} t = <#list r.terms as t>${r.shlFunction}(${t.scaled}, ${t.left.read}(${t.left.name}, channel))<#sep> + </#sep></#list>
        + ${r.offset.read}(${r.offset.name}, channel);
</#if>
    t = ${r.asrFunction}(t, ${r.shift.read}(${r.shift.name}, channel));
<#if r.outputMin??>
    if (t < ${r.outputMin}) {
        t = ${r.outputMin};
    }
</#if>
<#if r.outputMax??>
    if (t > ${r.outputMax}) {
        t = ${r.outputMax};
    }
</#if>
    return (${r.outputType})t;
}

static void ${s.function}(<#list s.inputs as x>const ${x.ctype} *input${x?index}, </#list>${s.output.ctype} *output)
{
    ${m.prefix}_index c, i, k = 0u;
    for (c = 0u; c < ${s.channels}; c++) {
        for (i = 0u; i < ${s.plane}; i++, k++) {
            const ${s.output.ctype} value = ${r.function}(c<#list s.inputs as x>, input${x?index}[k]</#list>);
            output[k] = value;
            ${m.macroPrefix}_TAP(${s.tap.layerIndex}, k, value);
        }
    }
}
</#macro>
<#macro call s>
    ${s.function}(<#list s.inputs as x>${x.expression}, </#list>${s.output.expression});
</#macro>
