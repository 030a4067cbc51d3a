package dev.bwn.codegen.c;

/**
 * How to generate C for a model.
 *
 * @param name          base of file names and the C prefix; null takes the model's name (always passed through
 *                      {@link dev.bwn.codegen.Identifiers})
 * @param singleHeader  emit one stb-style {@code NAME.h} holding the implementation under {@code NAME_IMPLEMENTATION}
 *                      instead of {@code NAME.h} + {@code NAME.c}
 * @param kernel        a kernel for every weighted layer, or null to pick per layer (fastest estimate within the RAM budget)
 * @param ramBudgetBytes with automatic kernel choice, lookup tables are only used while the whole scratch arena stays
 *                      within this many bytes (they never push it past the budget); {@code Long.MAX_VALUE} for no limit
 * @param fuseConvPool  compute a conv followed by a non-overlapping max-pool in one pass (never storing the conv map)
 */
public record COptions(String name, boolean singleHeader, CKernel kernel, long ramBudgetBytes, boolean fuseConvPool) {
    public static COptions defaults() {
        return new COptions(null, false, null, Long.MAX_VALUE, true);
    }

    public COptions withName(String n) {
        return new COptions(n, singleHeader, kernel, ramBudgetBytes, fuseConvPool);
    }

    public COptions withSingleHeader(boolean single) {
        return new COptions(name, single, kernel, ramBudgetBytes, fuseConvPool);
    }

    public COptions withKernel(CKernel k) {
        return new COptions(name, singleHeader, k, ramBudgetBytes, fuseConvPool);
    }

    public COptions withRamBudget(long bytes) {
        return new COptions(name, singleHeader, kernel, bytes, fuseConvPool);
    }

    public COptions withFusion(boolean fuse) {
        return new COptions(name, singleHeader, kernel, ramBudgetBytes, fuse);
    }
}
