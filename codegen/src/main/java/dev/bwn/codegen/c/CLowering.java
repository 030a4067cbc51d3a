package dev.bwn.codegen.c;

import dev.bwn.codegen.Identifiers;
import dev.bwn.model.Network;

import java.util.List;

/**
 * Lowers a {@link Network} once into the {@link CModel} the C templates print, in four passes without shared mutable
 * state: plan the steps from the graph with conv + pool fusion ({@link PlannedStep#plan}), choose each weighted
 * layer's kernel ({@link KernelChoice}), place every tensor and scratch buffer in the arena on the graph's liveness
 * ({@link BufferPlan}), and build the immutable model, each step by its kind's class ({@link CModelBuilder},
 * {@link StepLowering}).
 */
public final class CLowering {
    /** Stamped into every generated file: bump when the generated code changes meaning. */
    public static final String BACKEND = "bwn C backend 1";

    /**
     * The stack NAME_infer_with needs at most, in bytes, stated in every header: the deepest call chain the compilers
     * report ({@code -fcallgraph-info=su}) on x86-64 gcc -O2, Cortex-M0/M4 and AVR -Os, over the shipped models and
     * random models, rounded up (hw-tests CStackUsageTest fails when a model needs more). The code has no recursion,
     * no VLA and a fixed call depth; frames grow only with what the compiler inlines into NAME_infer_with.
     */
    public static final long STACK_BOUND_BYTES = 512;

    private CLowering() {
    }

    public static CModel lower(Network net, COptions options) {
        String prefix = Identifiers.cPrefix(options.name() != null ? options.name() : net.name());
        List<PlannedStep> steps = PlannedStep.plan(net, options.fuseConvPool());
        List<CKernel> kernels = KernelChoice.choose(net, steps, options);
        BufferPlan buffers = BufferPlan.place(net, steps, kernels);
        // Same kernels as the fused plan, so the saving shown is the fusion's alone.
        long unfusedBytes = BufferPlan.place(net, PlannedStep.plan(net, false), kernels).totalBytes();
        return CModelBuilder.build(net, prefix, options, steps, kernels, buffers, unfusedBytes);
    }

    /** Comma-separated initializer lines, {@code perLine} values each, the last without a trailing comma. */
    static List<String> initializerLines(List<String> literals, int perLine) {
        return RequantC.initializerLines(literals, perLine);
    }
}
