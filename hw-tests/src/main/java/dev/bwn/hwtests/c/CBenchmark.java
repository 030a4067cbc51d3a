package dev.bwn.hwtests.c;

import dev.bwn.codegen.c.CFloatBaseline;
import dev.bwn.codegen.c.CGenerator;
import dev.bwn.codegen.c.CKernel;
import dev.bwn.codegen.c.CModel;
import dev.bwn.codegen.c.COptions;
import dev.bwn.hwtests.Processes;
import dev.bwn.model.Network;
import dev.bwn.model.data.Dataset;
import dev.bwn.model.data.Split;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;
import dev.bwn.model.vectors.TestVectors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The C backend's benchmark (run by {@code benchmarks/c/run.sh}, never by the test suite): for each shipped MNIST model
 * (or its stand-in), Cortex-M4 flash and RAM from {@code arm-none-eabi-size}, and x86-64 instructions per inference
 * from callgrind, per binary MAC, next to a plain float C baseline of the same network measured in the same run.
 * Prints a Markdown table.
 *
 * <p>Usage: {@code CBenchmark REPO_ROOT WORK_DIR [VECTORS]}
 */
public final class CBenchmark {
    private static final Duration TIMEOUT = Duration.ofMinutes(20);
    private static final String SCALAR = "lut4v, scalar (gcc -O2 -fno-tree-vectorize)";
    private static final String SWAR_SCALAR = "lut4swar, scalar (gcc -O2 -fno-tree-vectorize)";
    /** The classic 6-16-120-84 LeNet-5, measured when the repository ships it. */
    private static final String LENET5_CLASSIC = "mnist-lenet5-classic";

    private CBenchmark() {
    }

    record Row(String model, boolean shipped, String kernel, long macs, long binaryWeights, long packedBytes, long floorBytes,
               long text, long rodata, long data, long bss, double instructionsPerInference, double floatInstructions) {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]));
        int vectors = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        List<int[]> images = Arrays.asList(Dataset.load(Dataset.MNIST, Split.TEST).head(vectors).images());
        List<Row> rows = new ArrayList<>();
        List<String> models = new ArrayList<>(List.of(StandInModels.TINY, StandInModels.LENET5));
        if (StandInModels.isShipped(repo, LENET5_CLASSIC)) {
            models.add(LENET5_CLASSIC);
        }
        for (String name : models) {
            Network net = StandInModels.shippedOrStandIn(repo, name);
            boolean shipped = StandInModels.isShipped(repo, name);
            Path vectorDir = work.resolve(name + "-vectors");
            TestVectors.write(net, images, vectorDir, false);
            double floatIr = floatBaseline(net, work.resolve(name + "-float"), vectorDir, vectors);
            Map<String, COptions> configs = new LinkedHashMap<>();
            configs.put("auto", COptions.defaults());
            configs.put("auto, --ram-budget 2048", COptions.defaults().withRamBudget(2048));
            configs.put("addsub", COptions.defaults().withKernel(CKernel.ADDSUB));
            configs.put("lut4", COptions.defaults().withKernel(CKernel.LUT4));
            configs.put("lut4v", COptions.defaults().withKernel(CKernel.LUT4V));
            // The lut4v lane loops are plain C that gcc -O2 vectorizes (SSE2 on x86-64); this row shows them scalar.
            configs.put(SCALAR, COptions.defaults().withKernel(CKernel.LUT4V));
            configs.put("lut4swar", COptions.defaults().withKernel(CKernel.LUT4SWAR));
            // lut4swar is for compilers that do not vectorize: two 16-bit lanes per 32-bit add, four per 64-bit add
            configs.put(SWAR_SCALAR, COptions.defaults().withKernel(CKernel.LUT4SWAR));
            for (Map.Entry<String, COptions> config : configs.entrySet()) {
                Path dir = work.resolve(name + "-" + config.getKey().replaceAll("[^a-z0-9]+", "_"));
                CGenerator.Output out = CGenerator.generate(net, config.getValue());
                GeneratedFolder.write(dir, OutputKind.C_DESIGN, out.files());
                CModel m = out.model();
                Map<String, Long> sections = m4Sections(dir, m);
                double ir = instructionsPerInference(dir, m, vectorDir, vectors,
                        config.getKey().equals(SCALAR) || config.getKey().equals(SWAR_SCALAR)
                                ? List.of("-fno-tree-vectorize") : List.of());
                rows.add(new Row(net.name(), shipped, config.getKey(), net.binaryMacs(), net.binaryWeights(),
                        m.memory().packedWeightBytes(), m.memory().weightFloorBytes(), sections.getOrDefault(".text", 0L),
                        sections.getOrDefault(".rodata", 0L), sections.getOrDefault(".data", 0L), sections.getOrDefault(".bss", 0L),
                        ir, floatIr));
            }
        }
        System.out.println(table(rows, vectors));
    }

    /** {@code arm-none-eabi-size -A} of NAME.c built for Cortex-M4 with -Os: bytes per section. */
    static Map<String, Long> m4Sections(Path dir, CModel m) {
        Path object = dir.resolve(m.prefix() + "_m4.o");
        Processes.run(List.of("arm-none-eabi-gcc", "-mcpu=cortex-m4", "-mthumb", "-Os", "-std=c99", "-Wall", "-Wextra",
                "-Werror", "-pedantic", "-ffunction-sections", "-fdata-sections", "-c", m.sourceFile(), "-o", object.toString()),
                dir, TIMEOUT).orThrow();
        String size = Processes.run(List.of("arm-none-eabi-size", "-A", object.toString()), dir, TIMEOUT).orThrow().output();
        Map<String, Long> sections = new LinkedHashMap<>();
        for (String line : size.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].startsWith(".") && f[1].matches("\\d+")) {
                String base = f[0].startsWith(".text") ? ".text" : f[0].startsWith(".rodata") ? ".rodata"
                        : f[0].startsWith(".bss") ? ".bss" : f[0].startsWith(".data") ? ".data" : f[0];
                sections.merge(base, Long.parseLong(f[1]), Long::sum);
            }
        }
        return sections;
    }

    /** Callgrind's inclusive instruction count of NAME_infer over the vectors, per inference (gcc -O2, x86-64). */
    static double instructionsPerInference(Path dir, CModel m, Path vectorDir, int vectors, List<String> extraFlags)
            throws IOException {
        Path binary = dir.resolve(m.prefix() + "_bench");
        List<String> cc = new ArrayList<>(List.of("gcc", "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-pedantic"));
        cc.addAll(extraFlags);
        cc.addAll(List.of("-o", binary.toString(), m.exampleFile()));
        if (!m.singleHeader()) {
            cc.add(m.sourceFile());
        }
        Processes.run(cc, dir, TIMEOUT).orThrow();
        return callgrind(dir, binary, vectorDir, m.prefix() + "_infer") / vectors;
    }

    static double floatBaseline(Network net, Path dir, Path vectorDir, int vectors) throws IOException {
        Files.createDirectories(dir);
        String prefix = "baseline";
        Files.writeString(dir.resolve(prefix + "_float.c"), CFloatBaseline.generate(net, prefix), StandardCharsets.UTF_8);
        Path binary = dir.resolve(prefix + "_float");
        Processes.run(List.of("gcc", "-std=c99", "-O2", "-o", binary.toString(), prefix + "_float.c", "-lm"), dir, TIMEOUT).orThrow();
        return callgrind(dir, binary, vectorDir, prefix + "_float_infer") / vectors;
    }

    private static final Pattern IR = Pattern.compile("^\\s*([0-9,]+)\\s+\\([^)]*\\)\\s+.*?\\b(\\w+)\\b");

    static long callgrind(Path dir, Path binary, Path vectorDir, String function) {
        Path out = dir.resolve(binary.getFileName() + ".callgrind");
        Processes.run(List.of("valgrind", "--tool=callgrind", "--callgrind-out-file=" + out, binary.toString(),
                vectorDir.toAbsolutePath().toString()), dir, TIMEOUT).orThrow();
        String annotated = Processes.run(List.of("callgrind_annotate", "--inclusive=yes", "--threshold=100", out.toString()), dir,
                TIMEOUT).orThrow().output();
        for (String line : annotated.split("\n")) {
            if (line.contains(function + " ") || line.endsWith(function) || line.contains(":" + function + " ")
                    || line.contains(":" + function + "\n") || line.matches(".*[: ]" + function + "( .*)?$")) {
                Matcher m = Pattern.compile("^\\s*([0-9,]+)").matcher(line);
                if (m.find()) {
                    return Long.parseLong(m.group(1).replace(",", ""));
                }
            }
        }
        throw new IllegalStateException("no callgrind line for " + function + " in\n" + annotated);
    }

    static String table(List<Row> rows, int vectors) {
        StringBuilder sb = new StringBuilder();
        sb.append("| model | kernel | binary MACs | weights flash / floor (bytes) | code .text | .rodata | RAM .bss+.data "
                + "| M4 flash total | x86-64 instr./inference | instr. / binary MAC | float baseline instr. | float / bwn |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s%s | %s | %d | %d / %d (+%.1f%%) | %d | %d | %d | %d | %.0f | %.3f | %.0f | %.2f |%n",
                    r.model(), r.shipped() ? "" : " (stand-in)", r.kernel(), r.macs(), r.packedBytes(), r.floorBytes(),
                    100.0 * (r.packedBytes() - r.floorBytes()) / r.floorBytes(), r.text(), r.rodata(), r.bss() + r.data(),
                    r.text() + r.rodata() + r.data(), r.instructionsPerInference(), r.instructionsPerInference() / r.macs(),
                    r.floatInstructions(), r.floatInstructions() / r.instructionsPerInference()));
        }
        sb.append(String.format(Locale.ROOT, "%nInstructions: callgrind, inclusive count of NAME_infer over %d MNIST test images, "
                + "gcc -std=c99 -O2, x86-64. Flash/RAM: NAME.c alone, arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os "
                + "-ffunction-sections -fdata-sections; stack not included.%n", vectors));
        return sb.toString();
    }
}
