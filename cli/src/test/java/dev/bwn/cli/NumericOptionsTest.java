package dev.bwn.cli;

import dev.bwn.model.RepoRoot;
import dev.bwn.trainer.TrainingSetting;
import dev.bwn.trainer.ValueRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every numeric option of train, demo, eval and verify refuses values that are not numbers of its type, not finite,
 * or outside its documented range: exit 2, one line naming the option, nothing written. {@code --help} states each
 * training option's range as {@link TrainingSetting} defines it.
 */
class NumericOptionsTest {
    private static final String MODEL = RepoRoot.find().resolve("examples/mnist-tiny.bwn.json").toString();

    @TempDir
    Path dir;

    /** Values just outside the range at both ends, the non-finite ones, and text. */
    static List<String> badValues(ValueRange range) {
        List<String> bad = new ArrayList<>(List.of("NaN", "Infinity", "-Infinity", "x"));
        if (range.integer()) {
            bad.add(Long.toString((long) range.min() - 1));
            bad.add(Long.toString((long) range.max() + 1));
            bad.add("1.5");
        } else {
            bad.add(Double.toString(range.minInclusive() ? Math.nextDown(range.min()) : range.min()));
            bad.add(Double.toString(range.maxInclusive() ? Math.nextUp(range.max()) : range.max()));
        }
        return bad;
    }

    static Stream<Arguments> badTrainingOptions() {
        List<Arguments> cases = new ArrayList<>();
        for (TrainingSetting setting : TrainingSetting.values()) {
            for (String value : badValues(setting.range())) {
                cases.add(Arguments.of(setting.option(), value));
            }
        }
        cases.add(Arguments.of("--group-size", "1"));
        return cases.stream();
    }

    @ParameterizedTest(name = "train {0} {1}")
    @MethodSource("badTrainingOptions")
    void trainRefusesAnOutOfRangeValue(String option, String value) throws IOException {
        Map<String, String> before = FolderSnapshot.withoutEmptyLocks(dir);
        CliRun.bwn("train", "--dataset", dir.resolve("no-such-data").toString(), "--out", dir.resolve("run").toString(),
                option, value).assertRefused("'" + option + "'");
        assertEquals(before, FolderSnapshot.withoutEmptyLocks(dir));
    }

    static Stream<Arguments> badOptionsOfOtherCommands() {
        List<Arguments> cases = new ArrayList<>();
        for (String value : badValues(NumericOptions.Fraction.RANGE)) {
            cases.add(Arguments.of(List.of("eval", MODEL, "--dataset", "mnist", "--min-accuracy", value), "--min-accuracy"));
        }
        for (String value : badValues(NumericOptions.Count.RANGE)) {
            cases.add(Arguments.of(List.of("eval", MODEL, "--dataset", "mnist", "--limit", value), "--limit"));
            cases.add(Arguments.of(List.of("verify", MODEL, "--vectors", value), "--vectors"));
            cases.add(Arguments.of(List.of("demo", "--qemu-vectors", value), "--qemu-vectors"));
            cases.add(Arguments.of(List.of("demo", "--verilog-vectors", value), "--verilog-vectors"));
        }
        for (TrainingSetting shared : List.of(TrainingSetting.EPOCHS, TrainingSetting.TRAIN_LIMIT)) {
            for (String value : badValues(shared.range())) {
                cases.add(Arguments.of(List.of("demo", shared.option(), value), shared.option()));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOptionsOfOtherCommands")
    void otherCommandsRefuseAnOutOfRangeValue(List<String> args, String option) throws IOException {
        Map<String, String> before = FolderSnapshot.withoutEmptyLocks(dir);
        List<String> withOut = new ArrayList<>(args);
        if (args.get(0).equals("demo")) {
            withOut.addAll(List.of("--out", dir.resolve("demo").toString()));
        }
        CliRun.bwn(withOut.toArray(String[]::new)).assertRefused("'" + option + "'");
        assertEquals(before, FolderSnapshot.withoutEmptyLocks(dir));
    }

    @Test
    void helpStatesEveryTrainingRange() {
        CliRun help = CliRun.bwn("train", "--help");
        String text = help.out().replaceAll("\\s+", " ");
        for (TrainingSetting setting : TrainingSetting.values()) {
            int at = text.lastIndexOf(setting.option() + "=");
            assertTrue(at >= 0, setting.option() + " missing from --help");
            int next = text.indexOf(" --", at + setting.option().length());
            String description = text.substring(at, next < 0 ? text.length() : next);
            assertTrue(description.contains(setting.bounds()), setting.option() + " help does not state "
                    + setting.bounds() + ": " + description);
        }
    }
}
