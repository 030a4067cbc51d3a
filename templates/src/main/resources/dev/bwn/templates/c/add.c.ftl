<#-- An add (docs/SEMANTICS.md, add): the requantization of each pair of values, then one pass over both inputs that
     only adds and compares; a multiply, if any, is in the requantization function (multiply mode). The output may be
     the memory of the first or second input (each value is read before it is written). -->
<#import "requant.c.ftl" as requant>
<#macro emit s>
<#assign r = s.requant>
<#if r.mode == "multiply">
/* t = a * multiplier0 + b * multiplier1 + offset (offset = bias + 2^(shift-1) rounding), y = clamp(floor(t / 2^shift)). */
<@requant.constArray a=r.multiplier0/>
<@requant.constArray a=r.multiplier1/>
<@requant.constArray a=r.offset/>
<@requant.constArray a=r.shift/>

static ${r.outputType} ${r.function}(${m.prefix}_index channel, int32_t a, int32_t b)
{
    ${r.productType} t = (${r.productType})a * ${r.multiplier0.read}(${r.multiplier0.name}, channel) + (${r.productType})b * ${r.multiplier1.read}(${r.multiplier1.name}, channel)
        + ${r.offset.read}(${r.offset.name}, channel);
<#else>
/*
 * Multiplier-free: each multiplier is +-2^k, a negation and a left shift per input:
 * t = ((negate0 ? -a : a) << left0) + ((negate1 ? -b : b) << left1) + offset, y = clamp(floor(t / 2^shift)).
 */
<@requant.constArray a=r.negate0/>
<@requant.constArray a=r.left0/>
<@requant.constArray a=r.negate1/>
<@requant.constArray a=r.left1/>
<@requant.constArray a=r.offset/>
<@requant.constArray a=r.shift/>

static ${r.outputType} ${r.function}(${m.prefix}_index channel, int32_t a, int32_t b)
{
    const ${r.productType} ta = ${r.negate0.read}(${r.negate0.name}, channel) ? -(${r.productType})a : (${r.productType})a;
    const ${r.productType} tb = ${r.negate1.read}(${r.negate1.name}, channel) ? -(${r.productType})b : (${r.productType})b;
    ${r.productType} t = ${r.shlFunction}(ta, ${r.left0.read}(${r.left0.name}, channel)) + ${r.shlFunction}(tb, ${r.left1.read}(${r.left1.name}, channel))
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

static void ${s.function}(const ${s.input0.ctype} *input0, const ${s.input1.ctype} *input1, ${s.output.ctype} *output)
{
    ${m.prefix}_index c, i, k = 0u;
    for (c = 0u; c < ${s.channels}; c++) {
        for (i = 0u; i < ${s.plane}; i++, k++) {
            const ${s.output.ctype} value = ${r.function}(c, input0[k], input1[k]);
            output[k] = value;
            ${m.macroPrefix}_TAP(${s.tap.layerIndex}, k, value);
        }
    }
}
</#macro>
<#macro call s>
    ${s.function}(${s.input0.expression}, ${s.input1.expression}, ${s.output.expression});
</#macro>
