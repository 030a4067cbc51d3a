<#-- The public part of NAME.h: sizes, the inference function and the debug hook. Included by model.h.ftl and
     model_single.h.ftl. Every value is preformatted by dev.bwn.codegen.c.CLowering. -->
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Input values per image (CHW order, ${m.inputShape}) and number of classes (logits). */
#define ${m.macroPrefix}_INPUT_SIZE ${m.inputSize}
#define ${m.macroPrefix}_CLASSES ${m.classes}
/* Bytes of the static scratch arena ${m.arena.name} (the only RAM the inference uses besides a small stack). */
#define ${m.macroPrefix}_SCRATCH_BYTES ${m.memory.arenaBytes}u
/* Bytes of packed binary weights (const, in flash on microcontrollers). */
#define ${m.macroPrefix}_PACKED_WEIGHT_BYTES ${m.memory.packedWeightBytes}u
#define ${m.macroPrefix}_LAYERS ${m.debug.layerCount}

/*
 * Classifies one input: ${m.macroPrefix}_INPUT_SIZE values of type ${m.inputType}, in CHW order, exactly as stored in
 * the dataset. Returns the class (argmax of the logits, ties to the lowest index). When logits_or_null is not NULL,
 * the ${m.macroPrefix}_CLASSES logits are written to it. Uses one static scratch arena: not reentrant.
 */
int ${m.prefix}_infer(const ${m.inputType} *input, int32_t *logits_or_null);

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
