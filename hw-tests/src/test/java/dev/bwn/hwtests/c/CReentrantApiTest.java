package dev.bwn.hwtests.c;

import dev.bwn.codegen.c.CGenerator;
import dev.bwn.codegen.c.CKernel;
import dev.bwn.codegen.c.COptions;
import dev.bwn.codegen.c.CType;
import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.Network;
import dev.bwn.model.Outputs;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reentrant API ({@code NAME_infer_with}) in one program: two different models (a chain as NAME.h + NAME.c, a
 * residual graph as a single header) and two instances of the first (two scratch buffers), called interleaved and
 * from three threads at once, each result bit-exact with the Java reference; {@code NAME_infer} (the static default
 * scratch) alongside; a NULL or misaligned scratch and a NULL input rejected with the documented return codes and
 * nothing written. gcc (with AddressSanitizer and UndefinedBehaviorSanitizer) and clang -O2, both
 * {@code -std=c99 -Wall -Wextra -Werror -pedantic}.
 */
class CReentrantApiTest {
    private static final int VECTORS = 8;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gcc", "clang"})
    void twoModelsAndTwoInstancesRunTogetherBitExact(String compiler, @TempDir Path dir) throws Exception {
        RequireTools.require(compiler);
        Network chain = CFixtures.randomNetwork(32);
        Network graph = CFixtures.randomGraph(25_003);
        // model_a on lut4swar: its 64-bit lane words make NAME_SCRATCH_ALIGN 8, so offsets 1..7 must all be refused
        COptions optionsA = COptions.defaults().withName("model_a").withKernel(CKernel.LUT4SWAR);
        assertEquals("8", CGenerator.generate(chain, optionsA).model().arena().align(), "model_a has no lut4swar conv");
        CDesign a = CDesign.generate(chain, optionsA, dir.resolve("a"), dir);
        CDesign b = CDesign.generate(graph, COptions.defaults().withName("model_b").withSingleHeader(true), dir.resolve("b"), dir);
        String program = program(a, chain, RandomNetworks.randomInputs(chain, VECTORS, 7),
                b, graph, RandomNetworks.randomInputs(graph, VECTORS, 8));
        Files.writeString(dir.resolve("main.c"), program, StandardCharsets.UTF_8);
        List<String> cc = new ArrayList<>(List.of(compiler));
        cc.addAll(CHostRunner.STRICT_FLAGS);
        if (compiler.equals("gcc")) {
            cc.addAll(List.of("-O1", "-g", "-fsanitize=address,undefined", "-fno-sanitize-recover=all"));
        } else {
            cc.add("-O2"); // Debian's clang ships without the sanitizer runtimes (libclang-rt-dev)
        }
        cc.addAll(List.of("-pthread", "-Ia", "-Ib", "-o", "reentrant", "main.c", "a/model_a.c"));
        Processes.run(cc, dir, Duration.ofMinutes(3)).orThrow();
        Processes.Result run = Processes.run(List.of("./reentrant"), dir, Duration.ofMinutes(2));
        assertTrue(run.output().contains("bwn-reentrant-done 0\n"), run.output());
        assertEquals(0, run.exitCode(), run.output());
    }

    /**
     * main.c: per model the inputs and the reference's logits and class as arrays, then the interleaved calls, the
     * threads and the argument checks; prints one line per mismatch and the sentinel with their count.
     */
    private static String program(CDesign a, Network chain, List<int[]> inputsA, CDesign b, Network graph, List<int[]> inputsB) {
        StringBuilder c = new StringBuilder();
        c.append("#define _POSIX_C_SOURCE 200809L\n#include <pthread.h>\n#include <stdio.h>\n#include <string.h>\n")
                .append("#include \"model_a.h\"\n#define MODEL_B_IMPLEMENTATION\n#include \"model_b.h\"\n\n");
        vectors(c, "a", a, chain, inputsA);
        vectors(c, "b", b, graph, inputsB);
        c.append("""
                static unsigned long mismatches;
                static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

                static void mismatch(const char *what, int vector)
                {
                    pthread_mutex_lock(&lock);
                    printf("mismatch %s vector %d\\n", what, vector);
                    mismatches++;
                    pthread_mutex_unlock(&lock);
                }

                static int same(int got, const int32_t *logits, const int32_t *expected, int classes)
                {
                    return got == (int)expected[classes] && memcmp(logits, expected, sizeof(int32_t) * (size_t)classes) == 0;
                }

                static model_a_scratch scratch_a1, scratch_a2;
                static model_b_scratch scratch_b;

                static void check_a(model_a_scratch *scratch, int v, const char *what)
                {
                    int32_t logits[MODEL_A_CLASSES];
                    if (!same(model_a_infer_with(scratch, a_inputs[v], logits), logits, a_expected[v], MODEL_A_CLASSES)) {
                        mismatch(what, v);
                    }
                }

                static void check_b(int v, const char *what)
                {
                    int32_t logits[MODEL_B_CLASSES];
                    if (!same(model_b_infer_with(&scratch_b, b_inputs[v], logits), logits, b_expected[v], MODEL_B_CLASSES)) {
                        mismatch(what, v);
                    }
                }

                static void *run_a(void *scratch)
                {
                    int round, v;
                    for (round = 0; round < 20; round++) {
                        for (v = 0; v < VECTORS; v++) {
                            check_a((model_a_scratch *)scratch, v, "model_a thread");
                        }
                    }
                    return NULL;
                }

                static void *run_b(void *unused)
                {
                    int round, v;
                    (void)unused;
                    for (round = 0; round < 20; round++) {
                        for (v = 0; v < VECTORS; v++) {
                            check_b(v, "model_b thread");
                        }
                    }
                    return NULL;
                }

                int main(void)
                {
                    pthread_t threads[3];
                    int32_t logits[MODEL_A_CLASSES];
                    int v, k;
                    /* interleaved: each call on one instance lies between two calls on the other and on model_b */
                    for (v = 0; v < VECTORS; v++) {
                        check_a(&scratch_a1, v, "model_a instance 1");
                        check_a(&scratch_a2, (v + 1) % VECTORS, "model_a instance 2");
                        check_b(v, "model_b");
                        if (!same(model_a_infer(a_inputs[v], logits), logits, a_expected[v], MODEL_A_CLASSES)) {
                            mismatch("model_a_infer", v);
                        }
                    }
                    pthread_create(&threads[0], NULL, run_a, &scratch_a1);
                    pthread_create(&threads[1], NULL, run_a, &scratch_a2);
                    pthread_create(&threads[2], NULL, run_b, NULL);
                    for (k = 0; k < 3; k++) {
                        pthread_join(threads[k], NULL);
                    }
                    /* rejected arguments: the documented codes, and the logits left alone */
                    for (k = 0; k < (int)MODEL_A_CLASSES; k++) {
                        logits[k] = 12345;
                    }
                    if (model_a_infer_with(NULL, a_inputs[0], logits) != MODEL_A_ERROR_SCRATCH) {
                        mismatch("NULL scratch not rejected", 0);
                    }
                    for (k = 1; k < (int)MODEL_A_SCRATCH_ALIGN; k++) {
                        if (model_a_infer_with((unsigned char *)&scratch_a1 + k, a_inputs[0], logits) != MODEL_A_ERROR_SCRATCH) {
                            mismatch("misaligned scratch not rejected", k);
                        }
                    }
                    if (model_b_infer_with((unsigned char *)&scratch_b + 2, b_inputs[0], logits) != MODEL_B_ERROR_SCRATCH) {
                        mismatch("misaligned scratch not rejected", 2);
                    }
                    if (model_a_infer_with(&scratch_a1, NULL, logits) != MODEL_A_ERROR_INPUT
                            || model_a_infer(NULL, logits) != MODEL_A_ERROR_INPUT) {
                        mismatch("NULL input not rejected", 0);
                    }
                    for (k = 0; k < (int)MODEL_A_CLASSES; k++) {
                        if (logits[k] != 12345) {
                            mismatch("a rejected call wrote logits", 0);
                            break;
                        }
                    }
                    if (sizeof(model_a_scratch) != MODEL_A_SCRATCH_BYTES || sizeof(model_b_scratch) != MODEL_B_SCRATCH_BYTES) {
                        mismatch("scratch size", 0);
                    }
                    printf("bwn-reentrant-done %lu\\n", mismatches);
                    return mismatches != 0;
                }
                """);
        return c.toString();
    }

    /** {@code NAME_inputs[VECTORS][INPUT_SIZE]} and {@code NAME_expected[VECTORS][CLASSES + 1]} (logits, then the class). */
    private static void vectors(StringBuilder c, String name, CDesign design, Network net, List<int[]> inputs) {
        String macro = design.macroPrefix();
        String inputType = CType.storage(net.inputType()).spelling();
        c.append("#ifndef VECTORS\n#define VECTORS ").append(inputs.size()).append("\n#endif\n");
        c.append("static const ").append(inputType).append(' ').append(name).append("_inputs[VECTORS][")
                .append(macro).append("_INPUT_SIZE] = {\n");
        for (int[] input : inputs) {
            c.append("    ").append(initializer(input)).append(",\n");
        }
        c.append("};\nstatic const int32_t ").append(name).append("_expected[VECTORS][").append(macro).append("_CLASSES + 1] = {\n");
        for (int[] input : inputs) {
            Outputs out = net.infer(input);
            int[] row = java.util.Arrays.copyOf(out.logits(), out.logits().length + 1);
            row[row.length - 1] = out.predictedClass();
            c.append("    ").append(initializer(row)).append(",\n");
        }
        c.append("};\n\n");
    }

    /** {@code {v, v, ...}} with each value spelled so that it has its value whatever the width of int. */
    private static String initializer(int[] values) {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        for (int v : values) {
            j.add(v == Integer.MIN_VALUE ? "(-2147483647L - 1)" : v + "L");
        }
        return j.toString();
    }
}
