package dev.bwn.codegen.c;

/**
 * The dot-product kernels of the C backend. All use additions, subtractions, shifts and table lookups only and give
 * the same bits; {@link CLowering} picks one per layer from the estimates below.
 */
public enum CKernel {
    /** For each weight bit, add the input (bit 1) or subtract it (bit 0). No scratch beyond the conv window. */
    ADDSUB("addsub"),
    /**
     * Subset-sum lookup: the inputs are cut into groups of four, and for each group a 16-entry table holds
     * {@code sum(bit ? x : -x)} for every sign pattern. The table is built once per input vector (per output position
     * for conv) with 15 additions, then every output channel adds one table entry per four weights, indexed by a
     * nibble of its packed weight word. Costs 16 table entries of RAM per four inputs.
     */
    LUT4("lut4"),
    /**
     * Subset-sum lookup vectorized over output positions, for conv layers with stride 1 along x ({@link LanePlan}):
     * the tables hold, per sign pattern of four weights, the sums of four input <em>runs</em> (one value per output
     * position of a band of output rows), so one table row serves every position of the band and every output channel.
     * The inner loops are fixed-length runs of {@code uint16_t} additions that compilers turn into SIMD adds
     * (SSE2 at gcc -O2 on x86-64); on a plain MCU they stay scalar. Needs RAM for the padded input plane, 16 table rows
     * and one accumulator row per output channel, of one band each. Chosen with {@code --kernel lut4v} it applies to
     * conv layers with stride 1 along x; every other weighted layer gets {@link #LUT4}.
     */
    LUT4V("lut4v"),
    /**
     * {@link #LUT4V} with four 16-bit lanes packed into each {@code uint64_t} word (SWAR, {@link LanePlan}): one 64-bit
     * add adds four lanes (two 32-bit adds with carry on a 32-bit core), for compilers and cores that do not vectorize
     * (MCUs, {@code -fno-tree-vectorize}). Applies where lut4v does and the lanes provably cannot carry into each other
     * ({@link LanePlan#packs}, the packed sums spilled into lut4v's plain lanes every {@link LanePlan#chunkGroups}
     * groups); with {@code --kernel lut4swar} a conv whose lanes do not pack gets {@link #LUT4V}, the other weighted
     * layers {@link #LUT4}. Needs more RAM than lut4v: the input plane four times (copies shifted by 0..3 lanes), and
     * packed and plain accumulator rows, in a 64-bit arena region of its own.
     */
    LUT4SWAR("lut4swar");

    /** Inputs per lookup-table group. */
    public static final int LUT_GROUP = 4;
    /** Entries per lookup table (one per sign pattern of a group). */
    public static final int LUT_ENTRIES = 1 << LUT_GROUP;

    // Rough x86-64/Cortex-M instruction counts, used only to rank kernels (the benchmark measures the real ones).
    static final int ADDSUB_PER_WEIGHT = 4;
    static final int LUT_BUILD_PER_GROUP = 40;
    static final int LUT_LOOKUP_PER_GROUP = 4;
    static final int LANES_BUILD_PER_LANE = 5;
    static final int LANES_ADD_PER_LANE = 1;
    static final int LANES_LOOKUP_FIXED = 8;
    static final int LANES_FINISH_PER_OUTPUT = 12;
    /** A SWAR band's packed accumulator rows are spilled into plain lanes: about a shift and a store per lane. */
    static final int SWAR_SPILL_PER_LANE = 2;

    private final String spelling;

    CKernel(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }

    public static int lutGroups(int fanIn) {
        return (fanIn + LUT_GROUP - 1) / LUT_GROUP;
    }

    /**
     * Estimated instructions for {@code positions} input vectors (1 for dense, one per computed output position for
     * conv), each feeding {@code outputs} dot products of {@code fanIn} weights.
     */
    public long estimatedInstructions(long positions, int outputs, int fanIn) {
        return switch (this) {
            case ADDSUB -> positions * outputs * (long) fanIn * ADDSUB_PER_WEIGHT;
            case LUT4 -> positions * (long) lutGroups(fanIn) * (LUT_BUILD_PER_GROUP + (long) outputs * LUT_LOOKUP_PER_GROUP);
            case LUT4V, LUT4SWAR -> throw new IllegalArgumentException(spelling + " is estimated from its lane plan");
        };
    }

    /** True for the kernels that compute a band of output positions in lanes ({@link LanePlan}). */
    public boolean usesLanes() {
        return this == LUT4V || this == LUT4SWAR;
    }

    /**
     * Estimated instructions of {@link #LUT4V} and {@link #LUT4SWAR}: per band and group a table build, then one row
     * add per channel, each one operation per word; for SWAR the spills of the packed rows; then the finish per output.
     */
    static long lanesEstimate(LanePlan plan, int outputs, long positions, int spillsPerBand) {
        long perGroup = (long) LANES_BUILD_PER_LANE * plan.words()
                + (long) (outputs + 1) * (LANES_LOOKUP_FIXED + (long) LANES_ADD_PER_LANE * plan.words());
        long spills = plan.lanesPerWord() > 1
                ? (long) plan.bands() * spillsPerBand * (outputs + 1) * plan.lanes() * SWAR_SPILL_PER_LANE : 0;
        return (long) plan.bands() * plan.groups() * perGroup + spills
                + positions * outputs * LANES_FINISH_PER_OUTPUT / plan.rows();
    }

    public static CKernel parse(String s) {
        for (CKernel k : values()) {
            if (k.spelling.equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("kernel must be addsub, lut4, lut4v or lut4swar, got \"" + s + "\"");
    }
}
