<#-- Per-channel requantization of one layer (docs/SEMANTICS.md section 4): constants, then one function. -->
<#macro constArray a>
static const ${a.ctype} ${a.name}[${a.length}] ${m.flash.constMacro} = {
<#list a.lines as line>
    ${line}
</#list>
};
</#macro>
<#-- The packed weights of a weighted layer. -->
<#macro weights w>
/* Packed weights: ${w.rows} rows of ${w.wordsPerRow} words, bit 1 = +1, bit 0 = -1, LSB first, each row starting on a new word. */
static const uint32_t ${w.array}[${w.words}] ${m.flash.constMacro} = {
<#list w.wordLines as line>
    ${line}
</#list>
};
</#macro>
<#-- r.function(channel, acc): the requantized value of accumulator acc of a channel. -->
<#macro function r>
<#if r.mode == "multiply">
/* t = acc * multiplier + offset (offset = bias + 2^(shift-1) rounding), y = clamp(floor(t / 2^shift)). */
<@constArray a=r.multiplier/>
<@constArray a=r.offset/>
<@constArray a=r.shift/>

static ${r.outputType} ${r.function}(${m.prefix}_index channel, ${r.accumulatorType} acc)
{
    ${r.productType} t = (${r.productType})acc * ${r.multiplier.read}(${r.multiplier.name}, channel) + ${r.offset.read}(${r.offset.name}, channel);
    t = ${r.asrFunction}(t, ${r.shift.read}(${r.shift.name}, channel));
<#else>
/*
 * Multiplier-free: each multiplier is +-2^k, folded into the shifts at generation time:
 * t = ((negate ? -acc : acc) << left) + offset, y = clamp(floor(t / 2^right)); bit-exact with the multiply form.
 */
<@constArray a=r.negate/>
<@constArray a=r.left/>
<@constArray a=r.right/>
<@constArray a=r.offset/>

static ${r.outputType} ${r.function}(${m.prefix}_index channel, ${r.accumulatorType} acc)
{
    ${r.productType} t = ${r.negate.read}(${r.negate.name}, channel) ? -(${r.productType})acc : (${r.productType})acc;
    t = ${r.shlFunction}(t, ${r.left.read}(${r.left.name}, channel)) + ${r.offset.read}(${r.offset.name}, channel);
    t = ${r.asrFunction}(t, ${r.right.read}(${r.right.name}, channel));
</#if>
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
</#macro>
