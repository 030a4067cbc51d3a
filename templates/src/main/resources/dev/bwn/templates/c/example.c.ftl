<#import "../includes/provenance.ftl" as p>
<#assign P = m.macroPrefix>
/*
 * ${m.exampleFile} -- classifies the test vectors of a folder (docs/SEMANTICS.md section 7: inputs.hex, logits.hex,
 * classes.hex, and layerNN.hex when written with per-layer outputs) with ${m.prefix}_infer and prints how many agree
 * bit for bit with the Java reference. Built with -D${P}_DEBUG it also checks every layer's output.
 *
<@p.provenance linePrefix=" * " template="c/example.c.ftl" generator=m.generator model=m.modelName facts=m.provenance/>
 *
 * Usage: ${m.prefix}_example VECTOR_DIR [-v]     (-v prints one "result" line per vector)
 * Output: "mismatch ..." lines, then "agreement ${m.prefix}: A/N vectors bit-exact (classes C/N)", then the sentinel
 * "bwn-example-done ${m.prefix} N MISMATCHES" so that a run which stopped early can never look like a pass.
 * Compile with -D${P}_EXAMPLE_NO_MAIN to call ${m.prefix}_example_run from a program of your own.
 */
#include <stdio.h>
#include <string.h>
<#if m.singleHeader>
#define ${P}_IMPLEMENTATION
</#if>
#include "${m.headerFile}"

int ${m.prefix}_example_run(const char *dir, int verbose);

/* A line of a .hex file is the value's 32-bit two's complement; convert without implementation-defined casts. */
static int32_t ${m.prefix}_example_word(unsigned long word)
{
    word &= 0xFFFFFFFFUL;
    return word > 0x7FFFFFFFUL ? (int32_t)(word - 0x80000000UL) - INT32_C(2147483647) - 1 : (int32_t)word;
}

static FILE *${m.prefix}_example_open(const char *dir, const char *name)
{
    char path[1024];
    if (strlen(dir) + strlen(name) + 2 > sizeof path) {
        return NULL;
    }
    strcpy(path, dir);
    strcat(path, "/");
    strcat(path, name);
    return fopen(path, "r");
}

/* Reads count values; 0 at the end of the file or on a malformed line. */
static int ${m.prefix}_example_read(FILE *file, int32_t *values, unsigned long count)
{
    unsigned long i;
    for (i = 0; i < count; i++) {
        unsigned long word;
        if (fscanf(file, "%lx", &word) != 1) {
            return 0;
        }
        values[i] = ${m.prefix}_example_word(word);
    }
    return 1;
}

#ifdef ${P}_DEBUG
static const unsigned long ${m.prefix}_example_layer_sizes[${P}_LAYERS] = ${P}_DEBUG_LAYER_SIZES;
static const unsigned long ${m.prefix}_example_layer_offsets[${P}_LAYERS] = ${P}_DEBUG_LAYER_OFFSETS;
static const unsigned long ${m.prefix}_example_tap_counts[${P}_LAYERS] = ${P}_DEBUG_TAP_COUNTS;
static const char *const ${m.prefix}_example_layer_files[${P}_LAYERS] = ${P}_DEBUG_LAYER_FILES;
static int32_t ${m.prefix}_example_expected[${P}_DEBUG_TOTAL_ELEMENTS];
static unsigned long ${m.prefix}_example_taps[${P}_LAYERS];
static unsigned long ${m.prefix}_example_bad_taps[${P}_LAYERS];
static unsigned long ${m.prefix}_example_vector;
static int ${m.prefix}_example_checking;

void ${m.prefix}_debug_tap(int layer, uint32_t index, int32_t value)
{
    int32_t want;
    if (!${m.prefix}_example_checking) {
        return;
    }
    if (layer < 0 || layer >= ${P}_LAYERS || index >= ${m.prefix}_example_layer_sizes[layer]) {
        printf("mismatch ${m.prefix} vector %lu layer %d index %lu out of range\n", ${m.prefix}_example_vector, layer,
               (unsigned long)index);
        ${m.prefix}_example_bad_taps[0]++;
        return;
    }
    ${m.prefix}_example_taps[layer]++;
    want = ${m.prefix}_example_expected[${m.prefix}_example_layer_offsets[layer] + index];
    if (value != want) {
        if (${m.prefix}_example_bad_taps[layer] == 0) {
            printf("mismatch ${m.prefix} vector %lu layer %d index %lu got %ld want %ld\n", ${m.prefix}_example_vector,
                   layer, (unsigned long)index, (long)value, (long)want);
        }
        ${m.prefix}_example_bad_taps[layer]++;
    }
}
#endif

int ${m.prefix}_example_run(const char *dir, int verbose)
{
    static int32_t values[${P}_INPUT_SIZE];
    static ${m.inputType} input[${P}_INPUT_SIZE];
    int32_t logits[${P}_CLASSES];
    int32_t expected_logits[${P}_CLASSES];
    int32_t expected_class;
    unsigned long vectors = 0, agreeing = 0, classes_agreeing = 0, i;
    FILE *inputs = ${m.prefix}_example_open(dir, "inputs.hex");
    FILE *logit_file = ${m.prefix}_example_open(dir, "logits.hex");
    FILE *class_file = ${m.prefix}_example_open(dir, "classes.hex");
#ifdef ${P}_DEBUG
    FILE *layer_files[${P}_LAYERS];
    int layers_present = 1;
    for (i = 0; i < ${P}_LAYERS; i++) {
        layer_files[i] = ${m.prefix}_example_open(dir, ${m.prefix}_example_layer_files[i]);
        if (layer_files[i] == NULL) {
            layers_present = 0;
        }
    }
    if (!layers_present) {
        printf("note ${m.prefix}: %s has no per-layer outputs; checking logits and classes only\n", dir);
    }
#endif
    if (inputs == NULL || logit_file == NULL || class_file == NULL) {
        printf("error ${m.prefix}: cannot open inputs.hex, logits.hex and classes.hex in %s\n", dir);
        return 2;
    }
    while (${m.prefix}_example_read(inputs, values, ${P}_INPUT_SIZE)) {
        int predicted, same = 1;
        if (!${m.prefix}_example_read(logit_file, expected_logits, ${P}_CLASSES)
                || !${m.prefix}_example_read(class_file, &expected_class, 1)) {
            printf("error ${m.prefix}: logits.hex or classes.hex ends before vector %lu\n", vectors);
            return 2;
        }
        for (i = 0; i < ${P}_INPUT_SIZE; i++) {
            input[i] = (${m.inputType})values[i];
        }
#ifdef ${P}_DEBUG
        ${m.prefix}_example_checking = layers_present;
        ${m.prefix}_example_vector = vectors;
        for (i = 0; i < ${P}_LAYERS; i++) {
            ${m.prefix}_example_taps[i] = 0;
            ${m.prefix}_example_bad_taps[i] = 0;
            if (layers_present && !${m.prefix}_example_read(layer_files[i],
                    &${m.prefix}_example_expected[${m.prefix}_example_layer_offsets[i]], ${m.prefix}_example_layer_sizes[i])) {
                printf("error ${m.prefix}: %s ends before vector %lu\n", ${m.prefix}_example_layer_files[i], vectors);
                return 2;
            }
        }
#endif
        predicted = ${m.prefix}_infer(input, logits);
        if (predicted == expected_class) {
            classes_agreeing++;
        } else {
            printf("mismatch ${m.prefix} vector %lu class got %d want %ld\n", vectors, predicted, (long)expected_class);
            same = 0;
        }
        for (i = 0; i < ${P}_CLASSES; i++) {
            if (logits[i] != expected_logits[i]) {
                printf("mismatch ${m.prefix} vector %lu logit %lu got %ld want %ld\n", vectors, i, (long)logits[i],
                       (long)expected_logits[i]);
                same = 0;
                break;
            }
        }
#ifdef ${P}_DEBUG
        for (i = 0; layers_present && i < ${P}_LAYERS; i++) {
            if (${m.prefix}_example_bad_taps[i] != 0) {
                same = 0;
            }
            if (${m.prefix}_example_taps[i] != ${m.prefix}_example_tap_counts[i]) {
                printf("mismatch ${m.prefix} vector %lu layer %lu reported %lu values, expected %lu\n", vectors, i,
                       ${m.prefix}_example_taps[i], ${m.prefix}_example_tap_counts[i]);
                same = 0;
            }
        }
#endif
        if (verbose) {
            printf("result ${m.prefix} %lu %d", vectors, predicted);
            for (i = 0; i < ${P}_CLASSES; i++) {
                printf(" %ld", (long)logits[i]);
            }
            printf("\n");
        }
        agreeing += (unsigned long)same;
        vectors++;
    }
    printf("agreement ${m.prefix}: %lu/%lu vectors bit-exact (classes %lu/%lu)\n", agreeing, vectors, classes_agreeing,
           vectors);
    printf("bwn-example-done ${m.prefix} %lu %lu\n", vectors, vectors - agreeing);
    fclose(inputs);
    fclose(logit_file);
    fclose(class_file);
#ifdef ${P}_DEBUG
    for (i = 0; i < ${P}_LAYERS; i++) {
        if (layer_files[i] != NULL) {
            fclose(layer_files[i]);
        }
    }
#endif
    return vectors > 0 && agreeing == vectors ? 0 : 1;
}

#ifndef ${P}_EXAMPLE_NO_MAIN
int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s VECTOR_DIR [-v]\n", argv[0]);
        return 2;
    }
    return ${m.prefix}_example_run(argv[1], argc > 2 && strcmp(argv[2], "-v") == 0);
}
#endif
