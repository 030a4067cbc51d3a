<#-- The inference: helpers, then per step its constants and function, then NAME_infer. Each step names its template
     (s.template, a file beside this one) whose macro emit prints its definitions and macro call its statement. -->
<#import "kernels.c.ftl" as kernels>
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
<#import s.template as step>
<@step.emit s=s/>
</#list>

int ${m.prefix}_infer(const ${m.inputType} *input, int32_t *logits_or_null)
{
    const ${m.logitType} *scores;
    ${m.prefix}_index k;
    ${m.prefix}_index best = 0u;
<#list m.steps as s>
<#import s.template as step>
<@step.call s=s/>
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
