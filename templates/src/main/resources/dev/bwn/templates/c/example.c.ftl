<#import "../includes/provenance.ftl" as p>
<#assign P = m.macroPrefix>
/*
 * ${m.exampleFile} -- classifies the test vectors of a folder (docs/SEMANTICS.md section 7: inputs.hex, logits.hex,
 * classes.hex, and layerNN.hex when written with per-layer outputs) with ${m.prefix}_infer and prints how many agree
 * bit for bit with the Java reference. Built with -D${P}_DEBUG it also checks every layer's output.
 *
<@p.provenance linePrefix=" * " template="c/example.c.ftl" generator=m.generator model=m.modelName facts=m.provenance/>
 *
 * Usage: ${m.prefix}_example [-v]                 the test vectors of ${m.prefix}_vectors.h (what `make run` does)
 *        ${m.prefix}_example VECTOR_DIR [-v]      the vectors of a folder (-v prints one "result" line per vector)
 *        ${m.prefix}_example --input FILE         classifies one input: FILE.pgm (binary, P5) for a 1-channel input, or
 *                                    raw values in CHW order, one byte each (two, little-endian, for 16-bit inputs)
 * Output: "mismatch ..." lines, then "agreement ${m.prefix}: A/N vectors bit-exact (classes C/N)", then the sentinel
 * "bwn-example-done ${m.prefix} N MISMATCHES" so that a run which stopped early can never look like a pass; exit 0
 * when every vector agrees, 1 on a mismatch, 2 on unreadable input.
 * Compile with -D${P}_EXAMPLE_NO_MAIN to call ${m.prefix}_example_run from a program of your own.
 */
#include <stdio.h>
#include <string.h>
<#if m.singleHeader>
#define ${P}_IMPLEMENTATION
</#if>
#include "${m.headerFile}"
#include "${m.prefix}_vectors.h"

int ${m.prefix}_example_run(const char *dir, int verbose);
int ${m.prefix}_example_self_test(int verbose);
int ${m.prefix}_example_classify_file(const char *path);

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

/* Runs the test vectors of ${m.prefix}_vectors.h; same output and exit status as ${m.prefix}_example_run. */
int ${m.prefix}_example_self_test(int verbose)
{
    static ${m.inputType} input[${P}_INPUT_SIZE];
    unsigned vector, agreeing = 0;
    for (vector = 0; vector < ${P}_TEST_VECTORS; vector++) {
        int predicted;
        if (${m.prefix}_test_vector(vector, input, &predicted)) {
            agreeing++;
        } else {
            printf("mismatch ${m.prefix} vector %u differs from the reference (class %d)\n", vector, predicted);
        }
        if (verbose) {
            printf("class ${m.prefix} vector %u: %d\n", vector, predicted);
        }
    }
    printf("agreement ${m.prefix}: %u/%u vectors bit-exact\n", agreeing, (unsigned)${P}_TEST_VECTORS);
    printf("bwn-example-done ${m.prefix} %u %u\n", (unsigned)${P}_TEST_VECTORS, (unsigned)${P}_TEST_VECTORS - agreeing);
    return agreeing == ${P}_TEST_VECTORS ? 0 : 1;
}

/* Reads a PGM header field (a decimal number after whitespace and # comments); -1 when there is none. */
static long ${m.prefix}_example_pgm_number(FILE *file)
{
    int ch = fgetc(file);
    long value = 0;
    int digits = 0;
    while (ch == '#' || ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
        if (ch == '#') {
            while (ch != '\n' && ch != EOF) {
                ch = fgetc(file);
            }
        }
        ch = fgetc(file);
    }
    while (ch >= '0' && ch <= '9' && value < 100000L) {
        value = value * 10 + (ch - '0');
        digits++;
        ch = fgetc(file);
    }
    return digits > 0 && (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') ? value : -1;
}

/*
 * Classifies the input in a file: a binary PGM (P5, 8 or 16 bits per pixel) when its name ends in .pgm and the
 * model takes one channel, else raw values in CHW order, ${m.inputType} each as unsigned bytes (little-endian when 16-bit). Prints the class and the
 * logits; 2 with a message when the file does not hold exactly one input of the model's shape and value range.
 */
int ${m.prefix}_example_classify_file(const char *path)
{
    static ${m.inputType} input[${P}_INPUT_SIZE];
    int32_t logits[${P}_CLASSES];
    unsigned long i, bytes_per_value = sizeof input[0], big_endian = 0;
    int predicted_class;
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        printf("error ${m.prefix}: cannot open %s\n", path);
        return 2;
    }
    if (strlen(path) > 4 && strcmp(path + strlen(path) - 4, ".pgm") == 0) {
        if (fgetc(file) != 'P' || fgetc(file) != '5') {
            printf("error ${m.prefix}: %s is not a binary PGM (it must start with P5)\n", path);
            fclose(file);
            return 2;
        }
        long width = ${m.prefix}_example_pgm_number(file);
        long height = ${m.prefix}_example_pgm_number(file);
        long max = ${m.prefix}_example_pgm_number(file);
        if (${P}_INPUT_CHANNELS != 1 || width != (long)${P}_INPUT_WIDTH || height != (long)${P}_INPUT_HEIGHT
                || max < 1 || max > 65535L) {
            printf("error ${m.prefix}: %s is a %ldx%ld PGM (maximum %ld); the model takes %lu channel(s) of %lux%lu\n", path,
                   width, height, max, (unsigned long)${P}_INPUT_CHANNELS, (unsigned long)${P}_INPUT_WIDTH,
                   (unsigned long)${P}_INPUT_HEIGHT);
            fclose(file);
            return 2;
        }
        bytes_per_value = max > 255 ? 2 : 1;
        big_endian = 1;
    }
    for (i = 0; i < ${P}_INPUT_SIZE; i++) {
        unsigned long raw = 0, b;
        long value;
        for (b = 0; b < bytes_per_value; b++) {
            int ch = fgetc(file);
            if (ch == EOF) {
                printf("error ${m.prefix}: %s ends after %lu of %lu values\n", path, i, (unsigned long)${P}_INPUT_SIZE);
                fclose(file);
                return 2;
            }
            raw = big_endian ? (raw << 8) | (unsigned long)ch : raw | ((unsigned long)ch << (8 * b));
        }
        value = (long)raw;
        if (${P}_INPUT_MIN < 0 && !big_endian && raw >= (1UL << (8 * bytes_per_value - 1))) {
            value = (long)raw - (long)(1UL << (8 * bytes_per_value - 1)) - (long)(1UL << (8 * bytes_per_value - 1));
        }
        if (value < ${P}_INPUT_MIN || value > ${P}_INPUT_MAX) {
            printf("error ${m.prefix}: %s value %lu is %ld, outside the input range %ld..%ld\n", path, i, value,
                   (long)${P}_INPUT_MIN, (long)${P}_INPUT_MAX);
            fclose(file);
            return 2;
        }
        input[i] = (${m.inputType})value;
    }
    if (fgetc(file) != EOF) {
        printf("error ${m.prefix}: %s holds more than the %lu values of one input\n", path, (unsigned long)${P}_INPUT_SIZE);
        fclose(file);
        return 2;
    }
    fclose(file);
    predicted_class = ${m.prefix}_infer(input, logits);
    printf("class ${m.prefix} %s: %d\nlogits", path, predicted_class);
    for (i = 0; i < ${P}_CLASSES; i++) {
        printf(" %ld", (long)logits[i]);
    }
    printf("\n");
    return 0;
}

#ifndef ${P}_EXAMPLE_NO_MAIN
int main(int argc, char **argv)
{
    if (argc == 1 || (argc == 2 && strcmp(argv[1], "-v") == 0)) {
        return ${m.prefix}_example_self_test(argc == 2);
    }
    if (strcmp(argv[1], "--input") == 0) {
        if (argc != 3) {
            fprintf(stderr, "usage: %s --input FILE\n", argv[0]);
            return 2;
        }
        return ${m.prefix}_example_classify_file(argv[2]);
    }
    return ${m.prefix}_example_run(argv[1], argc > 2 && strcmp(argv[2], "-v") == 0);
}
#endif
