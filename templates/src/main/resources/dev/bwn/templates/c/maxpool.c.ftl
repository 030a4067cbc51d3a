<#-- A stand-alone max-pool (one whose windows overlap, so it is not fused into the conv before it). -->
<#import "read.ftl" as read>
<#macro emit s>
<#assign p = s.pool>

static void ${s.function}(const ${s.input.ctype} *input, ${s.output.ctype} *output)
{
    ${m.prefix}_index c, oy, ox, ky, kx;
    for (c = 0u; c < ${p.channels}; c++) {
        for (oy = 0u; oy < ${p.outHeight}; oy++) {
            for (ox = 0u; ox < ${p.outWidth}; ox++) {
                ${s.output.ctype} best = <@read.element ref=s.input pointer="input" index="(c * ${p.inHeight} + oy * ${p.strideY}) * ${p.inWidth} + ox * ${p.strideX}"/>;
                for (ky = 0u; ky < ${p.kernelHeight}; ky++) {
                    for (kx = 0u; kx < ${p.kernelWidth}; kx++) {
                        const ${s.input.ctype} value = <@read.element ref=s.input pointer="input" index="(c * ${p.inHeight} + oy * ${p.strideY} + ky) * ${p.inWidth} + ox * ${p.strideX} + kx"/>;
                        if (value > best) {
                            best = value;
                        }
                    }
                }
                output[(c * ${p.outHeight} + oy) * ${p.outWidth} + ox] = best;
                ${m.macroPrefix}_TAP(${p.layerIndex}, (c * ${p.outHeight} + oy) * ${p.outWidth} + ox, best);
            }
        }
    }
}
</#macro>
<#macro call s>
    ${s.function}(${s.input.expression}, ${s.output.expression});
</#macro>
