package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.TemplateEngine;
import dev.bwn.codegen.verilog.Bits;
import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.Engine;
import dev.bwn.codegen.verilog.board.Board;
import dev.bwn.codegen.verilog.board.BoardDesign;
import dev.bwn.codegen.verilog.board.BoardGenerator;
import dev.bwn.codegen.verilog.DotProductUnit;
import dev.bwn.codegen.verilog.DotView;
import dev.bwn.codegen.verilog.TemplateViews;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.codegen.verilog.VerilogLowering;
import dev.bwn.hwtests.c.StandInModels;
import dev.bwn.model.ActivationType;
import dev.bwn.model.Network;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;
import dev.bwn.model.random.RandomNetworks;
import dev.bwn.model.vectors.TestVectors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Verilog benchmark (benchmarks/verilog/run.sh; not a test): the shipped MNIST-tiny model (or its stand-in) on an
 * iCE40 UP5K through yosys and nextpnr (logic cells, EBRs, Fmax, images per second from the cycles Verilator measures),
 * the 256-input 8-bit addition-only dot product against a multiplier baseline of the same throughput, and the
 * estimator against yosys. Prints Markdown for docs/BENCHMARKS.md.
 */
public final class VerilogBenchmark {
    /** What the benchmark's generated files and designs name as their generator. */
    static final String TOOL = "bwn benchmark";

    private VerilogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path work = Path.of(args[1]);
        Files.createDirectories(work);
        Network tiny = StandInModels.shippedOrStandIn(root, StandInModels.TINY);
        boolean shipped = StandInModels.isShipped(root, StandInModels.TINY);
        System.out.println("### MNIST-tiny on iCE40 UP5K (" + (shipped ? "examples/mnist-tiny.bwn.json" : "stand-in: trainer's tiny "
                + "architecture with random weights, examples/mnist-tiny.bwn.json not shipped yet") + ")\n");
        List<String[]> estimates = new ArrayList<>();
        VerilogDesign design = VerilogLowering.lower(tiny, VerilogLowering.Options.auto(Device.UP5K, TOOL));
        Path designDir = work.resolve("tiny");
        GeneratedFolder.write(designDir, OutputKind.VERILOG_DESIGN, VerilogGenerator.files(design));
        DesignSummary summary = DesignSummary.read(designDir);
        Path vectors = work.resolve("tiny-vectors");
        TestVectors.write(tiny, RandomNetworks.randomInputs(tiny, 8, 1), vectors, false);
        VerilatorRunner.Result sim = VerilatorRunner.run(List.of(new VerilatorRunner.Job(designDir, vectors)),
                VerilatorRunner.Options.defaults(work.resolve("verilator")));
        VerilatorRunner.DesignResult simResult = sim.designs().get(0);
        NextpnrRunner.Placed placed = NextpnrRunner.up5k(summary, work, 1);
        YosysRunner.Stats stats = YosysRunner.synthesize(summary, YosysRunner.Flow.ICE40);
        double cycles = simResult.cyclesPerImage();
        String fmax = placed.fmaxMHz() > 0 ? String.format(Locale.ROOT, "%.1f MHz%s", placed.fmaxMHz(),
                placed.fmaxMHz() < 24 ? " (misses 24)" : "") : "does not fit";
        String rate = placed.fmaxMHz() > 0 ? String.format(Locale.ROOT, "%.0f", placed.fmaxMHz() * 1e6 / cycles) : "-";
        System.out.println("| folding (PE/SIMD, taps, per layer) | LCs | EBRs | DSPs | Fmax | cycles/image (Verilator) | images/s at Fmax | bit-exact |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
        System.out.printf(Locale.ROOT, "| %s | %d / %d | %d / %d | %d | %s | %.0f | %s | %s |%n%n", folding(design),
                placed.logicCells(), placed.logicCellsAvailable(), placed.blockRams(), placed.blockRamsAvailable(), placed.dsps(),
                fmax, cycles, rate,
                simResult.passed() ? simResult.vectors() + " vectors, 0 mismatches" : "FAILED: " + simResult.failure());
        estimates.add(row("MNIST-tiny (up5k folding)", design, stats));

        System.out.println("### MNIST-tiny board designs from their own Makefile (`gen verilog --board icebreaker`, `make`)\n");
        System.out.println("What a user builds: the board top (UART core, PLL, reset, LEDs) around the network, placed by the "
                + "design's own `make`; Fmax from nextpnr's report.json, cycles per image from the network in Verilator.\n");
        System.out.println("| board design | folding (PE/SIMD, taps, per layer) | LCs | EBRs | DSPs | Fmax | cycles/image (Verilator) | images/s at Fmax | bit-exact |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---|");
        boardRow(tiny, work, true);
        boardRow(tiny, work, false);
        System.out.println();

        System.out.println("### Dense layer, 256 inputs, 8-bit activations: addition-only unit vs multiplier baseline\n");
        System.out.println("Both take 256 activations and 256 weights per cycle and have the same adder tree with the same "
                + "register spacing; synthesized with `synth_ice40` without DSP inference so both are logic cells.\n");
        ActivationType u8 = ActivationType.UINT8;
        DotProductUnit adder = new DotProductUnit("dot256_addition", 256, u8, VerilogLowering.DEFAULT_REGISTER_EVERY, false);
        Path dotDir = work.resolve("dot256");
        Files.createDirectories(dotDir);
        Path adderFile = dotDir.resolve("dot256_addition.v");
        Files.writeString(adderFile, VerilogGenerator.render(new TemplateViews.DesignFacts(TOOL, "dense 256x8", List.of()),
                DotView.of(adder)));
        System.out.println("| unit | weights | SB_LUT4 | SB_CARRY | flip-flops | LCs (nextpnr) | ratio to addition-only |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        Placed adderPlaced = placeModule(dotDir, adderFile, "dot256_addition");
        YosysRunner.Stats adderStats = YosysRunner.synthesize(dotDir, List.of(adderFile), "dot256_addition",
                YosysRunner.Flow.ICE40, Duration.ofMinutes(20));
        printUnit("addition-only (bwn)", "1 bit (+-1)", adderStats, adderPlaced.logicCells(), adderPlaced.logicCells());
        for (int weightBits : new int[]{2, 8}) {
            String name = "dot256_multiply_w" + weightBits;
            Path file = dotDir.resolve(name + ".v");
            Files.writeString(file, multiplierBaseline(name, 256, u8, weightBits, VerilogLowering.DEFAULT_REGISTER_EVERY));
            YosysRunner.Stats s = YosysRunner.synthesize(dotDir, List.of(file), name, YosysRunner.Flow.ICE40, Duration.ofMinutes(20));
            Placed p = placeModule(dotDir, file, name);
            printUnit("multiplier baseline (`*`)", "int" + weightBits, s, p.logicCells(), adderPlaced.logicCells());
        }
        System.out.println();

        System.out.println("### Estimator vs yosys (`synth_ice40 -dsp`)\n");
        for (long seed : new long[]{11, 12, 13}) {
            Network net = RandomNetworks.generate(seed);
            VerilogDesign d = VerilogLowering.lower(net, VerilogLowering.Options.auto(Device.UP5K, TOOL));
            Path dir = work.resolve("random-" + seed);
            GeneratedFolder.write(dir, OutputKind.VERILOG_DESIGN, VerilogGenerator.files(d));
            estimates.add(row("random network seed " + seed + " (up5k folding)", d,
                    YosysRunner.synthesize(DesignSummary.read(dir), YosysRunner.Flow.ICE40)));
        }
        System.out.println("| design | LUTs est. | SB_LUT4 | LUT error | EBRs est. | SB_RAM40_4K | EBR error |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (String[] r : estimates) {
            System.out.println("| " + String.join(" | ", r) + " |");
        }
    }

    /**
     * One row: mnist-tiny as {@code bwn gen verilog --board icebreaker [--no-logit-answer]} writes it, built with its own
     * Makefile, and its network's cycles per image in Verilator.
     */
    private static void boardRow(Network tiny, Path work, boolean logitAnswer) throws Exception {
        VerilogDesign design = BoardDesign.chooseNetworkDesign(tiny, VerilogLowering.Options.auto(Device.UP5K, TOOL),
                Engine.AUTO, false, logitAnswer).design();
        BoardDesign board = BoardDesign.of(design, Board.ICEBREAKER, BoardDesign.DEFAULT_CLOCK_MHZ, BoardDesign.DEFAULT_BAUD,
                logitAnswer);
        String name = logitAnswer ? "board" : "board-no-logit-answer";
        Path boardDir = work.resolve(name);
        GeneratedFolder.write(boardDir, OutputKind.VERILOG_DESIGN, BoardGenerator.files(board));
        dev.bwn.hwtests.Processes.run(List.of("make"), boardDir, Duration.ofMinutes(60)).orThrow();
        com.fasterxml.jackson.databind.JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(boardDir.resolve("report.json").toFile());
        com.fasterxml.jackson.databind.JsonNode used = report.path("utilization");
        double fmax = report.path("fmax").path("clk").path("achieved").asDouble();
        Path designDir = work.resolve(name + "-network");
        GeneratedFolder.write(designDir, OutputKind.VERILOG_DESIGN, VerilogGenerator.files(design));
        Path vectors = work.resolve(name + "-vectors");
        TestVectors.write(tiny, RandomNetworks.randomInputs(tiny, 8, 1), vectors, false);
        VerilatorRunner.DesignResult sim = VerilatorRunner.run(List.of(new VerilatorRunner.Job(designDir, vectors)),
                VerilatorRunner.Options.defaults(work.resolve(name + "-verilator"))).designs().get(0);
        System.out.printf(Locale.ROOT, "| %s | %s | %d / %d | %d / %d | %d | %.2f MHz | %.0f | %.0f | %s |%n",
                logitAnswer ? "default ('L' sends the logits where they fit: " + (board.protocol().logitsAnswer() ? "yes" : "no") + ")"
                        : "`--no-logit-answer`", folding(design),
                used.path("ICESTORM_LC").path("used").asInt(), used.path("ICESTORM_LC").path("available").asInt(),
                used.path("ICESTORM_RAM").path("used").asInt(), used.path("ICESTORM_RAM").path("available").asInt(),
                used.path("ICESTORM_DSP").path("used").asInt(), fmax, sim.cyclesPerImage(), fmax * 1e6 / sim.cyclesPerImage(),
                sim.passed() ? sim.vectors() + " vectors, 0 mismatches" : "FAILED: " + sim.failure());
    }

    /** The folding per layer, e.g. {@code conv0 6/1 taps 3, dense2 2/4}. */
    private static String folding(VerilogDesign design) {
        StringBuilder folding = new StringBuilder();
        design.stages().forEach(s -> folding.append(folding.length() == 0 ? "" : ", ").append(s.layerName()).append(' ')
                .append(s.fold().pe()).append('/').append(s.fold().simd())
                .append(s.fold().taps() > 1 ? " taps " + s.fold().taps() : ""));
        return folding.toString();
    }

    private record Placed(int logicCells) {
    }

    private static Placed placeModule(Path dir, Path file, String top) throws Exception {
        Path json = dir.resolve(top + ".json");
        dev.bwn.hwtests.Processes.run(List.of("yosys", "-q", "-p", "read_verilog " + file.toAbsolutePath() + "; synth_ice40 -top "
                + top + " -json " + json.toAbsolutePath()), dir, Duration.ofMinutes(20)).orThrow();
        dev.bwn.hwtests.Processes.Result r = dev.bwn.hwtests.Processes.run(List.of("nextpnr-ice40", "--hx8k", "--package", "ct256",
                "--json", json.toString(), "--pack-only"), dir, Duration.ofMinutes(20));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("ICESTORM_LC:\\s+(\\d+)/").matcher(r.output());
        int lcs = -1;
        while (m.find()) {
            lcs = Integer.parseInt(m.group(1));
        }
        return new Placed(lcs);
    }

    private static void printUnit(String unit, String weights, YosysRunner.Stats s, int lcs, int adderLcs) {
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %s | %s |%n", unit, weights, s.luts(), s.count("SB_CARRY"),
                s.flipFlops(), lcs < 0 ? "(over HX8K)" : Integer.toString(lcs),
                lcs < 0 ? String.format(Locale.ROOT, "%.2f (LUTs)", (double) s.luts() / Math.max(1, adderLcs))
                        : String.format(Locale.ROOT, "%.2f", (double) lcs / adderLcs));
    }

    private static String[] row(String label, VerilogDesign d, YosysRunner.Stats s) {
        int lutEst = d.estimatedLuts();
        int ebrEst = d.estimatedBlockRams();
        return new String[]{label, Integer.toString(lutEst), Integer.toString(s.luts()), percent(lutEst, s.luts()),
                Integer.toString(ebrEst), Integer.toString(s.blockRams()), percent(ebrEst, s.blockRams())};
    }

    private static String percent(int estimate, int actual) {
        if (actual == 0) {
            return estimate == 0 ? "0%" : "n/a";
        }
        return String.format(Locale.ROOT, "%+.0f%%", 100.0 * (estimate - actual) / actual);
    }

    /**
     * The data of {@code benchmark/multiplier_dot.v.ftl}: module {@code name}, {@code lanes} products of
     * {@code inputType} activations ({@code inputBits} each, {@code xBits} in all) with {@code weightBits}-bit weights
     * ({@code wBits} in all), then the adder tree level by level ({@code levels}, a node registered or not) down to
     * {@code root}, {@code outputBits} wide.
     */
    public record MultiplierDotView(String name, String tool, int lanes, String inputType, int inputBits, int weightBits,
                                    int xBits, int wBits, int productBits, int outputBits, List<Product> products,
                                    List<List<SumNode>> levels, String root) {
        public MultiplierDotView {
            products = List.copyOf(products);
            levels = levels.stream().map(List::copyOf).toList();
        }

        /** Product {@code index}: its signed multiplication. */
        public record Product(int index, String expression) {
        }

        /** An adder-tree node: the wire or register {@code name}, {@code bits} wide, and its sum. */
        public record SumNode(String name, int bits, String expression, boolean registered) {
        }
    }

    /**
     * The baseline: each product x_j * w_j with {@code *} (w signed, {@code weightBits} wide), then the same balanced tree
     * as the addition-only unit, its node widths derived from the product range in the same way.
     */
    static String multiplierBaseline(String name, int lanes, ActivationType in, int weightBits, int registerEvery) {
        long wMin = -(1L << (weightBits - 1));
        long wMax = (1L << (weightBits - 1)) - 1;
        long pMin = Math.min(in.min() * wMax, in.max() * wMin);
        long pMax = Math.max(in.max() * wMax, in.min() * wMin);
        int productBits = Bits.signedBits(pMin, pMax);
        int xb = in.bits();
        List<MultiplierDotView.Product> products = new ArrayList<>();
        for (int j = 0; j < lanes; j++) {
            String x = in.signed() ? "$signed(x[" + (j * xb + xb - 1) + ":" + (j * xb) + "])"
                    : "$signed({1'b0, x[" + (j * xb + xb - 1) + ":" + (j * xb) + "]})";
            String w = "$signed(w[" + (j * weightBits + weightBits - 1) + ":" + (j * weightBits) + "])";
            products.add(new MultiplierDotView.Product(j, x + " * " + w));
        }
        List<List<MultiplierDotView.SumNode>> levels = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        List<Integer> leaves = new ArrayList<>();
        for (int j = 0; j < lanes; j++) {
            names.add("product_" + j);
            widths.add(productBits);
            leaves.add(1);
        }
        int level = 1;
        String root = names.get(0);
        while (names.size() > 1) {
            List<MultiplierDotView.SumNode> nodes = new ArrayList<>();
            List<String> nextNames = new ArrayList<>();
            List<Integer> nextWidths = new ArrayList<>();
            List<Integer> nextLeaves = new ArrayList<>();
            boolean isRoot = names.size() <= 2;
            boolean registered = isRoot || (level + 1) % registerEvery == 0;
            for (int k = 0; k < names.size(); k += 2) {
                int covered = leaves.get(k) + (k + 1 < names.size() ? leaves.get(k + 1) : 0);
                int bits = Bits.signedBits(covered * pMin, covered * pMax);
                String expr = Bits.signExtend(names.get(k), widths.get(k), bits);
                if (k + 1 < names.size()) {
                    expr += " + " + Bits.signExtend(names.get(k + 1), widths.get(k + 1), bits);
                }
                String n = "sum" + level + "_" + (k / 2);
                nodes.add(new MultiplierDotView.SumNode(n, bits, expr, registered));
                nextNames.add(n);
                nextWidths.add(bits);
                nextLeaves.add(covered);
            }
            levels.add(nodes);
            names = nextNames;
            widths = nextWidths;
            leaves = nextLeaves;
            root = names.get(0);
            level++;
        }
        MultiplierDotView data = new MultiplierDotView(name, TOOL, lanes, in.label(), xb, weightBits, lanes * xb,
                lanes * weightBits, productBits, widths.get(0), products, levels, root);
        return TemplateEngine.render("verilog/benchmark/multiplier_dot.v.ftl", data);
    }
}
