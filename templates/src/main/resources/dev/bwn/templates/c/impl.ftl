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

<#assign f = m.flash>
/*
 * Where the constants live and how they are read. avr-gcc copies const data into RAM unless it is in program memory
 * (PROGMEM), which only the LPM instruction reads (pgm_read_*): on AVR every weight and constant is PROGMEM. Elsewhere
 * constants are read in place, in the section ${f.sectionMacro} names (empty by default; e.g.
 * -D'${f.sectionMacro}=__attribute__((section(".ext_flash")))').
 */
#if defined(__AVR__)
#include <avr/pgmspace.h>
#define ${f.constMacro} PROGMEM
<#list f.reads as r>
#define ${r.name}(array, index) ${r.avr}
</#list>
#else
#ifndef ${f.sectionMacro}
#define ${f.sectionMacro}
#endif
#define ${f.constMacro} ${f.sectionMacro}
<#list f.reads as r>
#define ${r.name}(array, index) ((array)[index])
</#list>
#endif

/* The input is read from program memory when the program defines ${f.inputFlag} (see ${m.headerFile}). */
#if defined(${f.inputFlag})
<#if f.inputInFlashUnsupported??>
#error "${f.inputInFlashUnsupported}"
</#if>
#define ${f.inputRead}(array, index) ${f.inputFlashRead}(array, index)
#else
#define ${f.inputRead}(array, index) ((array)[index])
#endif

/* Wide enough for every index, count and offset of this model. */
typedef ${m.indexType} ${m.prefix}_index;

/* The scratch must fill the struct exactly, the size the header promises (a negative array size fails the build). */
typedef char ${m.prefix}_scratch_size_check[sizeof(${m.arena.type}) == ${m.macroPrefix}_SCRATCH_BYTES ? 1 : -1];
<#if m.labels?has_content>

const char *const ${m.prefix}_labels[${m.macroPrefix}_CLASSES] = {
<#list m.labels as label>
    ${label}<#sep>,</#sep>
</#list>
};
</#if>
<@kernels.emit k=m.kernels/>
<#list m.steps as s>

/* ---- ${s.comment} */
<#import s.template as step>
<@step.emit s=s/>
</#list>

int ${m.prefix}_infer_with(void *scratch, const ${m.inputType} *input, int32_t *logits_or_null)
{
    ${m.arena.type} *const ${m.arena.pointer} = (${m.arena.type} *)scratch;
    const ${m.logitType} *scores;
    ${m.prefix}_index k;
    ${m.prefix}_index best = 0u;
    if (scratch == NULL || ((uintptr_t)scratch & (${m.macroPrefix}_SCRATCH_ALIGN - 1u)) != 0u) {
        return ${m.macroPrefix}_ERROR_SCRATCH;
    }
    if (input == NULL) {
        return ${m.macroPrefix}_ERROR_INPUT;
    }
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

int ${m.prefix}_infer(const ${m.inputType} *input, int32_t *logits_or_null)
{
    static ${m.arena.type} ${m.arena.defaultName};
    return ${m.prefix}_infer_with(&${m.arena.defaultName}, input, logits_or_null);
}
