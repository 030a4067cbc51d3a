package dev.bwn.codegen.c;

import dev.bwn.codegen.c.CModel.BufferRef;
import dev.bwn.codegen.c.CModel.Conv;
import dev.bwn.codegen.c.CModel.Helper;
import dev.bwn.codegen.c.CModel.Lanes;
import dev.bwn.codegen.c.CModel.Pool;
import dev.bwn.codegen.c.CModel.Requant;
import dev.bwn.codegen.c.CModel.SumRequant;
import dev.bwn.codegen.c.CModel.Tap;
import dev.bwn.codegen.c.CModel.Weights;

import java.util.ArrayList;
import java.util.List;

/**
 * One step of {@code NAME_infer}, one record type per step kind, every field set. {@link #template()} names the
 * template under {@code c/} that prints the step: its macro {@code emit} writes the step's constants and function, its
 * macro {@code call} the statement in {@code NAME_infer}. A template missing for a step fails the rendering; nothing
 * falls through to another kind.
 */
public sealed interface CStep permits CStep.WeightedStep, CStep.MovingStep, CStep.ElementwiseStep,
        CStep.GlobalAvgPoolStep {

    /** The template file (relative to {@code c/}) with this step's {@code emit} and {@code call} macros. */
    String template();

    /** The index of the layer whose tensor the step writes first (a fused pool's conv). */
    String layerIndex();

    /** One comment line describing the layer(s) of the step. */
    String comment();

    /** The tensor the step writes. */
    BufferRef output();

    /** Whether the step only renames its input (its output is the same bytes), so no data moves. */
    default boolean movesNoData() {
        return false;
    }

    /** The tensors the step reads. */
    List<BufferRef> inputs();

    /**
     * True when the step's code reads its input element by element through {@link BufferRef#read()} (so the input may
     * be in flash); false when it hands the input to a shared kernel or aliases it.
     */
    default boolean readsInputElementwise() {
        return false;
    }

    /** Helper functions the step calls. */
    List<Helper> helpers();

    /** Bytes of requantization constants the step emits. */
    long constantBytes();

    /** A step of a layer with binary weights: packed weights, a dot-product kernel, the requantization after it. */
    sealed interface WeightedStep extends CStep permits ConvStep, ConvPoolStep, ConvLanesStep, DenseStep {
        Weights weights();

        Requant requant();

        @Override
        default List<Helper> helpers() {
            return concat(weights().helpers(), requant().helpers());
        }

        @Override
        default long constantBytes() {
            return requant().constantBytes();
        }
    }

    /** A conv2d on the addsub or lut4 kernel; {@code tables} is the lut4 tables' buffer, absent for addsub. */
    record ConvStep(String layerIndex, String layerName, String function, String comment, BufferRef input,
                    BufferRef output, BufferRef window, BufferRef tables, Weights weights, Requant requant, Conv conv,
                    Tap tap) implements WeightedStep {
        @Override
        public List<BufferRef> inputs() {
            return List.of(input);
        }

        @Override
        public boolean readsInputElementwise() {
            return true;
        }

        @Override
        public String template() {
            return "conv2d.c.ftl";
        }
    }

    /** A conv2d fused with the non-overlapping max-pool after it: the conv map is never stored. */
    record ConvPoolStep(String layerIndex, String layerName, String function, String comment, BufferRef input,
                        BufferRef output, BufferRef window, BufferRef tables, Weights weights, Requant requant,
                        Conv conv, Pool pool, Tap tap) implements WeightedStep {
        @Override
        public List<BufferRef> inputs() {
            return List.of(input);
        }

        @Override
        public boolean readsInputElementwise() {
            return true;
        }

        @Override
        public String template() {
            return "conv2d_pool.c.ftl";
        }
    }

    /** A conv2d on the lut4v kernel; {@code pool} is the fused max-pool, absent when none is fused. */
    record ConvLanesStep(String layerIndex, String layerName, String function, String comment, BufferRef input,
                         BufferRef output, BufferRef tables, Weights weights, Requant requant, Conv conv, Pool pool,
                         boolean fusedPool, Tap tap, Lanes lanes) implements WeightedStep {
        @Override
        public List<BufferRef> inputs() {
            return List.of(input);
        }

        @Override
        public boolean readsInputElementwise() {
            return true;
        }

        @Override
        public String template() {
            return "conv2d_lut4v.c.ftl";
        }

        @Override
        public List<Helper> helpers() {
            return concat(concat(weights.helpers(), requant.helpers()), lanes.helpers());
        }
    }

    /** A dense layer; {@code tables} is the lut4 tables' buffer, absent for addsub. */
    record DenseStep(String layerIndex, String layerName, String function, String comment, BufferRef input,
                     BufferRef output, BufferRef tables, Weights weights, Requant requant, Tap tap) implements WeightedStep {
        @Override
        public List<BufferRef> inputs() {
            return List.of(input);
        }

        @Override
        public String template() {
            return "dense.c.ftl";
        }
    }

    /** A step that only moves or picks values: no helper functions, no constants. */
    sealed interface MovingStep extends CStep permits MaxPoolStep, FlattenStep {
        @Override
        default List<Helper> helpers() {
            return List.of();
        }

        @Override
        default long constantBytes() {
            return 0;
        }
    }

    /** A stand-alone max-pool. */
    record MaxPoolStep(String layerIndex, String layerName, String function, String comment, BufferRef input,
                       BufferRef output, Pool pool) implements MovingStep {
        @Override
        public List<BufferRef> inputs() {
            return List.of(input);
        }

        @Override
        public boolean readsInputElementwise() {
            return true;
        }

        @Override
        public String template() {
            return "maxpool.c.ftl";
        }
    }

    /** A flatten: its tensor is its input's memory; only the debug build reports its values. */
    record FlattenStep(String layerIndex, String layerName, String comment, BufferRef input, BufferRef output)
            implements MovingStep {
        @Override
        public List<BufferRef> inputs() {
            return List.of(input);
        }

        @Override
        public String template() {
            return "flatten.c.ftl";
        }

        @Override
        public boolean movesNoData() {
            return true;
        }
    }

    /**
     * A kind of the elementwise family ({@code add}): per value the {@link SumRequant} of the values at the same index
     * of {@code inputs} ({@code channels} planes of {@code plane} values each); the output may be the memory of an
     * input it is the last reader of (each value is read before it is written).
     */
    record ElementwiseStep(String layerIndex, String layerName, String function, String comment, List<BufferRef> inputs,
                           BufferRef output, String channels, String plane, SumRequant requant, Tap tap)
            implements CStep {
        public ElementwiseStep {
            inputs = List.copyOf(inputs);
        }

        @Override
        public String template() {
            return "elementwise.c.ftl";
        }

        @Override
        public List<Helper> helpers() {
            return requant.helpers();
        }

        @Override
        public long constantBytes() {
            return requant.constantBytes();
        }
    }

    /** A global average pool: per channel the sum of {@code plane} values, requantized. */
    record GlobalAvgPoolStep(String layerIndex, String layerName, String function, String comment, BufferRef input,
                             BufferRef output, String channels, String plane, Requant requant, Tap tap)
            implements CStep {
        @Override
        public List<BufferRef> inputs() {
            return List.of(input);
        }

        @Override
        public String template() {
            return "globalavgpool.c.ftl";
        }

        @Override
        public List<Helper> helpers() {
            return requant.helpers();
        }

        @Override
        public long constantBytes() {
            return requant.constantBytes();
        }
    }

    static List<Helper> concat(List<Helper> a, List<Helper> b) {
        List<Helper> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
