<#import "../includes/provenance.ftl" as p>
<#assign P = m.macroPrefix>
/*
 * ${m.prefix}_vectors.h -- ${v.count} test vectors for ${m.prefix}_infer with the logits and classes of bwn's Java
 * reference, so that a program can check the generated code bit for bit on the target itself (the example, the
 * Cortex-M project and the package examples include it). The inputs are deterministic: all-minimum, all-maximum,
 * then pseudo-random values of the input's type. Include it in one C file; the data lives in flash (PROGMEM on AVR).
 *
<@p.provenance linePrefix=" * " template="c/vectors.h.ftl" generator=m.generator model=m.modelName facts=m.provenance/>
 */
#ifndef ${P}_VECTORS_H
#define ${P}_VECTORS_H

#include <string.h>
#include "${m.headerFile}"

/* Harvard AVRs keep const data in SRAM unless it is PROGMEM, and read it back with the _P functions. */
#if defined(__AVR__)
#include <avr/pgmspace.h>
#define ${P}_TEST_FLASH PROGMEM
#define ${P}_TEST_COPY memcpy_P
#else
#define ${P}_TEST_FLASH
#define ${P}_TEST_COPY memcpy
#endif

#define ${P}_TEST_VECTORS ${v.count}
/* The range of valid input values (${m.inputShape}); inputs outside it have no defined result. */
#define ${P}_INPUT_MIN ${v.inputMin}
#define ${P}_INPUT_MAX ${v.inputMax}
/* The input's layout: channels, height, width (values are stored in this order, CHW). */
#define ${P}_INPUT_CHANNELS ${v.channels}
#define ${P}_INPUT_HEIGHT ${v.height}
#define ${P}_INPUT_WIDTH ${v.width}

static const ${m.inputType} ${m.prefix}_test_inputs[${P}_TEST_VECTORS][${P}_INPUT_SIZE] ${P}_TEST_FLASH = {
<#list v.vectors as vector>
    { /* vector ${vector.index} */
<#list vector.inputLines as line>
        ${line}
</#list>
    }<#sep>,</#sep>
</#list>
};

static const int32_t ${m.prefix}_test_logits[${P}_TEST_VECTORS][${P}_CLASSES] ${P}_TEST_FLASH = {
<#list v.vectors as vector>
    { /* vector ${vector.index} */
<#list vector.logitLines as line>
        ${line}
</#list>
    }<#sep>,</#sep>
</#list>
};

static const int32_t ${m.prefix}_test_classes[${P}_TEST_VECTORS] ${P}_TEST_FLASH = {
    <#list v.vectors as vector>${vector.expectedClass}<#sep>, </#sep></#list>
};

/*
 * Copies test vector `vector` (below ${P}_TEST_VECTORS) into input (${P}_INPUT_SIZE values in RAM), classifies it and
 * stores the class in *predicted. Returns 1 when the class and every logit equal the Java reference's, else 0.
 */
static inline int ${m.prefix}_test_vector(unsigned vector, ${m.inputType} *input, int *predicted)
{
    int32_t logits[${P}_CLASSES];
    int32_t expected_logits[${P}_CLASSES];
    int32_t expected_class;
    ${P}_TEST_COPY(input, ${m.prefix}_test_inputs[vector], sizeof ${m.prefix}_test_inputs[vector]);
    ${P}_TEST_COPY(expected_logits, ${m.prefix}_test_logits[vector], sizeof expected_logits);
    ${P}_TEST_COPY(&expected_class, &${m.prefix}_test_classes[vector], sizeof expected_class);
    *predicted = ${m.prefix}_infer(input, logits);
    return *predicted == expected_class && memcmp(logits, expected_logits, sizeof logits) == 0;
}

#endif /* ${P}_VECTORS_H */
