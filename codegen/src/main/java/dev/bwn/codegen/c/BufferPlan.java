package dev.bwn.codegen.c;

import dev.bwn.codegen.KindFacts;
import dev.bwn.model.ActivationType;
import dev.bwn.model.Layer;
import dev.bwn.model.Network;
import dev.bwn.model.WeightedLayer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pass 3 of {@link CLowering}: where every tensor and every scratch buffer of the steps lives in the arena. A tensor's
 * buffer lives from the step that writes it to the last step that reads it (the network output to the end), so a
 * residual block keeps its skip tensor while the main path runs. A flatten's tensor is its input's memory; an
 * elementwise kind (add) writes over an input it is the last reader of when the storage types agree (its kernel reads
 * each value before writing it, {@link KindFacts#writesInPlace()}), which saves its output buffer. Windows, tables,
 * planes and lane sums live during their step only.
 *
 * @param arena         the placements ({@link ArenaPlanner})
 * @param tensorBuffers per tensor (0 the network input, i+1 layer i's output) the index of its placement, -1 for the
 *                      caller's input, -2 for a tensor never stored (a conv fused with its pool)
 * @param scratch       per step its scratch placements (-1 where the step has none)
 */
record BufferPlan(ArenaPlanner.Plan arena, List<Integer> tensorBuffers, List<StepScratch> scratch) {
    static final int CALLER_INPUT = -1;
    static final int NOT_STORED = -2;

    /** Per step its scratch placements; {@code laneSums}: lut4swar's spilled, unpacked accumulator rows. */
    record StepScratch(int window, int tables, int plane, int sums, int laneSums) {
    }

    /** {@code kernels}: per layer index its kernel (null for layers without weights). */
    static BufferPlan place(Network net, List<PlannedStep> steps, List<CKernel> kernels) {
        int tensors = net.layers().size() + 1;
        int[] lastRead = new int[tensors];
        Arrays.fill(lastRead, -1);
        for (int s = 0; s < steps.size(); s++) {
            for (int t : steps.get(s).inputTensors()) {
                lastRead[t] = Math.max(lastRead[t], s);
            }
        }
        lastRead[steps.get(steps.size() - 1).outputTensor()] = steps.size(); // the logits are read after the last step
        int[] bufferOf = new int[tensors];
        Arrays.fill(bufferOf, NOT_STORED);
        bufferOf[0] = CALLER_INPUT;
        List<ArenaPlanner.Request> requests = new ArrayList<>();
        List<int[]> lifetimes = new ArrayList<>();
        for (int s = 0; s < steps.size(); s++) {
            PlannedStep step = steps.get(s);
            int out = step.outputTensor();
            CType type = CType.storage(step.last().outputType());
            Layer layer = step.layer().layer();
            int shared = NOT_STORED;
            if (layer.aliasesInput()) {
                shared = bufferOf[step.inputTensors().get(0)];
            } else if (KindFacts.of(layer).writesInPlace()) {
                shared = dyingInput(step, bufferOf, requests, lifetimes, s, type);
            }
            if (shared != NOT_STORED) {
                bufferOf[out] = shared;
                if (shared >= 0) {
                    lifetimes.get(shared)[1] = Math.max(lifetimes.get(shared)[1], lastRead[out]);
                }
            } else {
                requests.add(new ArenaPlanner.Request(step.layer().layer().name() + " output", type,
                        step.last().outputShape().size(), s, s));
                lifetimes.add(new int[]{s, Math.max(s, lastRead[out])});
                bufferOf[out] = requests.size() - 1;
            }
        }
        List<ArenaPlanner.Request> all = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            ArenaPlanner.Request r = requests.get(i);
            all.add(new ArenaPlanner.Request(r.label(), r.type(), r.elements(), lifetimes.get(i)[0], lifetimes.get(i)[1]));
        }
        List<StepScratch> scratch = new ArrayList<>();
        for (int s = 0; s < steps.size(); s++) {
            scratch.add(scratch(steps.get(s), kernels.get(steps.get(s).layer().index()), s, all));
        }
        List<Integer> buffers = new ArrayList<>();
        for (int b : bufferOf) {
            buffers.add(b);
        }
        return new BufferPlan(ArenaPlanner.plan(all), List.copyOf(buffers), List.copyOf(scratch));
    }

    /** The buffer of an input whose last reader is step {@code s} and whose storage type is {@code type}, if any. */
    private static int dyingInput(PlannedStep step, int[] bufferOf, List<ArenaPlanner.Request> requests,
                                  List<int[]> lifetimes, int s, CType type) {
        for (int t : step.inputTensors()) {
            int b = bufferOf[t];
            if (b >= 0 && lifetimes.get(b)[1] == s && requests.get(b).type() == type) {
                return b;
            }
        }
        return NOT_STORED;
    }

    private static StepScratch scratch(PlannedStep step, CKernel kernel, int s, List<ArenaPlanner.Request> all) {
        String name = step.layer().layer().name();
        if (kernel != null && kernel.usesLanes()) {
            LanePlan lp = step.lanes(kernel);
            WeightedLayer w = (WeightedLayer) step.layer().layer();
            all.add(new ArenaPlanner.Request(name + " input plane", lp.wordType(), lp.planeWords(), s, s));
            all.add(new ArenaPlanner.Request(name + " lookup tables", lp.wordType(), lp.tableWords(), s, s));
            all.add(new ArenaPlanner.Request(name + " lane sums", lp.wordType(), lp.sumWords(w.outputChannels()), s, s));
            int sums = all.size() - 1;
            int laneSums = -1;
            if (lp.lanesPerWord() > 1) {
                all.add(new ArenaPlanner.Request(name + " unpacked lane sums", lp.laneType(),
                        lp.sumLanes(w.outputChannels()), s, s));
                laneSums = all.size() - 1;
            }
            return new StepScratch(-1, sums - 1, sums - 2, sums, laneSums);
        }
        int window = -1;
        int tables = -1;
        if (step.weighted() && step.window().isPresent()) {
            // a sliding kernel gathers each position's fan-in into a window first
            all.add(new ArenaPlanner.Request(name + " window", CType.storage(step.layer().inputType()),
                    step.layer().fanIn(), s, s));
            window = all.size() - 1;
        }
        if (kernel == CKernel.LUT4) {
            all.add(new ArenaPlanner.Request(name + " lookup tables", tableType(step.layer().inputType()),
                    (long) CKernel.lutGroups(step.layer().fanIn()) * CKernel.LUT_ENTRIES, s, s));
            tables = all.size() - 1;
        }
        return new StepScratch(window, tables, -1, -1, -1);
    }

    /** Element type of the lut4 tables for inputs of type {@code in}: sums of four +-x. */
    static CType tableType(ActivationType in) {
        long magnitude = CKernel.LUT_GROUP * Math.max(in.max(), -in.min());
        return CType.signedHolding(-magnitude, magnitude);
    }

    long totalBytes() {
        return arena.totalBytes();
    }

    /** The step at which the most bytes are live, those bytes, and the buffers live then (largest first). */
    record Peak(int step, long bytes, List<ArenaPlanner.Request> live) {
    }

    Peak peak(int steps) {
        Peak best = null;
        for (int s = 0; s < steps; s++) {
            final int step = s;
            List<ArenaPlanner.Request> live = new ArrayList<>(arena.placements().stream().map(ArenaPlanner.Placement::request)
                    .filter(r -> r.firstStep() <= step && step <= r.lastStep()).toList());
            live.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
            long bytes = live.stream().mapToLong(ArenaPlanner.Request::bytes).sum();
            if (best == null || bytes > best.bytes()) {
                best = new Peak(s, bytes, List.copyOf(live));
            }
        }
        return best;
    }
}
