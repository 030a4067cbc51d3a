package dev.bwn.codegen.c;

import dev.bwn.model.ActivationType;
import dev.bwn.codegen.KindFacts;
import dev.bwn.codegen.LayerWindow;
import dev.bwn.model.LayerInfo;
import dev.bwn.model.Shape;

/**
 * Geometry of the {@link CKernel#LUT4V} kernel for one conv layer (stride 1 along x), all decided here so the template
 * only prints it.
 *
 * <p>The input is first copied into a <em>plane</em>: every channel padded to {@code Hp x Wp} (the zero padding
 * stored explicitly) and offset by {@code -xmin}, so every value {@code x' = x - xmin} lies in {@code [0, 2^bits - 1]}.
 * Output positions are then computed a <em>band</em> at a time: {@code rows} conv output rows (the rows of one pooling
 * window when a max-pool is fused, else 1), laid out as {@code lanes} consecutive positions where lane
 * {@code r * rowPitch + ox} is output (row r of the band, column ox). Because the stride along x is 1, the input that
 * weight {@code j} of every lane reads sits at plane offset {@code bandStart + lane + offset[j]}: a contiguous run,
 * so one lookup-table entry covers all lanes with a vector add. Lanes between rows (ox past the last column needed)
 * are computed and thrown away.
 *
 * <p>Per band and per group of four weights, a table of 16 lane vectors holds the subset sums of the group's four
 * input runs; each output channel adds the row its weight nibble selects, and a 17th accumulator adds the full sum.
 * With {@code S} = sum of x' where the weight is +1 and {@code X} = sum of all x', the dot product is
 * {@code sum(s_i * x_i) = 2S - X + xmin * (2P - N)} (P = number of +1 weights of the channel, N = fan-in); the last term
 * is a per-channel constant that the lowering folds into the requantization offset. Every lane sum is at most
 * {@code N * (2^bits - 1)}, so the lanes are {@code uint16_t} whenever that fits and never wrap.
 *
 * <p>{@link CKernel#LUT4SWAR} packs {@code lanesPerWord} (4) 16-bit lanes into one {@code uint64_t} word, lane
 * {@code k} of a word in bits {@code 16k..16k+15}, so one add adds four lanes (SWAR). A lane never carries into the
 * next: an input or table entry is a sum of at most four offset inputs, at most {@code 4 * (2^bits - 1)}, and the packed
 * accumulator rows take at most {@link #chunkGroups} table rows before they are spilled into the plain lane sums
 * ({@code laneType}, as lut4v's) and cleared, so no packed lane ever exceeds {@code chunkGroups * 4 * (2^bits - 1)}, which
 * {@link #packs} and {@link #chunkGroups} keep within 16 bits. The buffers are arrays of words (the arena's 64-bit
 * region), never reinterpreted: input runs start at any lane, so the plane is stored {@code lanesPerWord} times, copy
 * {@code r} shifted by {@code r} lanes ({@code copyWords} words each), and a run starting at lane {@code p} is word
 * {@code p / lanesPerWord} of copy {@code p % lanesPerWord}.
 */
record LanePlan(CType laneType, CType wordType, int lanesPerWord, CType accumulatorType, long rangeMax, long inputBias,
                int rows, int rowPitch, int lanes, int bands, int bandStep, int paddedHeight, int paddedWidth,
                long planeBody, long planeLength, int fullGroups, int lastGroupSize, long maxOffset) {
    /** Bits of one lane in a SWAR word. */
    static final int SWAR_LANE_BITS = 16;
    /** The largest value a SWAR lane holds without carrying into the next. */
    static final long SWAR_LANE_MAX = (1L << SWAR_LANE_BITS) - 1;
    /** The SWAR word. */
    static final CType SWAR_WORD = CType.UINT64;
    /** Lanes per SWAR word. */
    static final int SWAR_LANES_PER_WORD = SWAR_WORD.bytes() * 8 / SWAR_LANE_BITS;

    /** Lane type, accumulator and band geometry for {@code conv} (fused with {@code pool} when non-null). */
    static LanePlan of(LayerInfo conv, LayerInfo pool) {
        return of(conv, pool, CKernel.LUT4V);
    }

    /**
     * The plan of {@code kernel} ({@link CKernel#LUT4V} or {@link CKernel#LUT4SWAR}); SWAR only for a layer that
     * {@link #packs}.
     */
    static LanePlan of(LayerInfo conv, LayerInfo pool, CKernel kernel) {
        LayerWindow c = KindFacts.of(conv.layer()).window().orElseThrow();
        Shape in = conv.inputShape();
        Shape out = conv.outputShape();
        ActivationType t = conv.inputType();
        int fanIn = conv.fanIn();
        long laneMax = laneMax(conv);
        CType laneType = laneMax <= CType.UINT16.max() ? CType.UINT16 : CType.UINT32;
        // 2S - X is formed in the accumulator type: 2S must fit as well.
        CType acc = 2 * laneMax <= Integer.MAX_VALUE ? CType.INT32 : CType.INT64;
        int hp = in.height() + 2 * c.padY();
        int wp = in.width() + 2 * c.padX();
        int rowPitch = c.strideY() * wp;
        int rows;
        int lastColumn;
        int bands;
        int bandStep;
        if (pool != null) {
            LayerWindow p = KindFacts.of(pool.layer()).poolWindow().orElseThrow();
            Shape pooled = pool.outputShape();
            rows = p.kernelHeight();
            lastColumn = (pooled.width() - 1) * p.strideX() + p.kernelWidth() - 1;
            bands = pooled.height();
            bandStep = p.strideY() * rowPitch;
        } else {
            rows = 1;
            lastColumn = out.width() - 1;
            bands = out.height();
            bandStep = rowPitch;
        }
        int lanes = (int) ArenaPlanner.roundUp((long) (rows - 1) * rowPitch + lastColumn + 1, 8);
        long maxOffset = (long) (in.channels() - 1) * hp * wp + (long) (c.kernelHeight() - 1) * wp + c.kernelWidth() - 1;
        long body = (long) in.channels() * hp * wp;
        long length = Math.max(body, (long) (bands - 1) * bandStep + maxOffset + lanes);
        int full = fanIn / CKernel.LUT_GROUP;
        boolean swar = kernel == CKernel.LUT4SWAR;
        if (swar && !packs(conv)) {
            throw new IllegalArgumentException("layer " + conv.index() + ": lanes of " + laneMax + " do not pack");
        }
        return new LanePlan(laneType, swar ? SWAR_WORD : laneType, swar ? SWAR_LANES_PER_WORD : 1, acc, laneMax,
                -t.min(), rows, rowPitch, lanes, bands, bandStep, hp, wp, body, length, full, fanIn % CKernel.LUT_GROUP,
                maxOffset);
    }

    /** The largest value any lane of {@code conv} holds: fan-in times the input range (offset inputs are >= 0). */
    static long laneMax(LayerInfo conv) {
        ActivationType t = conv.inputType();
        return conv.fanIn() * (t.max() - t.min());
    }

    /** The largest value a table entry (or the full-sum row) adds to a lane per group of four weights. */
    private static long groupMax(LayerInfo conv) {
        ActivationType t = conv.inputType();
        return Math.min(CKernel.LUT_GROUP, conv.fanIn()) * (t.max() - t.min());
    }

    /**
     * The no-carry proof of {@link CKernel#LUT4SWAR}, part one: one group's table entries fit a
     * {@link #SWAR_LANE_BITS}-bit lane, so at least one group fits between two spills ({@link #chunkGroups}). Where it
     * fails (inputs of 15 bits or more) the layer keeps the one-lane-per-element code.
     */
    static boolean packs(LayerInfo conv) {
        return groupMax(conv) <= SWAR_LANE_MAX;
    }

    /**
     * The no-carry proof, part two: the groups whose table rows a packed lane may take before it is spilled, so that
     * it never exceeds {@link #SWAR_LANE_MAX}; all groups (one spill per band) when the whole fan-in fits.
     */
    static int chunkGroups(LayerInfo conv) {
        int groups = CKernel.lutGroups(conv.fanIn());
        return laneMax(conv) <= SWAR_LANE_MAX ? groups : (int) Math.min(groups, SWAR_LANE_MAX / groupMax(conv));
    }

    /** Words per band row: table rows, accumulator rows and input runs are this many words. */
    int words() {
        return lanes / lanesPerWord;
    }

    /** Words of each plane copy: one lane past the plane, so copy {@code r > 0} can take its last lanes from copy 0. */
    long copyWords() {
        return (planeLength + lanesPerWord - 1) / lanesPerWord + (lanesPerWord > 1 ? 1 : 0);
    }

    /** Words of the whole plane (all copies). */
    long planeWords() {
        return lanesPerWord * copyWords();
    }

    /**
     * The kernel applies to weighted layers sliding a kernel with stride 1 along x (consecutive lanes read
     * consecutive inputs); asked of weighted layers only.
     */
    static boolean applies(LayerInfo layer) {
        return KindFacts.of(layer.layer()).window().filter(w -> w.strideX() == 1).isPresent();
    }

    /** Plane offset of fan-in element {@code j = (ch*KH + ky)*KW + kx} relative to a lane's own position. */
    static long offset(LayerInfo conv, LanePlan plan, int j) {
        LayerWindow c = KindFacts.of(conv.layer()).window().orElseThrow();
        int kx = j % c.kernelWidth();
        int ky = (j / c.kernelWidth()) % c.kernelHeight();
        int ch = j / (c.kernelWidth() * c.kernelHeight());
        return ((long) ch * plan.paddedHeight() + ky) * plan.paddedWidth() + kx;
    }

    long tableWords() {
        return (long) CKernel.LUT_ENTRIES * words();
    }

    long sumWords(int channels) {
        return (long) (channels + 1) * words();
    }

    /** Lanes of the accumulator rows the finish reads (for SWAR: the spilled rows), one band of every channel and X. */
    long sumLanes(int channels) {
        return (long) (channels + 1) * lanes;
    }

    /** Groups of four weights, the last one possibly partial. */
    int groups() {
        return fullGroups + (lastGroupSize > 0 ? 1 : 0);
    }
}
