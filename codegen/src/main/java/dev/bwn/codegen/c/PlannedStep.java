package dev.bwn.codegen.c;

import dev.bwn.codegen.KindFacts;
import dev.bwn.codegen.LayerWindow;
import dev.bwn.model.LayerInfo;
import dev.bwn.model.Network;
import dev.bwn.model.Shape;
import dev.bwn.model.WeightedLayer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A step of {@code NAME_infer} before kernels and buffers are chosen: a layer, or a conv2d with the max-pool it is fused
 * with ({@code fusedPool}, null otherwise). Pass 1 of {@link CLowering}: {@link #plan}.
 */
record PlannedStep(LayerInfo layer, LayerInfo fusedPool) {

    /** The layer whose tensor the step writes. */
    LayerInfo last() {
        return fusedPool != null ? fusedPool : layer;
    }

    /** Index of the tensor the step writes (tensor 0 is the network input, tensor i+1 layer i's output). */
    int outputTensor() {
        return last().index() + 1;
    }

    /** Indices of the tensors the step reads. */
    List<Integer> inputTensors() {
        return layer.inputTensors();
    }

    boolean weighted() {
        return layer.layer() instanceof WeightedLayer;
    }

    /** The window the step's layer slides, if it slides one ({@link LayerWindow}). */
    Optional<LayerWindow> window() {
        return KindFacts.of(layer.layer()).window();
    }

    /** The window of the fused pool; only for a step with one. */
    LayerWindow poolWindow() {
        return KindFacts.of(fusedPool.layer()).poolWindow().orElseThrow();
    }

    /** Input vectors the kernel sees: one per computed output position of a sliding kernel, else 1 (dense). */
    long positions() {
        if (window().isPresent()) {
            if (fusedPool != null) {
                LayerWindow p = poolWindow();
                Shape out = fusedPool.outputShape();
                return (long) out.height() * out.width() * p.kernelHeight() * p.kernelWidth();
            }
            return (long) layer.outputShape().height() * layer.outputShape().width();
        }
        return 1;
    }

    /** The lane geometry of this conv step on {@code kernel} ({@link CKernel#usesLanes}). */
    LanePlan lanes(CKernel kernel) {
        return LanePlan.of(layer, fusedPool, kernel);
    }

    /**
     * Conv + max-pool fuse when the pool is the conv tensor's only reader and its windows do not overlap
     * (stride >= kernel), so nothing is computed twice and the conv map is never needed.
     */
    static boolean fusable(LayerInfo conv, LayerInfo next) {
        return next != null && KindFacts.of(conv.layer()).takesFollowingPool() && conv.consumers().equals(List.of(next.index()))
                && KindFacts.of(next.layer()).poolWindow().filter(LayerWindow::disjoint).isPresent();
    }

    /** The steps of a network in file order (a topological order), fusing conv + pool when {@code fuse}. */
    static List<PlannedStep> plan(Network net, boolean fuse) {
        List<PlannedStep> steps = new ArrayList<>();
        List<LayerInfo> plan = net.plan();
        for (int i = 0; i < plan.size(); i++) {
            LayerInfo info = plan.get(i);
            LayerInfo next = i + 1 < plan.size() ? plan.get(i + 1) : null;
            if (fuse && fusable(info, next)) {
                steps.add(new PlannedStep(info, next));
                i++;
            } else {
                steps.add(new PlannedStep(info, null));
            }
        }
        return List.copyOf(steps);
    }
}
