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
 * The sliding window of a layer, and the conv + pool fusion capability, answered by each kind through
 * {@link LayerVisitor} (so a new kind does not compile until it says whether it slides a window and whether it fuses)
 * for both backends: conv2d slides its kernel with padding and takes a following pool into its loop; max-pool slides
 * its window without padding and is the pool that can be taken; dense, flatten, add and globalavgpool slide none.
 *
 * @param padY rows of zero padding above and below (0 for a max-pool)
 * @param padX columns of zero padding left and right (0 for a max-pool)
 */
public record LayerWindow(int kernelHeight, int kernelWidth, int strideY, int strideX, int padY, int padX) {

    /** The window a layer slides over its input, if it slides one. */
    public static Optional<LayerWindow> of(Layer layer) {
        return layer.accept(ANSWERS).window();
    }

    /** The window of a layer that a preceding conv may compute in its own loop (a max-pool), empty for other kinds. */
    public static Optional<LayerWindow> fusablePool(Layer layer) {
        Answers a = layer.accept(ANSWERS);
        return a.fusablePool() ? a.window() : Optional.empty();
    }

    /** Whether a layer can take a following pool into its loop, computing the pooled output directly (conv2d). */
    public static boolean takesFollowingPool(Layer layer) {
        return layer.accept(ANSWERS).takesFollowingPool();
    }

    /** Windows that neither overlap nor leave gaps. */
    public boolean tiles() {
        return kernelHeight == strideY && kernelWidth == strideX;
    }

    /** Windows that do not overlap (stride at least the kernel), so fusing computes nothing twice. */
    public boolean disjoint() {
        return strideY >= kernelHeight && strideX >= kernelWidth;
    }

    public boolean singlePosition() {
        return kernelHeight == 1 && kernelWidth == 1;
    }

    /** What one kind answers: its window, whether it is a pool a conv can take, whether it takes one. */
    private record Answers(Optional<LayerWindow> window, boolean fusablePool, boolean takesFollowingPool) {
        static final Answers NONE = new Answers(Optional.empty(), false, false);
    }

    private static final LayerVisitor<Answers> ANSWERS = new LayerVisitor<>() {
        @Override
        public Answers conv2d(Conv2d c) {
            return new Answers(Optional.of(new LayerWindow(c.kernelHeight(), c.kernelWidth(), c.strideY(), c.strideX(), c.padY(),
                    c.padX())), false, true);
        }

        // a dense output is one pixel: no window slides, and there is nothing to pool over
        @Override
        public Answers dense(Dense layer) {
            return Answers.NONE;
        }

        @Override
        public Answers maxPool(MaxPool p) {
            return new Answers(Optional.of(new LayerWindow(p.kernelHeight(), p.kernelWidth(), p.strideY(), p.strideX(), 0, 0)),
                    true, false);
        }

        @Override
        public Answers flatten(Flatten layer) {
            return Answers.NONE;
        }

        @Override
        public Answers add(Add layer) {
            return Answers.NONE;
        }

        // its sum over the whole map is not a window maximum
        @Override
        public Answers globalAvgPool(GlobalAvgPool layer) {
            return Answers.NONE;
        }
    };
}
