<#-- A dense layer: one dot product per output feature over the whole (flat) input. -->
<#import "requant.c.ftl" as requant>
<#macro emit s>
<@requant.weights w=s.weights/>
<@requant.function r=s.requant/>
<#assign w = s.weights>

static void ${s.function}(const ${s.input.ctype} *input, ${s.output.ctype} *output<#if s.tables??>, ${s.tables.ctype} *tables</#if>)
{
    const uint32_t *row = ${w.array};
    ${m.prefix}_index o;
<#if s.tables??>
    ${w.buildFunction}(input, ${w.fanIn}, tables);
</#if>
    for (o = 0u; o < ${w.rows}; o++, row += ${w.wordsPerRow}) {
        const ${s.output.ctype} value = ${s.requant.function}(o, ${w.dotFunction}(<#if s.tables??>tables<#else>input</#if>, row, ${w.fanIn}));
        output[o] = value;
        ${m.macroPrefix}_TAP(${s.tap.layerIndex}, o, value);
    }
}
</#macro>
<#macro call s>
    ${s.function}(${s.input.expression}, ${s.output.expression}<#if s.tables??>, ${s.tables.expression}</#if>);
</#macro>
