package dev.bwn.hwtests.c;

import dev.bwn.codegen.Identifiers;
import dev.bwn.codegen.TemplateEngine;
import dev.bwn.codegen.c.CLiterals;
import dev.bwn.codegen.c.CLowering;
import dev.bwn.hwtests.Processes;
import dev.bwn.model.vectors.TestVectors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the host and QEMU runners share: the batch driver, and reading what the examples printed. */
final class CRuns {
    private CRuns() {
    }

    /** The data of {@code c/batch_main.c.ftl}: the generator its header names and the examples it runs, in order. */
    public record BatchMainView(String generator, List<Example> designs) {
        public BatchMainView {
            designs = List.copyOf(designs);
        }

        /** A model's example: its function prefix and the C string literal of its vector folder. */
        public record Example(String prefix, String vectorsLiteral) {
        }
    }

    /** Writes {@code batch_main.c}, which runs every design's example on its vectors, into {@code workDir}. */
    static Path writeBatchMain(List<CDesign> designs, Path workDir) throws IOException {
        return writeBatchMain(designs, workDir, false);
    }

    /**
     * As {@link #writeBatchMain(List, Path)}; with {@code vectorsInWorkingFolder} the one design reads its vectors from
     * the folder the program is started in, so one build runs on any slice of the vectors.
     */
    static Path writeBatchMain(List<CDesign> designs, Path workDir, boolean vectorsInWorkingFolder) throws IOException {
        if (vectorsInWorkingFolder && designs.size() != 1) {
            throw new IllegalArgumentException("vectors in the working folder need exactly one design");
        }
        List<BatchMainView.Example> entries = new ArrayList<>();
        for (CDesign d : designs) {
            String dir = vectorsInWorkingFolder ? "." : d.vectorsDir().toAbsolutePath().toString();
            entries.add(new BatchMainView.Example(d.prefix(), CLiterals.string(dir)));
        }
        String text = TemplateEngine.render("c/batch_main.c.ftl", new BatchMainView(CLowering.BACKEND, entries));
        Path main = workDir.resolve(Identifiers.C_BATCH_MAIN + ".c");
        Files.writeString(main, text, StandardCharsets.UTF_8);
        return main;
    }

    /** Compiler arguments common to a batch: each design's macros and sources, then the driver. */
    static List<String> batchArguments(List<CDesign> designs, Path batchMain, boolean debug) {
        List<String> args = new ArrayList<>();
        for (CDesign d : designs) {
            args.add("-D" + d.macroPrefix() + "_EXAMPLE_NO_MAIN");
            if (debug) {
                args.add("-D" + d.macroPrefix() + "_DEBUG");
            }
        }
        for (CDesign d : designs) {
            for (Path source : d.sources()) {
                args.add(source.toAbsolutePath().toString());
            }
        }
        args.add(batchMain.toAbsolutePath().toString());
        return args;
    }

    /**
     * Runs a batch program built with its vectors in the working folder on one slice: in the slice's vector folder,
     * with the design's vectors there. {@code command} is the program, or the emulator command line that runs it.
     */
    static CRunResult runSlice(List<String> command, CDesign design, Path sliceVectors, Duration timeout) {
        Processes.Result run = Processes.run(command, sliceVectors, timeout);
        CDesign onSlice = new CDesign(design.network(), design.designDir(), design.prefix(), design.singleHeader(), sliceVectors);
        return parse(List.of(onSlice), run.output() + "\n[exit " + run.exitCode() + "]").get(0);
    }

    /** Reads the examples' output and checks every reported vector against the vector files once more. */
    static List<CRunResult> parse(List<CDesign> designs, String output) {
        Map<String, List<CRunResult.VectorResult>> results = new LinkedHashMap<>();
        Map<String, List<String>> mismatches = new HashMap<>();
        Map<String, Boolean> done = new HashMap<>();
        for (CDesign d : designs) {
            results.put(d.prefix(), new ArrayList<>());
            mismatches.put(d.prefix(), new ArrayList<>());
        }
        Map<String, List<int[]>> reported = new HashMap<>();
        for (String line : output.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2 || !results.containsKey(f[1])) {
                continue;
            }
            switch (f[0]) {
                case "result" -> {
                    // result PREFIX VECTOR CLASS LOGIT...
                    int[] r = new int[f.length - 2];
                    for (int i = 0; i < r.length; i++) {
                        r[i] = Integer.parseInt(f[i + 2]);
                    }
                    reported.computeIfAbsent(f[1], k -> new ArrayList<>()).add(r);
                }
                case "mismatch", "error" -> mismatches.get(f[1]).add(line.trim());
                case "bwn-example-done" -> done.put(f[1], true);
                default -> {
                }
            }
        }
        List<CRunResult> out = new ArrayList<>();
        for (CDesign d : designs) {
            List<int[]> expectedLogits = TestVectors.readValues(d.vectorsDir().resolve(TestVectors.LOGITS), d.network().classes());
            List<int[]> expectedClasses = TestVectors.readValues(d.vectorsDir().resolve(TestVectors.CLASSES), 1);
            List<String> bad = mismatches.get(d.prefix());
            List<CRunResult.VectorResult> vectors = results.get(d.prefix());
            for (int[] r : reported.getOrDefault(d.prefix(), List.of())) {
                int index = r[0];
                int predicted = r[1];
                int[] logits = Arrays.copyOfRange(r, 2, r.length);
                boolean matches = index < expectedLogits.size() && predicted == expectedClasses.get(index)[0]
                        && Arrays.equals(logits, expectedLogits.get(index));
                String prefixOfVector = "mismatch " + d.prefix() + " vector " + index + " ";
                boolean reportedBad = bad.stream().anyMatch(l -> l.startsWith(prefixOfVector));
                if (!matches && !reportedBad) {
                    bad.add("mismatch " + d.prefix() + " vector " + index + " differs from the vector files (runner check)");
                }
                vectors.add(new CRunResult.VectorResult(index, predicted, logits, matches && !reportedBad));
            }
            out.add(new CRunResult(d.prefix(), expectedClasses.size(), List.copyOf(vectors), List.copyOf(bad),
                    done.getOrDefault(d.prefix(), false), output));
        }
        return out;
    }
}
