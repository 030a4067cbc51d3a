package dev.bwn.codegen.c;

import dev.bwn.model.LayerInfo;
import dev.bwn.model.Network;

import java.util.ArrayList;
import java.util.List;

import static dev.bwn.codegen.Identifiers.commentText;

/**
 * What a kind's lowering knows of its step: the network, the C names, the kernel and where the step's buffers went.
 * Immutable; one per step.
 *
 * @param arenaPointer the C pointer to the scratch arena inside {@code NAME_infer_with}
 * @param id     the step's C identifier stem ({@code PREFIX_lINDEX_NAME})
 * @param kernel the dot-product kernel (null for kinds without weights)
 */
record StepContext(Network net, String prefix, String arenaPointer, String id, PlannedStep step, CKernel kernel,
                   BufferPlan buffers, int stepIndex) {

    /** The k-th tensor the step reads. */
    CModel.BufferRef input(int k) {
        return tensor(step.inputTensors().get(k));
    }

    /** The tensor the step writes. */
    CModel.BufferRef output() {
        return tensor(step.outputTensor());
    }

    /** True when the step's tensor shares its memory with a tensor it reads. */
    boolean writesOverAnInput() {
        int out = buffers.tensorBuffers().get(step.outputTensor());
        return step.inputTensors().stream().anyMatch(t -> buffers.tensorBuffers().get(t) == out);
    }

    BufferPlan.StepScratch scratch() {
        return buffers.scratch().get(stepIndex);
    }

    /** A scratch placement as a pointer, null for -1 (the step has no such buffer). */
    CModel.BufferRef placed(int placement) {
        return placement < 0 ? null : placement(placement);
    }

    private CModel.BufferRef tensor(int tensor) {
        int b = buffers.tensorBuffers().get(tensor);
        if (b == BufferPlan.CALLER_INPUT) {
            CType t = CType.storage(net.inputType());
            return new CModel.BufferRef("input", t.spelling(), CLiterals.unsigned(net.inputSize()),
                    FlashData.inputRead(prefix));
        }
        if (b == BufferPlan.NOT_STORED) {
            throw new IllegalStateException("tensor " + tensor + " is never stored");
        }
        return placement(b);
    }

    private CModel.BufferRef placement(int index) {
        ArenaPlanner.Placement p = buffers.arena().placements().get(index);
        CType t = p.request().type();
        String expr = "&" + arenaPointer + "->" + p.region().member() + "." + t.suffix() + "[" + p.elementIndex() + "]";
        return new CModel.BufferRef(expr, t.spelling(), CLiterals.unsigned(p.request().elements()), null);
    }

    String layerName() {
        return commentText(step.layer().layer().name());
    }

    String layerIndex() {
        return Integer.toString(step.layer().index());
    }

    CModel.Tap tap() {
        return new CModel.Tap(layerIndex());
    }

    /**
     * {@code layer I "NAME" (KIND): SHAPE TYPE -> SHAPE TYPE} plus kind-specific {@code details}; a layer of a graph
     * (not a chain) also names the tensors it reads.
     */
    String describe(LayerInfo info, String details) {
        StringBuilder in = new StringBuilder();
        for (int k = 0; k < info.inputShapes().size(); k++) {
            in.append(k > 0 ? " + " : "").append(info.inputShapes().get(k)).append(' ').append(info.inputTypes().get(k).label());
        }
        String base = "layer " + info.index() + " \"" + commentText(info.layer().name()) + "\" (" + info.layer().kind()
                + "): " + in + " -> " + info.outputShape() + " " + info.outputType().label() + details;
        if (info.weighted()) {
            base += ", fan-in " + info.fanIn() + ", accumulator " + info.accumulatorBits() + " bits";
        }
        if (!net.isChain()) {
            List<String> names = new ArrayList<>();
            for (int t : info.inputTensors()) {
                names.add("\"" + commentText(net.tensorName(t)) + "\"");
            }
            base += ", reads " + String.join(", ", names);
        }
        return base;
    }
}
