<#-- The public part of NAME.h: sizes, the inference function and the debug hook. Included by model.h.ftl and
     model_single.h.ftl. Every value is preformatted by dev.bwn.codegen.c.CLowering. -->
#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Input values per image (CHW order, ${m.inputShape}) and number of classes (logits). */
#define ${m.macroPrefix}_INPUT_SIZE ${m.inputSize}
#define ${m.macroPrefix}_CLASSES ${m.classes}
/* Bytes of packed binary weights (const, in flash on microcontrollers). */
#define ${m.macroPrefix}_PACKED_WEIGHT_BYTES ${m.memory.packedWeightBytes}u
#define ${m.macroPrefix}_LAYERS ${m.debug.layerCount}

/*
 * The scratch memory of one inference (the only RAM it uses besides its stack): layer outputs, conv windows and
 * lookup tables take turns in it at offsets fixed at generation time. 8/16-bit and 32-bit data have separate regions,
 * so bytes are only reused with types C lets alias each other. Declare one per concurrent inference
 * (`static ${m.arena.type} scratch;`, or any ${m.macroPrefix}_SCRATCH_BYTES bytes aligned to ${m.macroPrefix}_SCRATCH_ALIGN,
 * in whatever RAM region or section you choose); its contents need no initialization and mean nothing between calls.
 */
typedef struct ${m.arena.type} {
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
<#if m.arena.longWords??>
    union {
        uint64_t u64[${m.arena.longWords}];
    } wide64;
</#if>
}
#if defined(__GNUC__)
/* ${m.arena.align} on every target, AVR included, so that a buffer that passes the alignment check on the host passes everywhere */
__attribute__((aligned(${m.arena.align})))
#endif
${m.arena.type};
#define ${m.macroPrefix}_SCRATCH_BYTES ${m.arena.structBytes}
/* The alignment ${m.prefix}_infer_with checks: the scratch address must be a multiple of it (the same on every target). */
#define ${m.macroPrefix}_SCRATCH_ALIGN ${m.arena.align}u
/*
 * Stack: ${m.prefix}_infer_with needs at most ${m.macroPrefix}_STACK_BYTES bytes of stack (${m.prefix}_infer a few more for its
 * own frame): the deepest call chain gcc reports with -fcallgraph-info=su on x86-64 (-O2), Cortex-M0/M4 and AVR (-Os),
 * checked by bwn's tests on its shipped and random models. Measure your build the same way if in doubt.
 */
#define ${m.macroPrefix}_STACK_BYTES ${m.stackBoundBytes}
/* Return values of ${m.prefix}_infer_with below 0 (a class is 0 .. ${m.macroPrefix}_CLASSES - 1). */
#define ${m.macroPrefix}_ERROR_SCRATCH (-1)
#define ${m.macroPrefix}_ERROR_INPUT (-2)

/*
 * Classifies one input: ${m.macroPrefix}_INPUT_SIZE values of type ${m.inputType}, in CHW order, exactly as stored in
 * the dataset, using the caller's scratch (see ${m.arena.type}). Returns the class (argmax of the logits, ties to the
 * lowest index), or ${m.macroPrefix}_ERROR_SCRATCH when scratch is NULL or not aligned to ${m.macroPrefix}_SCRATCH_ALIGN,
 * or ${m.macroPrefix}_ERROR_INPUT when input is NULL (nothing is written then). When logits_or_null is not NULL, the
 * ${m.macroPrefix}_CLASSES logits are written to it. Reentrant: calls with different scratch buffers may run at the same
 * time (threads, interrupts, several instances); the model's constants are read-only.
 */
int ${m.prefix}_infer_with(void *scratch, const ${m.inputType} *input, int32_t *logits_or_null);

/*
 * ${m.prefix}_infer_with on one static scratch of the library's own (${m.macroPrefix}_SCRATCH_BYTES bytes of .bss):
 * not reentrant. Returns the class, or ${m.macroPrefix}_ERROR_INPUT when input is NULL. A program that only calls
 * ${m.prefix}_infer_with drops that buffer when linked with -ffunction-sections -fdata-sections -Wl,--gc-sections.
 */
int ${m.prefix}_infer(const ${m.inputType} *input, int32_t *logits_or_null);

<#if m.labels?has_content>
/*
 * The class names, by class index, as the model file gives them (printable ASCII). On AVR they take RAM; a program
 * that does not use them drops them when linked with -fdata-sections -Wl,--gc-sections.
 */
#define ${m.macroPrefix}_HAS_LABELS 1
extern const char *const ${m.prefix}_labels[${m.macroPrefix}_CLASSES];

</#if>
#ifdef ${m.macroPrefix}_DEBUG
/*
 * Debug builds (-D${m.macroPrefix}_DEBUG) call this for every value a layer computes: layer is the layer's index in
 * the model, index the flat CHW index in that layer's output. The program defines it (the example does).
 * A conv fused with its max-pool reports the conv values it computes (every one its pool windows read).
 */
void ${m.prefix}_debug_tap(int layer, uint32_t index, int32_t value);
/* Per layer: output elements, offset of its values in a concatenation of all layers, values tapped per inference. */
#define ${m.macroPrefix}_DEBUG_TOTAL_ELEMENTS ${m.debug.totalElements}
#define ${m.macroPrefix}_DEBUG_LAYER_SIZES { ${m.debug.layerSizes?join(", ")} }
#define ${m.macroPrefix}_DEBUG_LAYER_OFFSETS { ${m.debug.layerOffsets?join(", ")} }
#define ${m.macroPrefix}_DEBUG_TAP_COUNTS { ${m.debug.tapCounts?join(", ")} }
#define ${m.macroPrefix}_DEBUG_LAYER_FILES { ${m.debug.layerFiles?join(", ")} }
#endif

#ifdef __cplusplus
}
#endif
