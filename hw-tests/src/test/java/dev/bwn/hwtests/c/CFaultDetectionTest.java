package dev.bwn.hwtests.c;

import dev.bwn.hwtests.RequireTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner must notice a broken design: the bit-exact suites are only worth something if they can fail. */
class CFaultDetectionTest {
    private static final Pattern WORD = Pattern.compile("0x([0-9A-F]{8})u");

    @Test
    void aFlippedWeightBitIsCaught(@TempDir Path dir) throws Exception {
        RequireTools.require("gcc");
        CDesign design = firstTwoFileDesign(dir);
        Path source = design.designDir().resolve(design.prefix() + ".c");
        String text = Files.readString(source, StandardCharsets.UTF_8);
        Matcher m = WORD.matcher(text);
        assertTrue(m.find(), "no packed weight word in " + source);
        int flipped = Integer.parseUnsignedInt(m.group(1), 16) ^ 1;
        Files.writeString(source, text.substring(0, m.start()) + String.format("0x%08Xu", flipped) + text.substring(m.end()),
                StandardCharsets.UTF_8);
        CRunResult r = CHostRunner.run(List.of(design), dir, CHostRunner.Options.defaults()).get(0);
        assertFalse(r.passed(), "a flipped weight bit went unnoticed:\n" + r.log());
        assertFalse(r.mismatches().isEmpty());
    }

    @Test
    void aSubtractionTurnedIntoAnAdditionIsCaught(@TempDir Path dir) throws Exception {
        RequireTools.require("gcc");
        CDesign design = firstTwoFileDesign(dir);
        Path source = design.designDir().resolve(design.prefix() + ".c");
        String text = Files.readString(source, StandardCharsets.UTF_8);
        String mutated = text.replace("acc -= x[b];", "acc += x[b];").replace("t0 = -(x0 + x1 + x2 + x3);",
                "t0 = (x0 + x1 + x2 + x3);");
        assertTrue(!mutated.equals(text), "nothing to mutate in " + source);
        Files.writeString(source, mutated, StandardCharsets.UTF_8);
        CRunResult r = CHostRunner.run(List.of(design), dir, CHostRunner.Options.defaults()).get(0);
        assertFalse(r.passed(), "a dot product that only adds went unnoticed:\n" + r.log());
    }

    @Test
    void aProgramThatStopsEarlyDoesNotPass(@TempDir Path dir) throws Exception {
        RequireTools.require("gcc");
        CDesign design = firstTwoFileDesign(dir);
        Path example = design.designDir().resolve(design.prefix() + "_example.c");
        String text = Files.readString(example, StandardCharsets.UTF_8);
        Files.writeString(example, text.replace("predicted = " + design.prefix() + "_infer(input, logits);",
                "predicted = " + design.prefix() + "_infer(input, logits);\n        if (vectors == 2) { return 0; }"),
                StandardCharsets.UTF_8);
        CRunResult r = CHostRunner.run(List.of(design), dir, CHostRunner.Options.defaults()).get(0);
        assertFalse(r.passed(), "an early exit passed:\n" + r.log());
    }

    private static CDesign firstTwoFileDesign(Path dir) throws Exception {
        for (long seed = 1; ; seed++) {
            if (!CFixtures.randomOptions(seed).singleHeader()) {
                return CFixtures.randomDesigns(seed, 1, dir).get(0);
            }
        }
    }
}
