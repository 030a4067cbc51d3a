package dev.bwn.codegen.c;

import dev.bwn.model.Network;
import dev.bwn.model.WeightedLayer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Pass 2 of {@link CLowering}: the dot-product kernel of every weighted layer. A fixed kernel when the options name one
 * ({@link CKernel#LUT4V} and {@link CKernel#LUT4SWAR} only where they apply, {@link CKernel#LUT4} elsewhere; a conv
 * whose lanes do not pack gets lut4v for lut4swar); otherwise every weighted layer starts
 * on {@link CKernel#ADDSUB} and, biggest estimated saving first, takes the fastest estimated kernel that keeps the
 * arena (planned on the graph's liveness, {@link BufferPlan}) within the RAM budget.
 */
final class KernelChoice {
    private KernelChoice() {
    }

    /** Per layer index its kernel, null for layers without weights. */
    static List<CKernel> choose(Network net, List<PlannedStep> steps, COptions options) {
        CKernel[] chosen = new CKernel[net.layers().size()];
        List<PlannedStep> candidates = new ArrayList<>();
        for (PlannedStep s : steps) {
            if (s.weighted()) {
                CKernel forced = options.kernel();
                if (forced != null && forced.usesLanes() && !LanePlan.applies(s.layer())) {
                    forced = CKernel.LUT4;
                }
                if (forced == CKernel.LUT4SWAR && !LanePlan.packs(s.layer())) {
                    forced = CKernel.LUT4V;
                }
                chosen[s.layer().index()] = forced != null ? forced : CKernel.ADDSUB;
                if (forced == null && saving(s, best(s)) > 0) {
                    candidates.add(s);
                }
            }
        }
        candidates.sort((a, b) -> Long.compare(saving(b, best(b)), saving(a, best(a))));
        for (PlannedStep s : candidates) {
            List<CKernel> ranked = new ArrayList<>(List.of(CKernel.LUT4, CKernel.LUT4V, CKernel.LUT4SWAR));
            ranked.removeIf(k -> saving(s, k) <= 0);
            ranked.sort((a, b) -> Long.compare(saving(s, b), saving(s, a)));
            int layer = s.layer().index();
            for (CKernel k : ranked) {
                chosen[layer] = k;
                if (BufferPlan.place(net, steps, view(chosen)).totalBytes() <= options.ramBudgetBytes()) {
                    break;
                }
                chosen[layer] = CKernel.ADDSUB;
            }
        }
        return view(chosen);
    }

    private static List<CKernel> view(CKernel[] kernels) {
        return Collections.unmodifiableList(Arrays.asList(kernels.clone()));
    }

    /** The kernel with the lowest estimate for a step. */
    static CKernel best(PlannedStep s) {
        CKernel best = CKernel.ADDSUB;
        for (CKernel k : CKernel.values()) {
            if (estimate(s, k) < estimate(s, best)) {
                best = k;
            }
        }
        return best;
    }

    /** Estimated instructions of a step on a kernel; {@code Long.MAX_VALUE} where the kernel does not apply. */
    static long estimate(PlannedStep s, CKernel k) {
        WeightedLayer w = (WeightedLayer) s.layer().layer();
        int outputs = w.outputChannels();
        if (k.usesLanes()) {
            boolean applies = LanePlan.applies(s.layer()) && (k != CKernel.LUT4SWAR || LanePlan.packs(s.layer()));
            if (!applies) {
                return Long.MAX_VALUE;
            }
            LanePlan plan = s.lanes(k);
            int chunk = k == CKernel.LUT4SWAR ? LanePlan.chunkGroups(s.layer()) : plan.groups();
            return CKernel.lanesEstimate(plan, outputs, s.positions(), (plan.groups() + chunk - 1) / chunk);
        }
        return k.estimatedInstructions(s.positions(), outputs, s.layer().fanIn());
    }

    static long saving(PlannedStep s, CKernel k) {
        long e = estimate(s, k);
        return e == Long.MAX_VALUE ? Long.MIN_VALUE : estimate(s, CKernel.ADDSUB) - e;
    }
}
