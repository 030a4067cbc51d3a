package dev.bwn.codegen.c;

import dev.bwn.codegen.Identifiers;
import dev.bwn.codegen.LayerWindow;
import dev.bwn.model.BinaryWeights;
import dev.bwn.model.DisplayText;
import dev.bwn.model.LayerInfo;
import dev.bwn.model.Network;
import dev.bwn.model.Shape;
import dev.bwn.model.vectors.TestVectors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static dev.bwn.codegen.Identifiers.commentText;

/**
 * Pass 4 of {@link CLowering}: the immutable {@link CModel} from the planned steps, their kernels and buffers. Each
 * step is lowered by its kind's class ({@link StepLowering}); the rest (header table, helper functions, memory
 * figures, debug taps) is gathered from the steps.
 */
final class CModelBuilder {
    private CModelBuilder() {
    }

    static CModel build(Network net, String prefix, COptions options, List<PlannedStep> steps, List<CKernel> kernels,
                        BufferPlan buffers, long unfusedArenaBytes) {
        List<String> ids = stepIds(prefix, steps);
        List<CStep> rendered = new ArrayList<>();
        Map<Integer, String> notes = new LinkedHashMap<>();
        for (int s = 0; s < steps.size(); s++) {
            PlannedStep step = steps.get(s);
            StepContext ctx = new StepContext(net, prefix, CModel.Arena.POINTER, ids.get(s), step, kernels.get(step.layer().index()),
                    buffers, s);
            CStep lowered = step.layer().layer().accept(new StepLowering(ctx));
            rendered.add(lowered);
            if (step.fusedPool() != null) {
                notes.put(step.layer().index(), "fused with layer " + step.fusedPool().index());
                notes.put(step.fusedPool().index(), "fused into layer " + step.layer().index());
            }
            if (lowered.movesNoData()) {
                notes.put(step.layer().index(), "no data moves");
            } else if (ctx.writesOverAnInput()) {
                notes.put(step.layer().index(), "in place");
            }
        }
        List<CModel.LayerRow> rows = new ArrayList<>();
        for (LayerInfo info : net.plan()) {
            rows.add(row(info, kernels.get(info.index()), notes.getOrDefault(info.index(), "")));
        }
        List<CModel.Fact> facts = new ArrayList<>();
        Identifiers.provenanceComments(net.provenance().facts()).forEach((k, v) -> facts.add(new CModel.Fact(k, v)));
        long requantBytes = rendered.stream().mapToLong(CStep::constantBytes).sum();
        ArenaPlanner.Plan arena = buffers.arena();
        // C has no zero-length arrays: an empty region still takes one word
        long narrowArray = Math.max(4, arena.narrowBytes());
        long wideWords = Math.max(1, arena.wideBytes() / 4);
        long longWords = arena.longBytes() / 8;
        if (longWords > 0 && (narrowArray + wideWords * 4) % 8 != 0) {
            wideWords++; // the 64-bit region after the other two starts on a multiple of 8
        }
        CModel.Arena arenaRecord = new CModel.Arena(prefix + "_scratch", prefix + "_default_scratch",
                CLiterals.unsigned(narrowArray + wideWords * 4 + longWords * 8), CLiterals.unsigned(narrowArray),
                CLiterals.unsigned(narrowArray / 2), CLiterals.unsigned(wideWords),
                longWords > 0 ? CLiterals.unsigned(longWords) : null, longWords > 0 ? "8" : "4", arena.totalBytes(),
                unfusedArenaBytes);
        CModel.Memory memory = new CModel.Memory(net.packedBytes(), (net.binaryWeights() + 7) / 8, requantBytes,
                arena.totalBytes(), arenaRecord.fusionSavingBytes(), overBudget(net, steps, buffers, options));
        CModel.BufferRef logits = rendered.get(rendered.size() - 1).output();
        return new CModel(prefix, prefix.toUpperCase(Locale.ROOT), commentText(net.name()), prefix + ".h", prefix + ".c",
                prefix + "_example.c", options.singleHeader(), CLowering.BACKEND, facts, net.requantMode().spelling(),
                CType.storage(net.inputType()).spelling(), CLiterals.unsigned(net.inputSize()),
                net.inputShape().toString() + " " + net.inputType().label(), CLiterals.unsigned(net.classes()),
                CType.storage(net.logitType()).spelling(), logits.expression(), indexType(net, steps, kernels), rows,
                List.copyOf(rendered), kernels(rendered), arenaRecord, memory, debug(net, steps),
                FlashData.flash(prefix, CType.storage(net.inputType()), rendered),
                net.labels().stream().map(CLiterals::string).toList(), CLiterals.unsigned(CLowering.STACK_BOUND_BYTES));
    }

    /**
     * Null when the arena fits the RAM budget; otherwise what is live at its peak (with automatic kernels, lookup
     * tables are already left out there): tensors live from producer to last reader, a residual block's skip tensor
     * among them.
     */
    private static String overBudget(Network net, List<PlannedStep> steps, BufferPlan buffers, COptions options) {
        if (buffers.totalBytes() <= options.ramBudgetBytes()) {
            return null;
        }
        BufferPlan.Peak peak = buffers.peak(steps.size());
        List<String> live = new ArrayList<>();
        for (ArenaPlanner.Request r : peak.live()) {
            live.add(DisplayText.terminal(r.label(), DisplayText.VALUE_LIMIT) + " " + r.bytes() + " B");
        }
        LayerInfo at = steps.get(peak.step()).layer();
        return "the scratch arena needs " + buffers.totalBytes() + " bytes, more than the RAM budget of "
                + options.ramBudgetBytes() + ": at layer " + at.index() + " \""
                + DisplayText.terminal(at.layer().name(), DisplayText.VALUE_LIMIT) + "\" " + peak.bytes()
                + " bytes are live at once (" + String.join(", ", live) + ")";
    }

    /** {@code PREFIX_lINDEX_NAME} per step, names made unique within the design. */
    private static List<String> stepIds(String prefix, List<PlannedStep> steps) {
        Identifiers names = new Identifiers();
        List<String> ids = new ArrayList<>();
        for (PlannedStep s : steps) {
            ids.add(prefix + "_l" + s.layer().index() + "_" + names.unique(s.layer().layer().name()));
        }
        return ids;
    }

    /** Index arithmetic stays below the largest tensor, table or weight array; 16 bits suffice for small models. */
    private static String indexType(Network net, List<PlannedStep> steps, List<CKernel> kernels) {
        long largest = net.inputSize();
        for (LayerInfo info : net.plan()) {
            largest = Math.max(largest, info.outputShape().size());
            largest = Math.max(largest, (long) info.fanIn() * CKernel.LUT_ENTRIES);
            largest = Math.max(largest, (long) BinaryWeights.wordsPerRow(Math.max(1, info.fanIn())) * Math.max(1, info.outputShape().channels()));
        }
        for (PlannedStep s : steps) {
            CKernel k = kernels.get(s.layer().index());
            if (k != null && k.usesLanes()) {
                LanePlan lp = s.lanes(k);
                largest = Math.max(largest, Math.max(Math.max(lp.planeLength(), lp.planeWords()),
                        lp.sumLanes(s.layer().outputShape().channels())));
            }
        }
        return largest <= 0xFFFF ? "unsigned int" : "uint32_t";
    }

    /** Every helper the steps call, each once: shift helpers by name, the others in order of first use. */
    private static CModel.Kernels kernels(List<CStep> steps) {
        Map<String, CModel.AddSub> addsub = new LinkedHashMap<>();
        Map<String, CModel.LutBuild> lutBuild = new LinkedHashMap<>();
        Map<String, CModel.LutDot> lutDot = new LinkedHashMap<>();
        Map<String, CModel.ShiftHelper> asr = new TreeMap<>();
        Map<String, CModel.ShiftHelper> shl = new TreeMap<>();
        Map<String, CModel.LaneBuild> laneBuild = new LinkedHashMap<>();
        Map<String, CModel.LaneAdd> laneAdd = new LinkedHashMap<>();
        Map<String, CModel.SwarLanes> swar = new LinkedHashMap<>();
        Map<String, CModel.SwarSpill> swarSpill = new LinkedHashMap<>();
        for (CStep step : steps) {
            for (CModel.Helper h : step.helpers()) {
                if (h instanceof CModel.AddSub a) {
                    addsub.putIfAbsent(a.function(), a);
                } else if (h instanceof CModel.LutBuild b) {
                    lutBuild.putIfAbsent(b.function(), b);
                } else if (h instanceof CModel.LutDot d) {
                    lutDot.putIfAbsent(d.function(), d);
                } else if (h instanceof CModel.ShiftHelper sh) {
                    (sh.left() ? shl : asr).putIfAbsent(sh.function(), sh);
                } else if (h instanceof CModel.LaneBuild lb) {
                    laneBuild.putIfAbsent(lb.function(), lb);
                } else if (h instanceof CModel.LaneAdd la) {
                    laneAdd.putIfAbsent(la.function(), la);
                } else if (h instanceof CModel.SwarLanes sw) {
                    swar.putIfAbsent(sw.function(), sw);
                } else if (h instanceof CModel.SwarSpill sp) {
                    swarSpill.putIfAbsent(sp.function(), sp);
                }
            }
        }
        return new CModel.Kernels(List.copyOf(addsub.values()), List.copyOf(lutBuild.values()),
                List.copyOf(lutDot.values()), List.copyOf(asr.values()), List.copyOf(shl.values()),
                List.copyOf(laneBuild.values()), List.copyOf(laneAdd.values()), List.copyOf(swar.values()),
                List.copyOf(swarSpill.values()));
    }

    private static CModel.LayerRow row(LayerInfo info, CKernel kernel, String note) {
        return new CModel.LayerRow(Integer.toString(info.index()), commentText(info.layer().name()),
                info.layer().kind(), info.inputShape().toString(), info.outputShape().toString(),
                info.inputType().label(), info.outputType().label(), info.weighted() ? Integer.toString(info.fanIn()) : "-",
                info.weighted() ? Integer.toString(info.accumulatorBits()) : "-", kernel != null ? kernel.spelling() : "-",
                info.weighted() ? Long.toString(info.packedBytes()) : "-", note);
    }

    /** Per layer (every tensor but the input, which the caller holds): size, offset, taps per inference, vector file. */
    private static CModel.Debug debug(Network net, List<PlannedStep> steps) {
        List<String> sizes = new ArrayList<>();
        List<String> offsets = new ArrayList<>();
        List<String> taps = new ArrayList<>();
        List<String> files = new ArrayList<>();
        long[] tapCounts = new long[net.layers().size()];
        for (LayerInfo info : net.plan()) {
            tapCounts[info.index()] = info.outputShape().size();
        }
        for (PlannedStep s : steps) {
            if (s.fusedPool() != null) {
                // a conv fused with its pool reports every conv value its pool windows read
                LayerWindow p = s.poolWindow();
                Shape pooled = s.fusedPool().outputShape();
                tapCounts[s.layer().index()] = (long) s.layer().outputShape().channels() * pooled.height() * pooled.width()
                        * p.kernelHeight() * p.kernelWidth();
            }
        }
        long total = 0;
        for (LayerInfo info : net.plan()) {
            long size = info.outputShape().size();
            sizes.add(CLiterals.unsigned(size));
            offsets.add(CLiterals.unsigned(total));
            taps.add(CLiterals.unsigned(tapCounts[info.index()]));
            files.add("\"" + TestVectors.layerFile(info.index()) + "\"");
            total += size;
        }
        return new CModel.Debug(Integer.toString(net.plan().size()), CLiterals.unsigned(total), sizes, offsets, taps, files);
    }
}
