<#import "../../includes/provenance.ftl" as p>
<#assign P = m.macroPrefix>
/*
 * ${lib.sketch}.ino -- classifies the test inputs of ${m.prefix}_vectors.h (stored in flash) with ${m.prefix}_infer and
 * prints each class over Serial (115200 baud), with "MISMATCH" where it differs from bwn's Java reference.
 *
<@p.provenance linePrefix=" * " template="c/packages/classify.ino.ftl" generator=m.generator model=m.modelName facts=m.provenance/>
 */
#include <Arduino.h>
#include <${m.headerFile}>
#include <${m.prefix}_vectors.h>

static ${m.inputType} input[${P}_INPUT_SIZE];

void setup()
{
    Serial.begin(115200);
    for (unsigned vector = 0; vector < ${P}_TEST_VECTORS; vector++) {
        int predicted;
        int same = ${m.prefix}_test_vector(vector, input, &predicted);
        Serial.print("vector ");
        Serial.print((int)vector);
        Serial.print(": class ");
        Serial.print(predicted);
        Serial.println(same ? "" : " MISMATCH");
    }
}

void loop()
{
}
