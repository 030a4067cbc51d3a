<#-- The inference: helpers, then per layer its constants and function, then NAME_infer. -->
<#import "kernels.c.ftl" as kernels>
<#import "requant.c.ftl" as requant>
<#import "conv2d.c.ftl" as conv2d>
<#import "conv2d_lut4v.c.ftl" as conv2dLanes>
<#import "dense.c.ftl" as dense>
<#import "maxpool.c.ftl" as maxpool>
#include <stddef.h>
#include <stdint.h>

/* C99, no malloc, no floating point, no recursion; integer widths are explicit so int may be 16 bits wide. */

#ifdef ${m.macroPrefix}_DEBUG
#define ${m.macroPrefix}_TAP(layer, index, value) ${m.prefix}_debug_tap((layer), (uint32_t)(index), (int32_t)(value))
#else
#define ${m.macroPrefix}_TAP(layer, index, value) ((void)0)
#endif

/* Wide enough for every index, count and offset of this model. */
typedef ${m.indexType} ${m.prefix}_index;

/*
 * The one static scratch arena (${m.memory.arenaBytes} bytes). Layer outputs, conv windows and lookup tables take
 * turns in it at offsets fixed at generation time. 8/16-bit and 32-bit data have separate regions, so bytes are only
 * ever reused with types C lets alias each other (character types, signed/unsigned variants).
 */
static struct {
    union {
        uint8_t u8[${m.arena.narrowBytes}];
        int8_t s8[${m.arena.narrowBytes}];
        uint16_t u16[${m.arena.narrowHalfWords}];
        int16_t s16[${m.arena.narrowHalfWords}];
    } narrow;
    union {
        int32_t s32[${m.arena.wideWords}];
        uint32_t u32[${m.arena.wideWords}];
    } wide;
} ${m.arena.name};
<@kernels.emit k=m.kernels/>
<#list m.steps as s>

/* ---- ${s.comment} */
<#if s.kind == "conv2d" && s.lanes??>
<@requant.emit s=s/>
<@conv2dLanes.emit s=s/>
<#elseif s.kind == "conv2d">
<@requant.emit s=s/>
<@conv2d.emit s=s/>
<#elseif s.kind == "dense">
<@requant.emit s=s/>
<@dense.emit s=s/>
<#elseif s.kind == "maxpool">
<@maxpool.emit s=s/>
<#else>
/* flatten: the next layer reads the same memory in the same order; nothing to compute. */
</#if>
</#list>

int ${m.prefix}_infer(const ${m.inputType} *input, int32_t *logits_or_null)
{
    const ${m.logitType} *scores;
    ${m.prefix}_index k;
    ${m.prefix}_index best = 0u;
<#list m.steps as s>
<#if s.kind == "conv2d" && s.lanes??>
    ${s.function}(${s.input.expression}, ${s.output.expression}, ${s.lanes.plane.expression}, ${s.tables.expression}, ${s.lanes.sums.expression});
<#elseif s.kind == "conv2d">
    ${s.function}(${s.input.expression}, ${s.output.expression}, ${s.window.expression}<#if s.tables??>, ${s.tables.expression}</#if>);
<#elseif s.kind == "dense">
    ${s.function}(${s.input.expression}, ${s.output.expression}<#if s.tables??>, ${s.tables.expression}</#if>);
<#elseif s.kind == "maxpool">
    ${s.function}(${s.input.expression}, ${s.output.expression});
<#else>
#ifdef ${m.macroPrefix}_DEBUG
    for (k = 0u; k < ${s.output.elements}; k++) {
        ${m.macroPrefix}_TAP(${s.layerIndex}, k, (${s.output.expression})[k]);
    }
#endif
</#if>
</#list>
    scores = ${m.logitsExpression};
    for (k = 1u; k < ${m.classes}; k++) {
        if (scores[k] > scores[best]) {
            best = k;
        }
    }
    if (logits_or_null != NULL) {
        for (k = 0u; k < ${m.classes}; k++) {
            logits_or_null[k] = (int32_t)scores[k];
        }
    }
    return (int)best;
}
