<#-- A conv2d layer: per output position, gather the receptive field (zeros in the padding) into the window, then
     one dot product per output channel. -->
<#import "requant.c.ftl" as requant>
<#import "read.ftl" as read>
<#-- The gather function of a conv step (also used by conv2d_pool.c.ftl). -->
<#macro gather s>
<#assign c = s.conv>

/* Copies the fan-in of output position (oy, ox) into window, in weight order (channel, ky, kx). */
static void ${c.gatherFunction}(const ${s.input.ctype} *input, ${s.window.ctype} *window, ${m.prefix}_index oy, ${m.prefix}_index ox)
{
    ${m.prefix}_index ch, ky, kx;
    for (ch = 0u; ch < ${c.inChannels}; ch++) {
        for (ky = 0u; ky < ${c.kernelHeight}; ky++) {
<#if c.padded>
            const long iy = (long)(oy * ${c.strideY} + ky) - (long)${c.padY};
            for (kx = 0u; kx < ${c.kernelWidth}; kx++) {
                const long ix = (long)(ox * ${c.strideX} + kx) - (long)${c.padX};
                if (iy >= 0 && iy < (long)${c.inHeight} && ix >= 0 && ix < (long)${c.inWidth}) {
                    *window++ = <@read.element ref=s.input pointer="input" index="(ch * ${c.inHeight} + (${m.prefix}_index)iy) * ${c.inWidth} + (${m.prefix}_index)ix"/>;
                } else {
                    *window++ = 0;
                }
            }
<#else>
            const ${s.input.ctype} *source = input + (ch * ${c.inHeight} + oy * ${c.strideY} + ky) * ${c.inWidth} + ox * ${c.strideX};
            for (kx = 0u; kx < ${c.kernelWidth}; kx++) {
                *window++ = <@read.element ref=s.input pointer="source" index="kx"/>;
            }
</#if>
        }
    }
}
</#macro>
<#macro emit s>
<@requant.weights w=s.weights/>
<@requant.function r=s.requant/>
<@gather s=s/>
<#assign w = s.weights c = s.conv>

static void ${s.function}(const ${s.input.ctype} *input, ${s.output.ctype} *output, ${s.window.ctype} *window<#if s.tables??>, ${s.tables.ctype} *tables</#if>)
{
    const uint32_t *row;
    ${m.prefix}_index oy, ox, o;
    for (oy = 0u; oy < ${c.outHeight}; oy++) {
        for (ox = 0u; ox < ${c.outWidth}; ox++) {
            ${c.gatherFunction}(input, window, oy, ox);
<#if s.tables??>
            ${w.buildFunction}(window, ${w.fanIn}, tables);
</#if>
            row = ${w.array};
            for (o = 0u; o < ${w.rows}; o++, row += ${w.wordsPerRow}) {
                const ${s.output.ctype} value = ${s.requant.function}(o, ${w.dotFunction}(<#if s.tables??>tables<#else>window</#if>, row, ${w.fanIn}));
                output[(o * ${c.outHeight} + oy) * ${c.outWidth} + ox] = value;
                ${m.macroPrefix}_TAP(${s.tap.layerIndex}, (o * ${c.outHeight} + oy) * ${c.outWidth} + ox, value);
            }
        }
    }
}
</#macro>
<#macro call s>
    ${s.function}(${s.input.expression}, ${s.output.expression}, ${s.window.expression}<#if s.tables??>, ${s.tables.expression}</#if>);
</#macro>
