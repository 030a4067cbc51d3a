package dev.bwn.cli;

import dev.bwn.trainer.TrainingSetting;
import dev.bwn.trainer.ValueRange;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.function.DoubleFunction;

/**
 * Picocli converters for every numeric option of every command: a value that is not a number of the option's type,
 * not finite, or outside the option's range stops the command before it starts, with one line naming the option
 * (exit code 2). Training options take their ranges from {@link TrainingSetting}, so the command line, the run
 * options file and {@code TrainOptions} agree.
 */
final class NumericOptions {
    private NumericOptions() {
    }

    /** Parses an integer or a real as the range asks, then checks it. */
    abstract static class Checked implements ITypeConverter<Number> {
        private final boolean integer;
        private final DoubleFunction<String> problem;

        Checked(TrainingSetting setting) {
            this(setting.range().integer(), setting::problem);
        }

        Checked(ValueRange range) {
            this(range.integer(), range::problem);
        }

        private Checked(boolean integer, DoubleFunction<String> problem) {
            this.integer = integer;
            this.problem = problem;
        }

        @Override
        public Number convert(String text) {
            Number value;
            try {
                // Not a conditional expression: that would promote the Integer to a Double.
                if (integer) {
                    value = Integer.valueOf(text.strip());
                } else {
                    value = Double.valueOf(text.strip());
                }
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + text + "' is not " + (integer ? "an integer" : "a number"));
            }
            String why = problem.apply(value.doubleValue());
            if (why != null) {
                throw new TypeConversionException(why);
            }
            return value;
        }
    }

    static final class Epochs extends Checked {
        Epochs() {
            super(TrainingSetting.EPOCHS);
        }
    }

    static final class BatchSize extends Checked {
        BatchSize() {
            super(TrainingSetting.BATCH_SIZE);
        }
    }

    static final class LearningRate extends Checked {
        LearningRate() {
            super(TrainingSetting.LEARNING_RATE);
        }
    }

    static final class Momentum extends Checked {
        Momentum() {
            super(TrainingSetting.MOMENTUM);
        }
    }

    static final class WeightDecay extends Checked {
        WeightDecay() {
            super(TrainingSetting.WEIGHT_DECAY);
        }
    }

    static final class ActivationBits extends Checked {
        ActivationBits() {
            super(TrainingSetting.ACTIVATION_BITS);
        }
    }

    static final class AugmentShift extends Checked {
        AugmentShift() {
            super(TrainingSetting.AUGMENT_SHIFT);
        }
    }

    static final class BinaryTail extends Checked {
        BinaryTail() {
            super(TrainingSetting.BINARY_TAIL);
        }
    }

    static final class GroupSize extends Checked {
        GroupSize() {
            super(TrainingSetting.GROUP_SIZE);
        }
    }

    static final class CalibrationImages extends Checked {
        CalibrationImages() {
            super(TrainingSetting.CALIBRATION_IMAGES);
        }
    }

    static final class TrainLimit extends Checked {
        TrainLimit() {
            super(TrainingSetting.TRAIN_LIMIT);
        }
    }

    static final class TestLimit extends Checked {
        TestLimit() {
            super(TrainingSetting.TEST_LIMIT);
        }
    }

    /** A count of images or vectors to use: at least 1. */
    static final class Count extends Checked {
        static final ValueRange RANGE = ValueRange.integers(1, Integer.MAX_VALUE);

        Count() {
            super(RANGE);
        }
    }

    /** An accuracy threshold: a fraction in [0, 1]. */
    static final class Fraction extends Checked {
        static final ValueRange RANGE = ValueRange.reals(0, true, 1, true);

        Fraction() {
            super(RANGE);
        }
    }
}
