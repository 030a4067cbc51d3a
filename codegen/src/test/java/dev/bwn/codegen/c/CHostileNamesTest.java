package dev.bwn.codegen.c;

import dev.bwn.model.ActivationType;
import dev.bwn.model.Dense;
import dev.bwn.model.Flatten;
import dev.bwn.model.Layer;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.RequantMode;
import dev.bwn.model.Shape;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Names from a model file reach C only as sanitized identifiers, or inside comments that they cannot close. */
class CHostileNamesTest {
    static final String INJECTION = "x); system(\"rm -rf /\"); //";
    private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);

    /** A network whose model and layer names try to break out of identifiers, strings and comments. */
    static Network hostile() {
        SplittableRandom rnd = new SplittableRandom(1);
        ActivationType s16 = new ActivationType(16, true);
        List<Layer> layers = List.of(
                new Flatten("*/ #include </etc/passwd> /*"),
                new Dense(INJECTION, 4, RandomNetworks.randomWeights(rnd, 4, 12),
                        RandomNetworks.randomRequant(rnd, 4, 12, ActivationType.UINT8, ActivationType.UINT8, RequantMode.MULTIPLY),
                        ActivationType.UINT8),
                new Dense("int", 3, RandomNetworks.randomWeights(rnd, 3, 4),
                        RandomNetworks.randomRequant(rnd, 3, 4, ActivationType.UINT8, s16, RequantMode.MULTIPLY), s16));
        Provenance p = new Provenance("test */ evil(); /*", "data\\\"set", null, null, null, null, null,
                Map.of("note", "ends a comment */ and starts one /*", "trailing", "continues a Makefile comment \\"));
        return new Network("main\"); exit(1); /*", p, new Shape(3, 2, 2), ActivationType.UINT8, RequantMode.MULTIPLY, layers);
    }

    @Test
    void modelNamesNeverLeaveCommentsOrIdentifiers() {
        CGenerator.Output out = CGenerator.generate(hostile(), COptions.defaults());
        for (Map.Entry<String, String> file : out.files().entrySet()) {
            if (file.getKey().equals("README.md")) {
                continue; // documentation: the model's name is text there, never code
            }
            String code = file.getKey().endsWith("Makefile")
                    ? Pattern.compile("(?m)^#.*$").matcher(file.getValue()).replaceAll("")
                    : BLOCK_COMMENT.matcher(file.getValue()).replaceAll(" ");
            assertFalse(code.contains("system("), file.getKey() + " has the injected call outside a comment");
            assertFalse(code.contains("evil("), file.getKey());
            assertFalse(code.contains("exit(1)"), file.getKey());
            assertFalse(code.contains("/etc/passwd"), file.getKey());
            assertFalse(code.contains("*/"), file.getKey() + " has a stray comment terminator");
        }
        assertFalse(out.files().get("Makefile").contains("\\\n"), "a Makefile comment ends in a backslash");
        assertFalse(out.files().get("cortex-m/Makefile").contains("\\\n"), "a Makefile comment ends in a backslash");
        String header = out.files().get(out.model().headerFile());
        assertTrue(header.contains("int main_exit_1_infer("), "model name sanitized into the prefix");
        String source = out.files().get(out.model().sourceFile());
        assertTrue(source.contains("main_exit_1_l1_x_system_rm_rf("), "layer name sanitized into the function name");
        assertTrue(source.contains("main_exit_1_l2_l_int("), "a C keyword as layer name is prefixed");
    }
}
