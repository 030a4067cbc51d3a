package dev.bwn.codegen;

import dev.bwn.model.Add;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.Flatten;
import dev.bwn.model.GlobalAvgPool;
import dev.bwn.model.Layer;
import dev.bwn.model.LayerVisitor;
import dev.bwn.model.MaxPool;

import java.util.Optional;

/**
 * What the code generators ask of a layer kind besides its lowering, answered by each kind in one place through
 * {@link LayerVisitor} (a new kind does not compile until it answers), so no backend tests for a kind by name.
 *
 * @param window             the window the kind slides over its input, if it slides one
 * @param fusablePool        whether a preceding conv may compute it in its own loop (a max-pool)
 * @param takesFollowingPool whether it takes a following pool into its loop, computing the pooled output (conv2d)
 * @param writesInPlace      whether its C kernel may write its output over an input whose last reader it is: it reads
 *                           each value before writing the value at the same index (a kind whose output is its input
 *                           itself, like flatten, says so with {@link Layer#aliasesInput()} instead)
 * @param inFloatBaseline    whether the benchmark-only C float baseline prints it (it covers chains of the shipped
 *                           models' kinds and refuses the rest in one line)
 */
public record KindFacts(Optional<LayerWindow> window, boolean fusablePool, boolean takesFollowingPool,
                        boolean writesInPlace, boolean inFloatBaseline) {

    /** A kind of the elementwise family ({@link dev.bwn.model.ElementwiseLayer}): one generic step per backend. */
    public static final KindFacts ELEMENTWISE = new KindFacts(Optional.empty(), false, false, true, false);

    public static KindFacts of(Layer layer) {
        return layer.accept(ANSWERS);
    }

    /** The window of a kind that a preceding conv may compute in its own loop, empty for other kinds. */
    public Optional<LayerWindow> poolWindow() {
        return fusablePool ? window : Optional.empty();
    }

    private static final LayerVisitor<KindFacts> ANSWERS = new LayerVisitor<>() {
        @Override
        public KindFacts conv2d(Conv2d c) {
            return new KindFacts(Optional.of(new LayerWindow(c.kernelHeight(), c.kernelWidth(), c.strideY(), c.strideX(),
                    c.padY(), c.padX())), false, true, false, true);
        }

        // a dense output is one pixel: no window slides, and there is nothing to pool over
        @Override
        public KindFacts dense(Dense layer) {
            return new KindFacts(Optional.empty(), false, false, false, true);
        }

        @Override
        public KindFacts maxPool(MaxPool p) {
            return new KindFacts(Optional.of(new LayerWindow(p.kernelHeight(), p.kernelWidth(), p.strideY(), p.strideX(), 0, 0)),
                    true, false, false, true);
        }

        @Override
        public KindFacts flatten(Flatten layer) {
            return new KindFacts(Optional.empty(), false, false, false, true);
        }

        @Override
        public KindFacts add(Add layer) {
            return ELEMENTWISE;
        }

        // its sum over the whole map is not a window maximum
        @Override
        public KindFacts globalAvgPool(GlobalAvgPool layer) {
            return new KindFacts(Optional.empty(), false, false, false, false);
        }
    };
}
