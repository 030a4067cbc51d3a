package dev.bwn.hwtests;

import dev.bwn.codegen.c.COptions;
import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.Engine;
import dev.bwn.codegen.verilog.EngineChoice;
import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.VerilogLowering;
import dev.bwn.codegen.verilog.board.Board;
import dev.bwn.codegen.verilog.board.BoardDesign;
import dev.bwn.codegen.verilog.board.BoardGenerator;
import dev.bwn.hwtests.c.CDesign;
import dev.bwn.hwtests.c.CHostRunner;
import dev.bwn.hwtests.c.CQemuRunner;
import dev.bwn.hwtests.c.CRunResult;
import dev.bwn.hwtests.verilog.BoardSimulator;
import dev.bwn.hwtests.verilog.BoardSummary;
import dev.bwn.hwtests.verilog.DesignSummary;
import dev.bwn.hwtests.verilog.NetlistRunner;
import dev.bwn.hwtests.verilog.VerilatorRunner;
import dev.bwn.model.Network;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;
import dev.bwn.model.vectors.TestVectors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Checks generated designs against the Java reference, bit for bit: writes the reference's test vectors, generates
 * each target's design (or takes one generated earlier), builds it with the real tools, runs it, and compares.
 * The engine behind {@code bwn verify}, {@code bwn demo} and the mutation tests.
 */
public final class Verifier {
    /** A place a design runs. */
    public enum Target {
        C("c", "c", List.of("gcc"), false),
        C_QEMU("c-qemu", "c", List.of("arm-none-eabi-gcc", "qemu-system-arm"), false),
        VERILOG("verilog", "verilog", List.of("verilator"), true),
        /** The board design's UART core in Verilator; not part of {@code all} (a frame takes ~1.6M cycles). */
        BOARD("board", "verilog", List.of("verilator"), true),
        /** The yosys iCE40 netlist of the Verilog design, with yosys' cell models, in Verilator (not part of "all"). */
        NETLIST("netlist", "verilog", List.of("yosys", "verilator"), true);

        /** What {@code all} means: every target but the board and netlist simulations. */
        public static final List<Target> ALL = List.of(C, C_QEMU, VERILOG);

        private final String spelling;
        private final String designFolder;
        private final List<String> tools;
        /** The simulator ends at its first mismatch (Verilator's testbench); C runs every vector and counts them. */
        private final boolean stopsAtFirstMismatch;

        Target(String spelling, String designFolder, List<String> tools, boolean stopsAtFirstMismatch) {
            this.spelling = spelling;
            this.designFolder = designFolder;
            this.tools = tools;
            this.stopsAtFirstMismatch = stopsAtFirstMismatch;
        }

        public String spelling() {
            return spelling;
        }

        /** Sub-folder of a design root ({@code bwn demo}'s layout) that holds this target's design. */
        public String designFolder() {
            return designFolder;
        }

        public List<String> tools() {
            return tools;
        }

        public boolean stopsAtFirstMismatch() {
            return stopsAtFirstMismatch;
        }

        /** The target spelled {@code spelling}, if any. */
        public static java.util.Optional<Target> bySpelling(String spelling) {
            return java.util.Arrays.stream(values()).filter(t -> t.spelling.equals(spelling)).findFirst();
        }

        /**
         * Parses {@code c}, {@code c-qemu}, {@code verilog}, {@code netlist}, {@code all}, or a comma-separated list of
         * them; {@code all} is the three targets that need no synthesis (c, c-qemu, verilog).
         */
        public static List<Target> parseList(String text) {
            Set<Target> out = new LinkedHashSet<>();
            for (String part : text.split(",")) {
                String p = part.trim().toLowerCase(Locale.ROOT);
                if (p.equals("all")) {
                    out.addAll(ALL);
                    continue;
                }
                out.add(bySpelling(p).orElseThrow(() -> new IllegalArgumentException(
                        "unknown target \"" + part + "\"; expected c, c-qemu, verilog, board, netlist or all")));
            }
            return List.copyOf(out);
        }
    }

    /**
     * What to verify. {@code designRoot} is null to generate into {@code workDir}; otherwise it is either the design
     * folder of the one target, or a folder with {@code c/} and {@code verilog/} inside. {@code firstVector}: the
     * global index of {@code inputs}' first vector (non-zero for a shard), so mismatches name the index in the whole
     * set. {@code jobs}: simulator processes run at once, each on its own slice of the vectors.
     */
    public record Request(Network network, List<Target> targets, List<int[]> inputs, Path designRoot, Path workDir,
                          long seed, Device device, boolean trace, int firstVector, int jobs) {
        public Request {
            if (jobs < 1) {
                throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
            }
        }

        /** All vectors from index 0, one process per core. */
        public Request(Network network, List<Target> targets, List<int[]> inputs, Path designRoot, Path workDir,
                       long seed, Device device, boolean trace) {
            this(network, targets, inputs, designRoot, workDir, seed, device, trace, 0, Runtime.getRuntime().availableProcessors());
        }
    }

    private Verifier() {
    }

    /** Tools a request needs that are not on PATH. */
    public static List<String> missingTools(List<Target> targets) {
        List<String> missing = new ArrayList<>();
        for (Target t : targets) {
            for (String tool : t.tools()) {
                if (Tools.find(tool).isEmpty() && !missing.contains(tool)) {
                    missing.add(tool);
                }
            }
        }
        return missing;
    }

    /**
     * Reads the summaries a given design folder must hold for {@code targets} (a board design's {@code board.txt}, a
     * Verilog design's {@code design.txt}), so
     * that a wrong folder is refused before any vector is written. Throws InputFileException.
     */
    public static void checkDesignFolder(List<Target> targets, Path designRoot) {
        if (designRoot != null && targets.contains(Target.BOARD)) {
            BoardSummary.read(designDir(designRoot, Target.BOARD));
        }
        if (designRoot != null && targets.contains(Target.VERILOG)) {
            // e.g. a design whose weights come over a board's UART, which only the board simulation sends
            DesignSummary.read(designDir(designRoot, Target.VERILOG));
        }
    }

    public static List<TargetResult> run(Request r, Consumer<String> messages) throws IOException {
        return run(r, messages, target -> SlicedRun.Progress.NONE);
    }

    /**
     * Writes the reference vectors in contiguous slices ({@code workDir/vectors/slice-NNN}), then runs each target on
     * every slice, {@code jobs} simulator processes at a time, each target built once; {@code progressFor} gives the
     * listener that hears about each finished slice of a target.
     */
    public static List<TargetResult> run(Request r, Consumer<String> messages,
                                         Function<String, SlicedRun.Progress> progressFor) throws IOException {
        int count = r.inputs().size();
        if (count == 0) {
            // Zero vectors would pass nothing and fail nothing; callers turn this into bad input.
            throw new IllegalArgumentException("no vectors to verify");
        }
        // Per-layer files let the C debug build and the Verilator taps name the first layer that differs; they cost
        // disk for big runs.
        boolean perLayer = count <= 2000 && TestVectors.overLimit(r.network(), count, true).isEmpty();
        messages.accept("writing " + count + " reference vectors");
        List<SlicedRun.Slice> slices = writeSlices(r, perLayer);
        List<TargetResult> results = new ArrayList<>();
        for (Target t : r.targets()) {
            messages.accept("verifying " + t.spelling() + (slices.size() > 1
                    ? " (" + slices.size() + " slices, " + Math.min(r.jobs(), slices.size()) + " at a time)" : ""));
            long start = System.nanoTime();
            TargetResult result;
            try {
                result = runTarget(r, t, slices, perLayer, progressFor.apply(t.spelling()), start);
            } catch (Processes.ToolFailure e) {
                String firstLine = e.getMessage().lines().findFirst().orElse("tool failed");
                result = new TargetResult(t.spelling(), 0, 0, "build failed: " + firstLine, 0, seconds(start));
            }
            results.add(result);
        }
        return results;
    }

    private static List<SlicedRun.Slice> writeSlices(Request r, boolean perLayer) throws IOException {
        // a trace is for reading one simulation: keep it in one file
        int[] bounds = r.trace() ? new int[]{0, r.inputs().size()} : SlicedRun.boundaries(r.inputs().size(), r.jobs(), true);
        Path vectors = r.workDir().resolve("vectors");
        List<SlicedRun.Slice> slices = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.length; i++) {
            slices.add(new SlicedRun.Slice(i, r.firstVector() + bounds[i], bounds[i + 1] - bounds[i],
                    vectors.resolve(String.format(Locale.ROOT, "slice-%03d", i))));
        }
        // the reference runs on every input: slices in parallel too
        SlicedRun.runAll(slices, r.jobs(), s -> {
            int from = s.first() - r.firstVector();
            TestVectors.write(r.network(), r.inputs().subList(from, from + s.count()), s.vectorsDir(), perLayer);
            return new SlicedRun.SliceResult(s.count(), 0, null, 0, 0, false);
        }, SlicedRun.Progress.NONE);
        return slices;
    }

    private static TargetResult runTarget(Request r, Target t, List<SlicedRun.Slice> slices, boolean perLayer,
                                          SlicedRun.Progress progress, long start) throws IOException {
        Path work = r.workDir().resolve(t.spelling());
        Files.createDirectories(work);
        SlicedRun.SliceTask task = switch (t) {
            case C, C_QEMU -> cSliceTask(r, t, work, slices.get(0), perLayer);
            case VERILOG -> verilogSliceTask(r, work, slices, perLayer, false);
            case BOARD -> boardSliceTask(r, work);
            case NETLIST -> verilogSliceTask(r, work, slices, false, true);
        };
        if (task == null) {
            return new TargetResult(t.spelling(), 0, 0, "verilator build failed", 0, seconds(start));
        }
        List<SlicedRun.SliceResult> results = SlicedRun.runAll(slices, r.jobs(), task, progress);
        return SlicedRun.merge(t.spelling(), slices, results, seconds(start));
    }

    /** Compiles the C design once (host or Cortex-M3 image); each slice runs it in the slice's vector folder. */
    private static SlicedRun.SliceTask cSliceTask(Request r, Target t, Path work, SlicedRun.Slice anySlice, boolean perLayer)
            throws IOException {
        CDesign design = r.designRoot() == null
                ? CDesign.generate(r.network(), COptions.defaults(), r.workDir().resolve("design-c"), anySlice.vectorsDir())
                : CDesign.existing(r.network(), designDir(r.designRoot(), t), anySlice.vectorsDir());
        if (t == Target.C) {
            CHostRunner.Options options = CHostRunner.Options.defaults().withDebug(perLayer);
            Path binary = CHostRunner.compileForSlices(design, work, options);
            return s -> cSliceResult(CHostRunner.runSlice(binary, design, s.vectorsDir(), options), s);
        }
        CQemuRunner.Options options = CQemuRunner.Options.cortexM3();
        Path image = CQemuRunner.compileForSlices(design, work, options);
        return s -> cSliceResult(CQemuRunner.runSlice(image, design, s.vectorsDir(), options), s);
    }

    private static SlicedRun.SliceResult cSliceResult(CRunResult run, SlicedRun.Slice s) {
        TargetResult local = run.toTargetResult("", 0);
        return new SlicedRun.SliceResult(local.vectors(), local.mismatches(),
                SlicedRun.globalVectorIndex(local.firstMismatch(), s.first()), 0, 0, Target.C.stopsAtFirstMismatch());
    }

    /**
     * Builds the Verilator simulation once (of the RTL, or of its iCE40 netlist when {@code netlist}); each slice runs it
     * (both passes) on the slice's vectors. Null: the build failed.
     */
    private static SlicedRun.SliceTask verilogSliceTask(Request r, Path work, List<SlicedRun.Slice> slices, boolean perLayer,
                                                        boolean netlist) throws IOException {
        Path rtlDir;
        if (r.designRoot() == null) {
            rtlDir = r.workDir().resolve("design-verilog");
            GeneratedFolder.write(rtlDir, OutputKind.VERILOG_DESIGN, VerilogGenerator.files(
                    EngineChoice.choose(r.network(), VerilogLowering.Options.auto(r.device(), "bwn"), Engine.AUTO).design()));
        } else {
            rtlDir = designDir(r.designRoot(), Target.VERILOG);
        }
        Path designDir = netlist ? NetlistRunner.synthesize(rtlDir, work.resolve("netlist"), Duration.ofMinutes(30)).dir() : rtlDir;
        List<DesignSummary> designs = List.of(DesignSummary.read(designDir));
        // with per-layer files, taps name the first layer that differs instead of only the logits
        VerilatorRunner.Options base = VerilatorRunner.Options.defaults(work.resolve("cache"))
                .withSeed(r.seed()).withTrace(r.trace()).withTaps(perLayer).withOptimized(true)
                // big designs simulate for seconds per image; the limit only catches a simulator that hangs
                .withRunTimeout(Duration.ofMinutes(10).plusSeconds(10L * slices.get(0).count()));
        VerilatorRunner.Options options = netlist ? NetlistRunner.options(base) : base;
        VerilatorRunner.Build build = VerilatorRunner.build(designs, options);
        if (!build.ok()) {
            return null;
        }
        return s -> VerilatorRunner.simulate(build, designs, List.of(new VerilatorRunner.Job(designDir, s.vectorsDir())), options)
                .designs().get(0).toSliceResult(s.first());
    }

    /**
     * Builds the board core's simulator once (the iCEBreaker design at its default clock and baud rate when no design
     * folder is given); each slice sends its vectors as UART frames. Null: the build failed.
     */
    private static SlicedRun.SliceTask boardSliceTask(Request r, Path work) throws IOException {
        Path designDir;
        if (r.designRoot() == null) {
            designDir = r.workDir().resolve("design-board");
            Board board = Board.ICEBREAKER;
            // as `bwn gen verilog --board icebreaker` lowers it: large weight ROMs in SPRAM, loaded from flash, and the
            // layer-sequential engine when the pipeline does not fit
            VerilogDesign design = BoardDesign.chooseNetworkDesign(r.network(), VerilogLowering.Options.auto(board.device(), "bwn"),
                    Engine.AUTO, false, true).design();
            GeneratedFolder.write(designDir, OutputKind.VERILOG_DESIGN, BoardGenerator.files(
                    BoardDesign.of(design, board, BoardDesign.DEFAULT_CLOCK_MHZ, BoardDesign.DEFAULT_BAUD)));
        } else {
            designDir = designDir(r.designRoot(), Target.BOARD);
        }
        BoardSummary board = BoardSummary.read(designDir);
        BoardSimulator.Build build = BoardSimulator.build(board, work.resolve("cache"), r.trace());
        if (!build.ok()) {
            return null;
        }
        return s -> BoardSimulator.check(build, board, s.vectorsDir(), s.first(), work, r.trace());
    }

    static Path designDir(Path root, Target t) {
        Path sub = root.resolve(t.designFolder());
        return Files.isDirectory(sub) ? sub : root;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
