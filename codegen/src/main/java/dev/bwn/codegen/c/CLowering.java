package dev.bwn.codegen.c;

import dev.bwn.codegen.GenerationException;
import dev.bwn.codegen.Identifiers;
import dev.bwn.model.ActivationType;
import dev.bwn.model.BinaryWeights;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.Flatten;
import dev.bwn.model.LayerInfo;
import dev.bwn.model.MaxPool;
import dev.bwn.model.Network;
import dev.bwn.model.Requant;
import dev.bwn.model.RequantMode;
import dev.bwn.model.Shape;
import dev.bwn.model.WeightedLayer;
import dev.bwn.model.vectors.TestVectors;

import static dev.bwn.codegen.Identifiers.commentText;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lowers a {@link Network} once into the {@link CModel} the C templates print: C names, storage types, packed words
 * as literals, kernel per layer, accumulator and requantization types, requantization constants, conv+pool fusion,
 * and the offsets of every buffer in the static scratch arena. All arithmetic the generated code relies on is here.
 */
public final class CLowering {
    /** Stamped into every generated file: bump when the generated code changes meaning. */
    public static final String BACKEND = "bwn C backend 1";
    private static final int WORDS_PER_LINE = 6;
    private static final int VALUES_PER_LINE = 8;
    /** lut4v row adds up to this many lanes are written out (about 8 bytes of Thumb code per lane). */
    static final int LANE_ADD_UNROLL_LIMIT = 64;
    private CLowering() {
    }

    public static CModel lower(Network net, COptions options) {
        CKindSupport.check(net);
        String prefix = Identifiers.cPrefix(options.name() != null ? options.name() : net.name());
        List<StepPlan> steps = planSteps(net, options.fuseConvPool());
        List<StepPlan> unfused = planSteps(net, false);
        chooseKernels(steps, options);
        for (int i = 0; i < unfused.size(); i++) {
            // Same kernels as the fused plan, so the saving shown is the fusion's alone.
            unfused.get(i).kernel = kernelOfLayer(steps, unfused.get(i).layer.index());
        }
        ArenaPlanner.Plan arena = placeBuffers(steps);
        ArenaPlanner.Plan unfusedArena = placeBuffers(unfused);
        return new Builder(net, prefix, options, steps, arena, unfusedArena.totalBytes()).build();
    }

    // ---------------------------------------------------------------- steps and kernels

    /** A step before rendering: the layer (and fused pool), its kernel, and where its buffers went. */
    static final class StepPlan {
        final LayerInfo layer;
        final LayerInfo fusedPool;
        CKernel kernel;
        int inputBuffer = -1;   // index into the request list, -1 for the caller's input
        int outputBuffer = -1;
        int windowBuffer = -1;
        int tableBuffer = -1;
        int planeBuffer = -1;
        int sumsBuffer = -1;

        StepPlan(LayerInfo layer, LayerInfo fusedPool) {
            this.layer = layer;
            this.fusedPool = fusedPool;
        }

        LayerInfo last() {
            return fusedPool != null ? fusedPool : layer;
        }

        boolean weighted() {
            return layer.layer() instanceof WeightedLayer;
        }

        /** Input vectors the kernel sees: 1 for dense, one per computed output position for conv. */
        long positions() {
            if (layer.layer() instanceof Conv2d) {
                if (fusedPool != null) {
                    MaxPool p = (MaxPool) fusedPool.layer();
                    Shape out = fusedPool.outputShape();
                    return (long) out.height() * out.width() * p.kernelHeight() * p.kernelWidth();
                }
                return (long) layer.outputShape().height() * layer.outputShape().width();
            }
            return 1;
        }

        /** The {@link CKernel#LUT4V} geometry of this conv step. */
        LanePlan lanes() {
            return LanePlan.of(layer, fusedPool);
        }

        CType tableType() {
            if (kernel == CKernel.LUT4V) {
                return lanes().laneType();
            }
            ActivationType in = layer.inputType();
            long magnitude = CKernel.LUT_GROUP * Math.max(in.max(), -in.min());
            return CType.signedHolding(-magnitude, magnitude);
        }
    }

    /** Conv + max-pool fuse when the pool windows do not overlap (stride >= kernel), so nothing is computed twice. */
    static boolean fusable(LayerInfo conv, LayerInfo next) {
        return conv.layer() instanceof Conv2d && next != null && next.layer() instanceof MaxPool p
                && p.strideY() >= p.kernelHeight() && p.strideX() >= p.kernelWidth();
    }

    static List<StepPlan> planSteps(Network net, boolean fuse) {
        List<StepPlan> steps = new ArrayList<>();
        List<LayerInfo> plan = net.plan();
        for (int i = 0; i < plan.size(); i++) {
            LayerInfo info = plan.get(i);
            LayerInfo next = i + 1 < plan.size() ? plan.get(i + 1) : null;
            if (fuse && fusable(info, next)) {
                steps.add(new StepPlan(info, next));
                i++;
            } else {
                steps.add(new StepPlan(info, null));
            }
        }
        return steps;
    }

    private static CKernel kernelOfLayer(List<StepPlan> steps, int layerIndex) {
        for (StepPlan s : steps) {
            if (s.layer.index() == layerIndex) {
                return s.kernel;
            }
        }
        return null;
    }

    /**
     * A fixed kernel when the options name one ({@link CKernel#LUT4V} only where it applies, {@link CKernel#LUT4}
     * elsewhere); otherwise every weighted layer starts on {@link CKernel#ADDSUB} and, biggest estimated saving first,
     * takes the fastest estimated kernel that keeps the arena within the budget.
     */
    static void chooseKernels(List<StepPlan> steps, COptions options) {
        List<StepPlan> candidates = new ArrayList<>();
        for (StepPlan s : steps) {
            if (s.weighted()) {
                CKernel forced = options.kernel();
                if (forced == CKernel.LUT4V && !LanePlan.applies(s.layer)) {
                    forced = CKernel.LUT4;
                }
                s.kernel = forced != null ? forced : CKernel.ADDSUB;
                if (forced == null && saving(s, best(s)) > 0) {
                    candidates.add(s);
                }
            }
        }
        candidates.sort((a, b) -> Long.compare(saving(b, best(b)), saving(a, best(a))));
        for (StepPlan s : candidates) {
            List<CKernel> ranked = new ArrayList<>(List.of(CKernel.LUT4, CKernel.LUT4V));
            ranked.removeIf(k -> saving(s, k) <= 0);
            ranked.sort((a, b) -> Long.compare(saving(s, b), saving(s, a)));
            for (CKernel k : ranked) {
                s.kernel = k;
                if (placeBuffers(steps).totalBytes() <= options.ramBudgetBytes()) {
                    break;
                }
                s.kernel = CKernel.ADDSUB;
            }
        }
    }

    /** The kernel with the lowest estimate for a step. */
    static CKernel best(StepPlan s) {
        CKernel best = CKernel.ADDSUB;
        for (CKernel k : CKernel.values()) {
            if (estimate(s, k) < estimate(s, best)) {
                best = k;
            }
        }
        return best;
    }

    /** Estimated instructions of a step on a kernel; {@code Long.MAX_VALUE} where the kernel does not apply. */
    static long estimate(StepPlan s, CKernel k) {
        WeightedLayer w = (WeightedLayer) s.layer.layer();
        int outputs = w.outputChannels();
        if (k == CKernel.LUT4V) {
            return LanePlan.applies(s.layer) ? CKernel.lanesEstimate(s.lanes(), outputs, s.positions()) : Long.MAX_VALUE;
        }
        return k.estimatedInstructions(s.positions(), outputs, s.layer.fanIn());
    }

    static long saving(StepPlan s, CKernel k) {
        long e = estimate(s, k);
        return e == Long.MAX_VALUE ? Long.MIN_VALUE : estimate(s, CKernel.ADDSUB) - e;
    }

    /** Lifetimes: a step's output lives until the step that reads it; windows and tables only during their step. */
    static ArenaPlanner.Plan placeBuffers(List<StepPlan> steps) {
        List<ArenaPlanner.Request> requests = new ArrayList<>();
        List<int[]> lifetimes = new ArrayList<>();
        int current = -1;
        for (int s = 0; s < steps.size(); s++) {
            StepPlan step = steps.get(s);
            step.inputBuffer = current;
            if (current >= 0) {
                lifetimes.get(current)[1] = s;
            }
            if (step.layer.layer() instanceof Flatten) {
                step.outputBuffer = current; // same memory, no data moves
            } else {
                LayerInfo last = step.last();
                requests.add(new ArenaPlanner.Request(step.layer.layer().name() + " output",
                        CType.storage(last.outputType()), last.outputShape().size(), s, s));
                lifetimes.add(new int[]{s, s});
                step.outputBuffer = requests.size() - 1;
            }
            current = step.outputBuffer;
        }
        if (current >= 0) {
            lifetimes.get(current)[1] = steps.size(); // the logits are read after the last step
        }
        List<ArenaPlanner.Request> withLifetimes = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            ArenaPlanner.Request r = requests.get(i);
            withLifetimes.add(new ArenaPlanner.Request(r.label(), r.type(), r.elements(), lifetimes.get(i)[0], lifetimes.get(i)[1]));
        }
        for (int s = 0; s < steps.size(); s++) {
            StepPlan step = steps.get(s);
            step.windowBuffer = -1;
            step.tableBuffer = -1;
            step.planeBuffer = -1;
            step.sumsBuffer = -1;
            if (step.kernel == CKernel.LUT4V) {
                LanePlan lp = step.lanes();
                WeightedLayer w = (WeightedLayer) step.layer.layer();
                withLifetimes.add(new ArenaPlanner.Request(step.layer.layer().name() + " input plane", lp.laneType(),
                        lp.planeLength(), s, s));
                step.planeBuffer = withLifetimes.size() - 1;
                withLifetimes.add(new ArenaPlanner.Request(step.layer.layer().name() + " lookup tables", lp.laneType(),
                        lp.tableLanes(), s, s));
                step.tableBuffer = withLifetimes.size() - 1;
                withLifetimes.add(new ArenaPlanner.Request(step.layer.layer().name() + " lane sums", lp.laneType(),
                        lp.sumLanes(w.outputChannels()), s, s));
                step.sumsBuffer = withLifetimes.size() - 1;
                continue;
            }
            if (step.layer.layer() instanceof Conv2d) {
                withLifetimes.add(new ArenaPlanner.Request(step.layer.layer().name() + " window",
                        CType.storage(step.layer.inputType()), step.layer.fanIn(), s, s));
                step.windowBuffer = withLifetimes.size() - 1;
            }
            if (step.kernel == CKernel.LUT4) {
                withLifetimes.add(new ArenaPlanner.Request(step.layer.layer().name() + " lookup tables", step.tableType(),
                        (long) CKernel.lutGroups(step.layer.fanIn()) * CKernel.LUT_ENTRIES, s, s));
                step.tableBuffer = withLifetimes.size() - 1;
            }
        }
        return ArenaPlanner.plan(withLifetimes);
    }

    // ---------------------------------------------------------------- requantization constants

    /** Accumulator type: the layer's {@code accumulatorBits} (SEMANTICS.md section 3) rounded up to a C type. */
    static CType accumulatorType(int accumulatorBits) {
        return accumulatorBits <= 32 ? CType.INT32 : CType.INT64;
    }

    /** Largest |acc| a layer can produce (SEMANTICS.md section 3). */
    static long accumulatorMagnitude(int fanIn, ActivationType in) {
        long lo = Math.min(in.min(), -in.max());
        long hi = Math.max(in.max(), -in.min());
        return Math.max(Math.abs(fanIn * lo), Math.abs(fanIn * hi));
    }

    /** {@code bias + 2^(shift-1)} (0 rounding for shift 0): the constant added before the shift in multiply mode. */
    static long roundedBias(Requant r, int channel) {
        int s = r.shift(channel);
        return r.bias(channel) + (s == 0 ? 0 : 1L << (s - 1));
    }

    /**
     * Shift-mode constants for channel c with multiplier {@code sign * 2^k}. With {@code a = sign * acc} and
     * {@code C = bias + rounding}: {@code floor((a * 2^k + C) / 2^s)} equals
     * {@code floor((a + floor(C / 2^k)) / 2^(s-k))} when k <= s (the dropped low bits of C are below 2^k and cannot
     * carry into bit s), and {@code a * 2^(k-s) + floor(C / 2^s)} when k > s. So one offset, a left shift and a right
     * shift, one of them 0, replace the multiply. Returns {negate, left, right, offset}.
     */
    static long[] shiftModeConstants(Requant r, int channel) {
        return shiftModeConstants(r, channel, 0);
    }

    /**
     * What the lut4v kernel's {@code 2S - X} misses of channel c's dot product: {@code xmin * (2P - N)}, P the number of
     * +1 weights of the row, N the fan-in (0 for unsigned inputs). See {@link LanePlan}.
     */
    static long[] laneCorrections(LayerInfo info) {
        WeightedLayer w = (WeightedLayer) info.layer();
        BinaryWeights bw = w.weights();
        long[] k = new long[bw.rows()];
        for (int o = 0; o < bw.rows(); o++) {
            long plus = 0;
            for (int i = 0; i < bw.wordsPerRow(); i++) {
                plus += Integer.bitCount(bw.word(o, i));
            }
            k[o] = info.inputType().min() * (2 * plus - info.fanIn());
        }
        return k;
    }

    /** The shift-mode formula evaluated in Java, used by tests against {@link Requant#scale}. */
    static long shiftModeScale(Requant r, int channel, long acc) {
        return shiftModeScale(r, channel, acc, 0);
    }

    /**
     * As {@link #shiftModeConstants(Requant, int)} for an accumulator that misses a constant: the true accumulator is
     * {@code acc + correction}, and {@code correction * multiplier} joins the offset (exact, done here once).
     */
    static long[] shiftModeConstants(Requant r, int channel, long correction) {
        int m = r.multiplier(channel);
        int k = Integer.numberOfTrailingZeros(Math.abs(m));
        int s = r.shift(channel);
        long c = Math.addExact(roundedBias(r, channel), Math.multiplyExact(correction, (long) m));
        int common = Math.min(k, s);
        return new long[]{m < 0 ? 1 : 0, Math.max(0, k - s), Math.max(0, s - k), c >> common};
    }

    /** The shift-mode formula with a correction, evaluated in Java for tests. */
    static long shiftModeScale(Requant r, int channel, long acc, long correction) {
        long[] k = shiftModeConstants(r, channel, correction);
        long a = k[0] == 1 ? -acc : acc;
        return ((a << k[1]) + k[3]) >> k[2];
    }

    // ---------------------------------------------------------------- rendering into records

    private static final class Builder {
        private final Network net;
        private final String prefix;
        private final COptions options;
        private final List<StepPlan> steps;
        private final ArenaPlanner.Plan arena;
        private final long unfusedArenaBytes;
        private final Identifiers ids = new Identifiers();
        private final String arenaName;
        private final Map<String, CModel.AddSub> addsub = new LinkedHashMap<>();
        private final Map<String, CModel.LutBuild> lutBuild = new LinkedHashMap<>();
        private final Map<String, CModel.LutDot> lutDot = new LinkedHashMap<>();
        private final Map<String, CModel.ShiftHelper> asr = new java.util.TreeMap<>();
        private final Map<String, CModel.ShiftHelper> shl = new java.util.TreeMap<>();
        private final Map<String, CModel.LaneBuild> laneBuild = new LinkedHashMap<>();
        private final Map<String, CModel.LaneAdd> laneAdd = new LinkedHashMap<>();
        private final String indexType;

        Builder(Network net, String prefix, COptions options, List<StepPlan> steps, ArenaPlanner.Plan arena,
                long unfusedArenaBytes) {
            this.net = net;
            this.prefix = prefix;
            this.options = options;
            this.steps = steps;
            this.arena = arena;
            this.unfusedArenaBytes = unfusedArenaBytes;
            this.arenaName = prefix + "_arena";
            long largest = net.inputSize();
            for (LayerInfo info : net.plan()) {
                largest = Math.max(largest, info.outputShape().size());
                largest = Math.max(largest, (long) info.fanIn() * CKernel.LUT_ENTRIES);
                largest = Math.max(largest, (long) BinaryWeights.wordsPerRow(Math.max(1, info.fanIn())) * Math.max(1, info.outputShape().channels()));
            }
            for (StepPlan s : steps) {
                if (s.kernel == CKernel.LUT4V) {
                    LanePlan lp = s.lanes();
                    largest = Math.max(largest, Math.max(lp.planeLength(), lp.sumLanes(s.layer.outputShape().channels())));
                }
            }
            // Index arithmetic stays below the largest tensor, table or weight array; 16 bits suffice for small models.
            this.indexType = largest <= 0xFFFF ? "unsigned int" : "uint32_t";
        }

        CModel build() {
            CType logitStorage = CType.storage(net.logitType());
            List<CModel.LayerRow> rows = new ArrayList<>();
            List<CModel.Step> rendered = new ArrayList<>();
            for (int s = 0; s < steps.size(); s++) {
                rendered.add(step(s));
            }
            for (LayerInfo info : net.plan()) {
                rows.add(row(info));
            }
            List<CModel.Fact> facts = new ArrayList<>();
            Identifiers.provenanceComments(net.provenance().facts()).forEach((k, v) -> facts.add(new CModel.Fact(k, v)));
            long packed = net.packedBytes();
            long floor = (net.binaryWeights() + 7) / 8;
            long requantBytes = 0;
            for (CModel.Step st : rendered) {
                if (st.requant() != null) {
                    requantBytes += constBytes(st.requant());
                }
            }
            CModel.Arena arenaRecord = new CModel.Arena(arenaName, CLiterals.unsigned(Math.max(4, arena.narrowBytes())),
                    CLiterals.unsigned(Math.max(2, arena.narrowBytes() / 2)), CLiterals.unsigned(Math.max(1, arena.wideBytes() / 4)),
                    arena.totalBytes(), unfusedArenaBytes);
            CModel.Memory memory = new CModel.Memory(packed, floor, requantBytes, arena.totalBytes(),
                    arenaRecord.fusionSavingBytes());
            String macro = prefix.toUpperCase(Locale.ROOT);
            CModel.BufferRef logits = rendered.get(rendered.size() - 1).output();
            return new CModel(prefix, macro, commentText(net.name()), prefix + ".h", prefix + ".c",
                    prefix + "_example.c", options.singleHeader(), BACKEND, facts, net.requantMode().spelling(),
                    CType.storage(net.inputType()).spelling(), CLiterals.unsigned(net.inputSize()),
                    net.inputShape().toString() + " " + net.inputType().label(), CLiterals.unsigned(net.classes()),
                    logitStorage.spelling(), logits.expression(), indexType, rows, rendered,
                    new CModel.Kernels(List.copyOf(addsub.values()), List.copyOf(lutBuild.values()),
                            List.copyOf(lutDot.values()), List.copyOf(asr.values()), List.copyOf(shl.values()),
                            List.copyOf(laneBuild.values()), List.copyOf(laneAdd.values())),
                    arenaRecord, memory, debug());
        }

        private long constBytes(CModel.Requant r) {
            long total = 0;
            for (CModel.ConstArray a : new CModel.ConstArray[]{r.multiplier(), r.offset(), r.shift(), r.negate(), r.left(), r.right()}) {
                if (a != null) {
                    total += Long.parseLong(a.length().replaceAll("[uUL]", "")) * ctypeBytes(a.ctype());
                }
            }
            return total;
        }

        private static int ctypeBytes(String spelling) {
            for (CType t : CType.values()) {
                if (t.spelling().equals(spelling)) {
                    return t.bytes();
                }
            }
            throw new IllegalStateException(spelling);
        }

        private String layerId(LayerInfo info) {
            return prefix + "_l" + info.index() + "_" + ids.unique(info.layer().name());
        }

        private CModel.BufferRef buffer(int requestIndex, String inputExpression) {
            if (requestIndex < 0) {
                CType t = CType.storage(net.inputType());
                return new CModel.BufferRef(inputExpression, t.spelling(), CLiterals.unsigned(net.inputSize()));
            }
            ArenaPlanner.Placement p = arena.placements().get(requestIndex);
            CType t = p.request().type();
            String region = p.wide() ? "wide" : "narrow";
            String expr = "&" + arenaName + "." + region + "." + t.suffix() + "[" + p.elementIndex() + "]";
            return new CModel.BufferRef(expr, t.spelling(), CLiterals.unsigned(p.request().elements()));
        }

        private CModel.Step step(int s) {
            StepPlan st = steps.get(s);
            LayerInfo info = st.layer;
            String id = layerId(info);
            CModel.BufferRef in = buffer(st.inputBuffer, "input");
            CModel.BufferRef out = buffer(st.outputBuffer, "input");
            CModel.BufferRef window = st.windowBuffer >= 0 ? buffer(st.windowBuffer, null) : null;
            CModel.BufferRef tables = st.tableBuffer >= 0 ? buffer(st.tableBuffer, null) : null;
            String name = commentText(info.layer().name());
            CModel.Tap tap = new CModel.Tap(Integer.toString(info.index()));
            CModel.Pool pool = null;
            if (st.fusedPool != null) {
                pool = pool(st.fusedPool);
            } else if (info.layer() instanceof MaxPool) {
                pool = pool(info);
            }
            CModel.Weights weights = null;
            CModel.Requant requant = null;
            CModel.Conv conv = null;
            CModel.Lanes lanes = null;
            if (info.layer() instanceof WeightedLayer w) {
                weights = weights(id, info, w, st.kernel);
                if (st.kernel == CKernel.LUT4V) {
                    requant = requant(id, info, w, laneCorrections(info), st.lanes().rangeMax());
                } else {
                    requant = requant(id, info, w, new long[w.outputChannels()], accumulatorMagnitude(info.fanIn(), info.inputType()));
                }
            }
            if (info.layer() instanceof Conv2d c) {
                conv = conv(id, info, c);
            }
            if (st.kernel == CKernel.LUT4V) {
                lanes = lanes(id, st, (WeightedLayer) info.layer());
            }
            String comment = describe(info) + (st.fusedPool != null ? "; fused with " + describe(st.fusedPool)
                    + " (the full conv map is never stored)" : "");
            return new CModel.Step(info.layer().kind(), Integer.toString(info.index()), name, id, comment, in, out,
                    window, tables, weights, requant, conv, pool, st.fusedPool != null, tap, lanes);
        }

        private CModel.Lanes lanes(String id, StepPlan st, WeightedLayer w) {
            LanePlan lp = st.lanes();
            LayerInfo info = st.layer;
            Conv2d c = (Conv2d) info.layer();
            CType lane = lp.laneType();
            String t = lane.spelling();
            String lanes = CLiterals.unsigned(lp.lanes());
            String build = prefix + "_lut4v_build_" + lane.suffix() + "_" + lp.lanes();
            String add = prefix + "_lut4v_add_" + lane.suffix() + "_" + lp.lanes();
            List<String> rows = new ArrayList<>();
            for (int p = 0; p < CKernel.LUT_ENTRIES; p++) {
                rows.add(CLiterals.unsigned((long) p * lp.lanes()));
            }
            laneBuild.putIfAbsent(build, new CModel.LaneBuild(build, t, lanes, rows));
            List<String> unrolled = null;
            if (lp.lanes() <= LANE_ADD_UNROLL_LIMIT) {
                unrolled = new ArrayList<>();
                for (int v = 0; v < lp.lanes(); v++) {
                    unrolled.add(CLiterals.unsigned(v));
                }
            }
            laneAdd.putIfAbsent(add, new CModel.LaneAdd(add, t, lanes, unrolled));
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
                    lastSources.add(j < lp.lastGroupSize()
                            ? "x + " + CLiterals.unsigned(LanePlan.offset(info, lp, lp.fullGroups() * CKernel.LUT_GROUP + j))
                            : zero);
                }
            }
            ActivationType in = info.inputType();
            String convert = in.min() == 0 ? "(" + t + ")*input++"
                    : "(" + t + ")((int32_t)*input++ + " + CLiterals.signed(lp.inputBias(), CType.INT32) + ")";
            long slack = lp.planeLength() - lp.planeBody();
            int channels = w.outputChannels();
            CModel.ConstArray descending = null;
            List<String> window = null;
            String rowStep;
            String channelStride;
            if (st.fusedPool != null) {
                Shape pooled = st.fusedPool.outputShape();
                List<Long> desc = new ArrayList<>();
                Requant r = w.requant();
                for (int o = 0; o < channels; o++) {
                    desc.add(r.multiplier(o) < 0 ? 1L : 0L);
                }
                descending = constArray(id + "_descending", CType.UINT8, CLiterals.unsigned(channels), desc);
                MaxPool mp = (MaxPool) st.fusedPool.layer();
                window = new ArrayList<>();
                for (int wy = 0; wy < mp.kernelHeight(); wy++) {
                    for (int wx = 0; wx < mp.kernelWidth(); wx++) {
                        if (wy > 0 || wx > 0) {
                            window.add(CLiterals.unsigned((long) wy * lp.rowPitch() + wx));
                        }
                    }
                }
                rowStep = CLiterals.unsigned(pooled.width());
                channelStride = CLiterals.unsigned((long) pooled.height() * pooled.width());
            } else {
                Shape out = info.outputShape();
                rowStep = CLiterals.unsigned(out.width());
                channelStride = CLiterals.unsigned((long) out.height() * out.width());
            }
            return new CModel.Lanes(t, lp.accumulatorType().spelling(), lanes, CLiterals.unsigned(lp.bands()),
                    CLiterals.unsigned(lp.bandStep()), CLiterals.unsigned(lp.rowPitch()), CLiterals.unsigned(channels),
                    CLiterals.unsigned(lp.sumLanes(channels)), CLiterals.unsigned((long) channels * lp.lanes()),
                    lp.fullGroups() > 0 ? CLiterals.unsigned(lp.fullGroups()) : null, lastSources, id + "_offsets",
                    offsetType.spelling(), CLiterals.unsigned(Math.max(1, offsets.size())),
                    offsets.isEmpty() ? null : initializerLines(offsets, VALUES_PER_LINE), zero,
                    buffer(st.planeBuffer, null), buffer(st.sumsBuffer, null), id + "_prepare", id + "_group", build, add,
                    CLiterals.unsigned(info.inputShape().channels()), CLiterals.unsigned(info.inputShape().height()),
                    CLiterals.unsigned(info.inputShape().width()), c.padX() > 0 ? CLiterals.unsigned(c.padX()) : null,
                    c.padY() > 0 ? CLiterals.unsigned((long) c.padY() * lp.paddedWidth()) : null,
                    CLiterals.unsigned(lp.inputBias()), convert, slack > 0 ? CLiterals.unsigned(slack) : null, rowStep,
                    channelStride, descending, window);
        }

        private String describe(LayerInfo info) {
            String base = "layer " + info.index() + " \"" + commentText(info.layer().name()) + "\" ("
                    + info.layer().kind() + "): " + info.inputShape() + " " + info.inputType().label() + " -> "
                    + info.outputShape() + " " + info.outputType().label();
            if (info.layer() instanceof Conv2d c) {
                base += ", kernel " + c.kernelHeight() + "x" + c.kernelWidth() + ", stride " + c.strideY() + "x" + c.strideX()
                        + ", padding " + c.padY() + "x" + c.padX();
            } else if (info.layer() instanceof MaxPool p) {
                base += ", window " + p.kernelHeight() + "x" + p.kernelWidth() + ", stride " + p.strideY() + "x" + p.strideX();
            }
            if (info.weighted()) {
                base += ", fan-in " + info.fanIn() + ", accumulator " + info.accumulatorBits() + " bits";
            }
            return base;
        }

        private CModel.Weights weights(String id, LayerInfo info, WeightedLayer w, CKernel kernel) {
            BinaryWeights bw = w.weights();
            List<String> literals = new ArrayList<>();
            for (int word : bw.words()) {
                literals.add(CLiterals.word(word));
            }
            CType inType = CType.storage(info.inputType());
            CType acc = accumulatorType(info.accumulatorBits());
            String dot;
            String build = null;
            if (kernel == CKernel.ADDSUB) {
                dot = prefix + "_addsub_dot_" + inType.suffix() + "_" + acc.suffix();
                addsub.putIfAbsent(dot, new CModel.AddSub(dot, inType.spelling(), acc.spelling()));
            } else if (kernel == CKernel.LUT4V) {
                LanePlan lp = steps.stream().filter(s -> s.layer == info).findFirst().orElseThrow().lanes();
                acc = lp.accumulatorType();
                dot = prefix + "_lut4v_add_" + lp.laneType().suffix() + "_" + lp.lanes();
                build = prefix + "_lut4v_build_" + lp.laneType().suffix() + "_" + lp.lanes();
            } else {
                CType table = steps.stream().filter(s -> s.layer == info).findFirst().orElseThrow().tableType();
                build = prefix + "_lut4_build_" + inType.suffix() + "_" + table.suffix();
                dot = prefix + "_lut4_dot_" + table.suffix() + "_" + acc.suffix();
                lutBuild.putIfAbsent(build, new CModel.LutBuild(build, inType.spelling(), table.spelling()));
                lutDot.putIfAbsent(dot, new CModel.LutDot(dot, table.spelling(), acc.spelling()));
            }
            return new CModel.Weights(id + "_weights", CLiterals.unsigned(bw.wordCount()), CLiterals.unsigned(bw.rows()),
                    CLiterals.unsigned(bw.wordsPerRow()), CLiterals.unsigned(bw.rowLength()),
                    initializerLines(literals, WORDS_PER_LINE), kernel.spelling(), acc.spelling(), dot, build);
        }

        /**
         * Requantization of a layer whose kernel delivers {@code acc - correction[c]} (nonzero only for lut4v on signed
         * inputs), with |delivered accumulator| at most {@code accMax}.
         */
        private CModel.Requant requant(String id, LayerInfo info, WeightedLayer w, long[] correction, long accMax) {
            Requant r = w.requant();
            int channels = r.channels();
            CType outType = CType.storage(info.outputType());
            long bound = 0;
            int maxShift = 0;
            boolean shiftMode = net.requantMode() == RequantMode.SHIFT;
            List<Long> negate = new ArrayList<>();
            List<Long> left = new ArrayList<>();
            List<Long> right = new ArrayList<>();
            List<Long> offset = new ArrayList<>();
            List<Long> mult = new ArrayList<>();
            List<Long> shift = new ArrayList<>();
            for (int c = 0; c < channels; c++) {
                if (shiftMode) {
                    long[] k = shiftModeConstants(r, c, correction[c]);
                    negate.add(k[0]);
                    left.add(k[1]);
                    right.add(k[2]);
                    offset.add(k[3]);
                    bound = Math.max(bound, Math.addExact(Math.multiplyExact(accMax, 1L << k[1]), Math.abs(k[3])));
                    maxShift = (int) Math.max(maxShift, Math.max(k[1], k[2]));
                } else {
                    long rb = Math.addExact(roundedBias(r, c), Math.multiplyExact(correction[c], (long) r.multiplier(c)));
                    mult.add((long) r.multiplier(c));
                    shift.add((long) r.shift(c));
                    offset.add(rb);
                    bound = Math.max(bound, Math.addExact(Math.multiplyExact(accMax, Math.abs(r.multiplier(c))), Math.abs(rb)));
                    maxShift = Math.max(maxShift, r.shift(c));
                }
            }
            // An int32_t product needs every intermediate below 2^31 and shifts below its width.
            CType product = bound <= Integer.MAX_VALUE && maxShift <= 30 ? CType.INT32 : CType.INT64;
            String asrFn = prefix + "_asr_" + product.suffix();
            asr.putIfAbsent(asrFn, new CModel.ShiftHelper(asrFn, product.spelling()));
            String shlFn = null;
            if (shiftMode) {
                shlFn = prefix + "_shl_" + product.suffix();
                shl.putIfAbsent(shlFn, new CModel.ShiftHelper(shlFn, product.spelling()));
            }
            String len = CLiterals.unsigned(channels);
            CModel.ConstArray offsetArray = constArray(id + "_offset", product, len, offset);
            // A clamp the product type cannot exceed is left out (comparing against its own limit is a warning).
            String outMin = info.outputType().min() <= product.min() ? null : CLiterals.signed(info.outputType().min(), product);
            String outMax = info.outputType().max() >= product.max() ? null : CLiterals.signed(info.outputType().max(), product);
            if (shiftMode) {
                return new CModel.Requant("shift", id + "_requant", product.spelling(), outType.spelling(), outMin, outMax,
                        asrFn, shlFn, null, offsetArray, null, constArray(id + "_negate", CType.UINT8, len, negate),
                        constArray(id + "_left", CType.UINT8, len, left), constArray(id + "_right", CType.UINT8, len, right));
            }
            return new CModel.Requant("multiply", id + "_requant", product.spelling(), outType.spelling(), outMin, outMax,
                    asrFn, null, constArray(id + "_multiplier", CType.INT16, len, mult), offsetArray,
                    constArray(id + "_shift", CType.UINT8, len, shift), null, null, null);
        }

        private CModel.ConstArray constArray(String name, CType type, String length, List<Long> values) {
            List<String> literals = new ArrayList<>();
            for (long v : values) {
                literals.add(type.signed() ? CLiterals.signed(v, type) : CLiterals.unsigned(v));
            }
            return new CModel.ConstArray(name, type.spelling(), length, initializerLines(literals, VALUES_PER_LINE));
        }

        private CModel.Conv conv(String id, LayerInfo info, Conv2d c) {
            Shape in = info.inputShape();
            Shape out = info.outputShape();
            return new CModel.Conv(id + "_gather", CLiterals.unsigned(in.channels()), CLiterals.unsigned(in.height()),
                    CLiterals.unsigned(in.width()), CLiterals.unsigned(c.kernelHeight()), CLiterals.unsigned(c.kernelWidth()),
                    CLiterals.unsigned(c.strideY()), CLiterals.unsigned(c.strideX()), CLiterals.unsigned(c.padY()),
                    CLiterals.unsigned(c.padX()), CLiterals.unsigned(out.channels()), CLiterals.unsigned(out.height()),
                    CLiterals.unsigned(out.width()), c.padY() > 0 || c.padX() > 0);
        }

        private CModel.Pool pool(LayerInfo info) {
            MaxPool p = (MaxPool) info.layer();
            Shape in = info.inputShape();
            Shape out = info.outputShape();
            return new CModel.Pool(Integer.toString(info.index()), commentText(p.name()),
                    CLiterals.unsigned(in.channels()), CLiterals.unsigned(in.height()), CLiterals.unsigned(in.width()),
                    CLiterals.unsigned(p.kernelHeight()), CLiterals.unsigned(p.kernelWidth()), CLiterals.unsigned(p.strideY()),
                    CLiterals.unsigned(p.strideX()), CLiterals.unsigned(out.height()), CLiterals.unsigned(out.width()));
        }

        private CModel.LayerRow row(LayerInfo info) {
            String kernel = "-";
            String note = "";
            for (StepPlan s : steps) {
                if (s.layer == info && s.kernel != null) {
                    kernel = s.kernel.spelling();
                }
                if (s.fusedPool == info) {
                    note = "fused into layer " + s.layer.index();
                }
                if (s.layer == info && s.fusedPool != null) {
                    note = "fused with layer " + s.fusedPool.index();
                }
            }
            if (info.layer() instanceof Flatten) {
                note = "no data moves";
            }
            return new CModel.LayerRow(Integer.toString(info.index()), commentText(info.layer().name()),
                    info.layer().kind(), info.inputShape().toString(), info.outputShape().toString(),
                    info.inputType().label(), info.outputType().label(), info.weighted() ? Integer.toString(info.fanIn()) : "-",
                    info.weighted() ? Integer.toString(info.accumulatorBits()) : "-", kernel,
                    info.weighted() ? Long.toString(info.packedBytes()) : "-", note);
        }

        private CModel.Debug debug() {
            List<String> sizes = new ArrayList<>();
            List<String> offsets = new ArrayList<>();
            List<String> taps = new ArrayList<>();
            List<String> files = new ArrayList<>();
            long total = 0;
            for (LayerInfo info : net.plan()) {
                long size = info.outputShape().size();
                long tapCount = size;
                for (StepPlan s : steps) {
                    if (s.layer == info && s.fusedPool != null) {
                        MaxPool p = (MaxPool) s.fusedPool.layer();
                        Shape pooled = s.fusedPool.outputShape();
                        tapCount = (long) info.outputShape().channels() * pooled.height() * pooled.width()
                                * p.kernelHeight() * p.kernelWidth();
                    }
                }
                sizes.add(CLiterals.unsigned(size));
                offsets.add(CLiterals.unsigned(total));
                taps.add(CLiterals.unsigned(tapCount));
                files.add("\"" + TestVectors.layerFile(info.index()) + "\"");
                total += size;
            }
            return new CModel.Debug(Integer.toString(net.plan().size()), CLiterals.unsigned(total), sizes, offsets, taps, files);
        }
    }

    /** Comma-separated initializer lines, {@code perLine} values each, the last without a trailing comma. */
    static List<String> initializerLines(List<String> literals, int perLine) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < literals.size(); i += perLine) {
            List<String> chunk = literals.subList(i, Math.min(literals.size(), i + perLine));
            lines.add(String.join(", ", chunk) + (i + perLine < literals.size() ? "," : ""));
        }
        return lines;
    }
}
