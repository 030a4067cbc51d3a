<#-- A conv2d layer fused with the max-pool after it: each pooled value is the maximum of the requantized conv
     values of its window, computed on the spot (docs/SEMANTICS.md, "Fused conv + pool"); the conv map is never stored. -->
<#import "requant.c.ftl" as requant>
<#import "conv2d.c.ftl" as conv2d>
<#macro emit s>
<@requant.weights w=s.weights/>
<@requant.function r=s.requant/>
<@conv2d.gather s=s/>
<#assign w = s.weights c = s.conv>

static void ${s.function}(const ${s.input.ctype} *input, ${s.output.ctype} *output, ${s.window.ctype} *window<#if s.tables??>, ${s.tables.ctype} *tables</#if>)
{
    const uint32_t *row;
    ${m.prefix}_index oy, ox, o;
<#assign p = s.pool>
    ${m.prefix}_index py, px, wy, wx;
    for (py = 0u; py < ${p.outHeight}; py++) {
        for (px = 0u; px < ${p.outWidth}; px++) {
            for (wy = 0u; wy < ${p.kernelHeight}; wy++) {
                for (wx = 0u; wx < ${p.kernelWidth}; wx++) {
                    oy = py * ${p.strideY} + wy;
                    ox = px * ${p.strideX} + wx;
                    ${c.gatherFunction}(input, window, oy, ox);
<#if s.tables??>
                    ${w.buildFunction}(window, ${w.fanIn}, tables);
</#if>
                    row = ${w.array};
                    for (o = 0u; o < ${w.rows}; o++, row += ${w.wordsPerRow}) {
                        const ${s.output.ctype} value = ${s.requant.function}(o, ${w.dotFunction}(<#if s.tables??>tables<#else>window</#if>, row, ${w.fanIn}));
                        ${s.output.ctype} *pooled = &output[(o * ${p.outHeight} + py) * ${p.outWidth} + px];
                        ${m.macroPrefix}_TAP(${s.tap.layerIndex}, (o * ${c.outHeight} + oy) * ${c.outWidth} + ox, value);
                        if ((wy == 0u && wx == 0u) || value > *pooled) {
                            *pooled = value;
                        }
                    }
                }
            }
#ifdef ${m.macroPrefix}_DEBUG
            for (o = 0u; o < ${w.rows}; o++) {
                ${m.macroPrefix}_TAP(${p.layerIndex}, (o * ${p.outHeight} + py) * ${p.outWidth} + px, output[(o * ${p.outHeight} + py) * ${p.outWidth} + px]);
            }
#endif
        }
    }
}
</#macro>
<#macro call s>
    ${s.function}(${s.input.expression}, ${s.output.expression}, ${s.window.expression}<#if s.tables??>, ${s.tables.expression}</#if>);
</#macro>
