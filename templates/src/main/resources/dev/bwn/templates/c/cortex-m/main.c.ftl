<#import "../../includes/provenance.ftl" as p>
<#assign P = m.macroPrefix>
/*
 * main.c -- bare-metal Cortex-M program: runs the ${m.prefix}_vectors.h test vectors through ${m.prefix}_infer, prints each
 * vector's class and whether it equals bwn's Java reference bit for bit, then the sentinel
 * "bwn-example-done ${m.prefix} N MISMATCHES"; exits 0 when every vector agrees, 1 otherwise. Output goes through
 * semihosting (QEMU's console, or the debugger's on a board).
 *
<@p.provenance linePrefix=" * " template="c/cortex-m/main.c.ftl" generator=m.generator model=m.modelName facts=m.provenance/>
 */
#include <stdio.h>
<#if m.singleHeader>
#define ${P}_IMPLEMENTATION
</#if>
#include "${m.headerFile}"
#include "${m.prefix}_vectors.h"

int main(void)
{
    static ${m.inputType} input[${P}_INPUT_SIZE];
    unsigned vector, mismatches = 0;
    for (vector = 0; vector < ${P}_TEST_VECTORS; vector++) {
        int predicted;
        int same = ${m.prefix}_test_vector(vector, input, &predicted);
        printf("vector %u: class %d%s\n", vector, predicted, same ? "" : " MISMATCH with the reference");
        mismatches += same ? 0u : 1u;
    }
    printf("bwn-example-done ${m.prefix} %u %u\n", (unsigned)${P}_TEST_VECTORS, mismatches);
    return mismatches == 0 ? 0 : 1;
}
