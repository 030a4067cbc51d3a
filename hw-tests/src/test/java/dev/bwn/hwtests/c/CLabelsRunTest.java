package dev.bwn.hwtests.c;

import dev.bwn.codegen.c.COptions;
import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.Network;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Class labels that would break naive C generation (quotes and a call, a backslash, a comment end, a trigraph, format
 * directives) compile under {@code -std=c99 -Werror -pedantic} with gcc and clang, in both packagings, and
 * {@code NAME_labels[]} prints each one unchanged.
 */
class CLabelsRunTest {
    private static final List<String> HOSTILE = List.of("\"); system(\"rm -rf /\"); //", "back\\slash", "*/ int x; /*",
            "??/", "%s%n%d", "'", "T-shirt/top", "Ankle boot");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gcc", "clang"})
    void hostileLabelsCompileAndPrintUnchanged(String compiler, @TempDir Path dir) throws Exception {
        RequireTools.require(compiler);
        Network plain = CFixtures.randomNetwork(41);
        List<String> labels = new ArrayList<>();
        for (int k = 0; k < plain.classes(); k++) {
            labels.add(HOSTILE.get(k % HOSTILE.size()) + (k >= HOSTILE.size() ? " " + k : ""));
        }
        Network net = plain.withLabels(labels);
        boolean single = compiler.equals("clang");
        CDesign design = CDesign.generate(net, COptions.defaults().withName("lab").withSingleHeader(single), dir.resolve("c"), dir);
        Files.writeString(dir.resolve("main.c"), """
                #include <stdio.h>
                %s#include "lab.h"

                int main(void)
                {
                    unsigned int k;
                    for (k = 0u; k < LAB_CLASSES; k++) {
                        fputs(lab_labels[k], stdout);
                        putchar('\\n');
                    }
                    return 0;
                }
                """.formatted(single ? "#define LAB_IMPLEMENTATION\n" : ""), StandardCharsets.UTF_8);
        List<String> cc = new ArrayList<>(List.of(compiler));
        cc.addAll(CHostRunner.STRICT_FLAGS);
        cc.addAll(List.of("-O1", "-Ic", "-o", "labels", "main.c"));
        if (!single) {
            cc.add("c/lab.c");
        }
        Processes.run(cc, dir, Duration.ofMinutes(2)).orThrow();
        Processes.Result run = Processes.run(List.of("./labels"), dir, Duration.ofMinutes(1)).orThrow();
        assertEquals(String.join("\n", labels) + "\n", run.output());
        assertEquals(design.prefix(), "lab");
    }
}
