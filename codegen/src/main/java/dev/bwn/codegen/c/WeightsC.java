package dev.bwn.codegen.c;

import dev.bwn.codegen.LayerWindow;
import dev.bwn.model.ActivationType;
import dev.bwn.model.BinaryWeights;
import dev.bwn.model.Conv2d;
import dev.bwn.model.LayerInfo;
import dev.bwn.model.Requant;
import dev.bwn.model.Shape;
import dev.bwn.model.WeightedLayer;

import java.util.ArrayList;
import java.util.List;

/**
 * The weighted kinds' shared C: packed weights with their dot-product kernel, the requantization after it, and the
 * lut4v plan of a conv ({@link LanePlan}).
 */
final class WeightsC {
    private static final int WORDS_PER_LINE = 6;
    /** lut4v row adds up to this many lanes are written out (about 8 bytes of Thumb code per lane). */
    static final int LANE_ADD_UNROLL_LIMIT = 64;

    private WeightsC() {
    }

    static CModel.Weights weights(StepContext ctx, WeightedLayer w) {
        LayerInfo info = ctx.step().layer();
        String prefix = ctx.prefix();
        BinaryWeights bw = w.weights();
        List<String> literals = new ArrayList<>();
        for (int word : bw.words()) {
            literals.add(CLiterals.word(word));
        }
        CType inType = CType.storage(info.inputType());
        CType acc = RequantC.accumulatorType(info.accumulatorBits());
        String dot;
        String build = null;
        List<CModel.Helper> helpers = new ArrayList<>();
        CKernel kernel = ctx.kernel();
        if (kernel == CKernel.ADDSUB) {
            dot = prefix + "_addsub_dot_" + inType.suffix() + "_" + acc.suffix();
            helpers.add(new CModel.AddSub(dot, inType.spelling(), acc.spelling()));
        } else if (kernel.usesLanes()) {
            LanePlan lp = ctx.step().lanes(kernel);
            acc = lp.accumulatorType();
            dot = laneAddFunction(prefix, lp);
            build = laneBuildFunction(prefix, lp);
        } else {
            CType table = BufferPlan.tableType(info.inputType());
            build = prefix + "_lut4_build_" + inType.suffix() + "_" + table.suffix();
            dot = prefix + "_lut4_dot_" + table.suffix() + "_" + acc.suffix();
            helpers.add(new CModel.LutBuild(build, inType.spelling(), table.spelling()));
            helpers.add(new CModel.LutDot(dot, table.spelling(), acc.spelling()));
        }
        return new CModel.Weights(ctx.id() + "_weights", CLiterals.unsigned(bw.wordCount()), CLiterals.unsigned(bw.rows()),
                CLiterals.unsigned(bw.wordsPerRow()), CLiterals.unsigned(bw.rowLength()),
                RequantC.initializerLines(literals, WORDS_PER_LINE), kernel.spelling(), acc.spelling(), dot, build,
                List.copyOf(helpers));
    }

    /** The requantization after the dot product, corrected for what the lut4v kernel's accumulator leaves out. */
    static CModel.Requant requant(StepContext ctx, WeightedLayer w, CModel.Weights weights) {
        LayerInfo info = ctx.step().layer();
        boolean lanes = ctx.kernel().usesLanes();
        CType acc = lanes ? ctx.step().lanes(ctx.kernel()).accumulatorType()
                : RequantC.accumulatorType(info.accumulatorBits());
        long[] correction;
        long accMax;
        if (lanes) {
            correction = RequantC.laneCorrections(info);
            accMax = ctx.step().lanes(ctx.kernel()).rangeMax();
        } else {
            correction = new long[w.outputChannels()];
            accMax = RequantC.accumulatorMagnitude(info.fanIn(), info.inputType());
        }
        return RequantC.requant(ctx.prefix(), ctx.id(), ctx.net().requantMode(), w.requant(), info.outputType(), acc,
                correction, accMax);
    }

    static CModel.Lanes lanes(StepContext ctx, Conv2d c) {
        PlannedStep st = ctx.step();
        String id = ctx.id();
        String prefix = ctx.prefix();
        LanePlan lp = st.lanes(ctx.kernel());
        LayerInfo info = st.layer();
        CType lane = lp.laneType();
        // the buffers' element: a lane, or a word of packed lanes (SWAR); loops run over words
        String t = lp.wordType().spelling();
        String words = CLiterals.unsigned(lp.words());
        String build = laneBuildFunction(prefix, lp);
        String add = laneAddFunction(prefix, lp);
        List<String> rows = new ArrayList<>();
        for (int p = 0; p < CKernel.LUT_ENTRIES; p++) {
            rows.add(CLiterals.unsigned((long) p * lp.words()));
        }
        List<String> unrolled = null;
        if (lp.words() <= LANE_ADD_UNROLL_LIMIT) {
            unrolled = new ArrayList<>();
            for (int v = 0; v < lp.words(); v++) {
                unrolled.add(CLiterals.unsigned(v));
            }
        }
        List<CModel.Helper> helpers = new ArrayList<>(List.of(new CModel.LaneBuild(build, t, words, rows,
                lp.lanesPerWord() > 1 && lp.words() % 2 == 0),
                new CModel.LaneAdd(add, t, words, unrolled)));
        CModel.Swar swar = null;
        if (lp.lanesPerWord() > 1) {
            swar = swar(ctx, lp);
            helpers.add(swar.helpers());
            helpers.add(spill(prefix, lp, channels(ctx), swar.chunkGroups() != null));
        }
        CType offsetType = lp.maxOffset() <= CType.UINT16.max() ? CType.UINT16 : CType.UINT32;
        List<String> offsets = new ArrayList<>();
        for (int j = 0; j < lp.fullGroups() * CKernel.LUT_GROUP; j++) {
            offsets.add(CLiterals.unsigned(LanePlan.offset(info, lp, j)));
        }
        List<String> lastSources = null;
        String zero = null;
        if (lp.lastGroupSize() > 0) {
            zero = id + "_zero_lanes";
            lastSources = new ArrayList<>();
            for (int j = 0; j < CKernel.LUT_GROUP; j++) {
                String position = "x + " + CLiterals.unsigned(LanePlan.offset(info, lp, lp.fullGroups() * CKernel.LUT_GROUP + j));
                lastSources.add(j >= lp.lastGroupSize() ? zero
                        : swar != null ? swar.helpers().runFunction() + "(copies, " + position + ")" : position);
            }
        }
        ActivationType in = info.inputType();
        CModel.BufferRef source = ctx.input(0);
        // the caller's input is read through its macro (it may be in flash); the arena with []
        String value = source.read() != null ? source.read() + "(input, x)" : "input[x]";
        String l = lane.spelling();
        String convert = in.min() == 0 ? "(" + l + ")" + value
                : "(" + l + ")((int32_t)" + value + " + " + CLiterals.signed(lp.inputBias(), CType.INT32) + ")";
        // a SWAR plane is cleared whole before it is filled: no slack to write
        long slack = swar != null ? 0 : lp.planeLength() - lp.planeBody();
        int channels = c.outputChannels();
        CModel.ConstArray descending = null;
        List<String> window = null;
        Shape out = st.last().outputShape();
        if (st.fusedPool() != null) {
            List<Long> desc = new ArrayList<>();
            Requant r = c.requant();
            for (int o = 0; o < channels; o++) {
                desc.add(r.multiplier(o) < 0 ? 1L : 0L);
            }
            descending = RequantC.constArray(prefix, id + "_descending", CType.UINT8, CLiterals.unsigned(channels), desc);
            LayerWindow mp = st.poolWindow();
            window = new ArrayList<>();
            for (int wy = 0; wy < mp.kernelHeight(); wy++) {
                for (int wx = 0; wx < mp.kernelWidth(); wx++) {
                    if (wy > 0 || wx > 0) {
                        window.add(CLiterals.unsigned((long) wy * lp.rowPitch() + wx));
                    }
                }
            }
        }
        String rowStep = CLiterals.unsigned(out.width());
        String channelStride = CLiterals.unsigned((long) out.height() * out.width());
        return new CModel.Lanes(t, lp.accumulatorType().spelling(), words, CLiterals.unsigned(lp.bands()),
                CLiterals.unsigned(lp.bandStep()), CLiterals.unsigned(lp.rowPitch()), CLiterals.unsigned(channels),
                CLiterals.unsigned(lp.sumWords(channels)), CLiterals.unsigned((long) channels * lp.words()),
                lp.fullGroups() > 0 ? CLiterals.unsigned(lp.fullGroups()) : null, lastSources, id + "_offsets",
                offsetType.spelling(), CLiterals.unsigned(Math.max(1, offsets.size())),
                offsets.isEmpty() ? null : RequantC.initializerLines(offsets, RequantC.VALUES_PER_LINE), zero,
                ctx.placed(ctx.scratch().plane()), ctx.placed(ctx.scratch().sums()),
                FlashData.read(prefix, offsetType), id + "_prepare", id + "_group",
                build, add, CLiterals.unsigned(info.inputShape().channels()), CLiterals.unsigned(info.inputShape().height()),
                CLiterals.unsigned(info.inputShape().width()), c.padX() > 0 ? CLiterals.unsigned(c.padX()) : null,
                c.padY() > 0 ? CLiterals.unsigned((long) c.padY() * lp.paddedWidth()) : null,
                CLiterals.unsigned(lp.inputBias()), convert, slack > 0 ? CLiterals.unsigned(slack) : null, rowStep,
                channelStride, descending, window, swar, List.copyOf(helpers));
    }

    private static int channels(StepContext ctx) {
        return ctx.step().layer().outputShape().channels();
    }

    /**
     * The SWAR facts of a plan: lane helpers, the plane copies (copy r is copy 0 shifted by r lanes), and the spill of
     * the packed accumulator rows into plain lanes every {@link LanePlan#chunkGroups} groups.
     */
    private static CModel.Swar swar(StepContext ctx, LanePlan lp) {
        String prefix = ctx.prefix();
        CType word = lp.wordType();
        int perWord = lp.lanesPerWord();
        int channels = channels(ctx);
        String suffix = "_" + word.suffix();
        CModel.SwarLanes helpers = new CModel.SwarLanes(prefix + "_swar_put" + suffix, prefix + "_swar_run" + suffix,
                word.spelling(), Integer.toString(word.bytes() * 8), Integer.toString(Integer.numberOfTrailingZeros(perWord)),
                CLiterals.unsigned(perWord - 1));
        List<String> copies = new ArrayList<>();
        List<CModel.ShiftedCopy> shifted = new ArrayList<>();
        int wordBits = word.bytes() * 8;
        for (int r = 0; r < perWord; r++) {
            long first = r * lp.copyWords();
            copies.add(r == 0 ? "plane" : "plane + " + CLiterals.unsigned(first));
            if (r > 0) {
                shifted.add(new CModel.ShiftedCopy(CLiterals.unsigned(first),
                        Integer.toString(r * LanePlan.SWAR_LANE_BITS), Integer.toString(wordBits - r * LanePlan.SWAR_LANE_BITS)));
            }
        }
        boolean chunked = LanePlan.chunkGroups(ctx.step().layer()) < lp.groups();
        return new CModel.Swar(helpers, CLiterals.unsigned(lp.copyWords()), CLiterals.unsigned(lp.copyWords() - 1),
                copies, shifted, lp.laneType().spelling(), CLiterals.unsigned(lp.lanes()),
                CLiterals.unsigned(lp.sumLanes(channels)), CLiterals.unsigned((long) channels * lp.lanes()),
                ctx.placed(ctx.scratch().laneSums()),
                chunked ? CLiterals.unsigned(LanePlan.chunkGroups(ctx.step().layer())) : null,
                spill(prefix, lp, channels, chunked).function());
    }

    /** The spill of one band's packed accumulator rows (every channel and X) into plain lanes. */
    private static CModel.SwarSpill spill(String prefix, LanePlan lp, int channels, boolean add) {
        long words = lp.sumWords(channels);
        List<String> shifts = new ArrayList<>();
        for (int k = 0; k < lp.lanesPerWord(); k++) {
            shifts.add(Integer.toString(k * LanePlan.SWAR_LANE_BITS));
        }
        return new CModel.SwarSpill(prefix + "_swar_" + (add ? "spill_add_" : "spill_") + lp.wordType().suffix() + "_"
                + lp.laneType().suffix() + "_" + words, lp.wordType().spelling(), lp.laneType().spelling(),
                CLiterals.unsigned(words), CLiterals.unsigned(lp.lanesPerWord()), List.copyOf(shifts), add);
    }

    private static String laneBuildFunction(String prefix, LanePlan lp) {
        return prefix + "_lut4v_build_" + lp.wordType().suffix() + "_" + lp.words();
    }

    private static String laneAddFunction(String prefix, LanePlan lp) {
        return prefix + "_lut4v_add_" + lp.wordType().suffix() + "_" + lp.words();
    }
}
