package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.Identifiers;
import dev.bwn.codegen.TemplateEngine;
import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.Engine;
import dev.bwn.codegen.verilog.EngineChoice;
import dev.bwn.codegen.verilog.SimulationModels;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.codegen.verilog.VerilogLowering;
import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.SlicedRun;
import dev.bwn.hwtests.TargetResult;
import dev.bwn.model.Network;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;
import dev.bwn.model.random.RandomNetworks;
import dev.bwn.model.vectors.TestVectors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs generated Verilog designs in Verilator against test vectors written by the Java reference.
 *
 * <p>Several designs can share one Verilator build: a generated wrapper instantiates them side by side and a generated
 * C++ testbench drives each from its own vector folder ({@code testbench.cpp.ftl}). Builds are cached by a hash of
 * every Verilog source, the wrapper, the testbench and the build options, so an unchanged design is never rebuilt;
 * ROM images are read at run time and copied next to the simulation, so changing only them needs no rebuild either.
 *
 * <p>Each run simulates twice: once with no gaps and no back-pressure (this pass measures cycles per image) and once
 * with seeded random gaps on {@code in_valid} and stalls on {@code out_ready}. Both must match every output bit.
 */
public final class VerilatorRunner {
    /** Printed by the testbench only after every vector of every design matched. */
    public static final String PASS_LINE = "BWN_VERILATOR_PASS";
    /** What the generated harness files name as their generator. */
    static final String TOOL = "bwn hw-tests";
    /** Reserved in {@link Identifiers}, so that no design's top module can take the wrapper's name. */
    private static final String WRAPPER = Identifiers.VERILATOR_WRAPPER;
    /** Bump when the Verilator command line changes, so cached builds made with other flags are not reused. */
    private static final int BUILD_FLAGS_VERSION = 5;
    /** Verilator statements per generated C++ file in unoptimized builds (see {@link #compile}). */
    private static final int TEST_BUILD_SPLIT = 100_000;
    private static final Pattern RESULT = Pattern.compile(
            "RESULT design=(\\S+) vectors=(\\d+) mismatches=(\\d+) cycles_per_image=([0-9.]+) latency=(\\d+)");
    private static final Pattern FAILURE = Pattern.compile("(MISMATCH|TIMEOUT|STOPPED) design=(\\S+) (.*)");

    /**
     * Run settings. {@code gapPercent}/{@code stallPercent}: chance per cycle that a design's input is idle or its
     * output refuses, in the second pass. {@code trace}: build with VCD tracing and write {@code trace.vcd} in the run
     * folder (slower). {@code taps}: also compare every layer's output stream with the reference's per-layer files
     * (the vector folders must have been written with per-layer outputs), so the first mismatch names the layer and
     * the element inside it; the generated RTL is unchanged, the test wrapper reads the top module's stage links by
     * hierarchical reference. {@code cacheDir}: where builds are kept between runs. {@code optimized}: compile the
     * simulator with {@code -O2} instead of {@code -O0}, for runs long enough that simulation time outweighs the
     * compile (docs/BENCHMARKS.md: about 6 times less CPU per image for LeNet-5, no slower a build); Verilator
     * itself then optimizes with {@code -O3}. {@code verilatorFlags}: added to the Verilator command line.
     */
    public record Options(long seed, int gapPercent, int stallPercent, boolean trace, boolean taps, Path cacheDir,
                          Duration buildTimeout, Duration runTimeout, boolean optimized, List<String> verilatorFlags) {
        public Options {
            verilatorFlags = List.copyOf(verilatorFlags);
        }

        public static Options defaults(Path cacheDir) {
            return new Options(1, 25, 25, false, false, cacheDir, Duration.ofMinutes(10), Duration.ofMinutes(10), false, List.of());
        }

        public Options withOptimized(boolean o) {
            return new Options(seed, gapPercent, stallPercent, trace, taps, cacheDir, buildTimeout, runTimeout, o, verilatorFlags);
        }

        public Options withSeed(long s) {
            return new Options(s, gapPercent, stallPercent, trace, taps, cacheDir, buildTimeout, runTimeout, optimized, verilatorFlags);
        }

        public Options withTrace(boolean t) {
            return new Options(seed, gapPercent, stallPercent, t, taps, cacheDir, buildTimeout, runTimeout, optimized, verilatorFlags);
        }

        public Options withTaps(boolean t) {
            return new Options(seed, gapPercent, stallPercent, trace, t, cacheDir, buildTimeout, runTimeout, optimized, verilatorFlags);
        }

        /** Limit for one simulation pass (a backstop: the testbench itself ends a run that stops making progress). */
        public Options withRunTimeout(Duration d) {
            return new Options(seed, gapPercent, stallPercent, trace, taps, cacheDir, buildTimeout, d, optimized, verilatorFlags);
        }

        /** Extra Verilator command-line flags (defines, warnings), e.g. for a gate-level netlist and its cell library. */
        public Options withVerilatorFlags(List<String> flags) {
            return new Options(seed, gapPercent, stallPercent, trace, taps, cacheDir, buildTimeout, runTimeout, optimized, flags);
        }
    }

    /** One design folder and the vector folder to check it against. */
    public record Job(Path designDir, Path vectorsDir) {
    }

    /**
     * Outcome for one design. {@code failure} is null when every vector matched, else the testbench's line for the
     * first mismatch (design, vector, field, expected and actual values) or the stall it hit; {@code failedPass} is
     * the pass that found it (0 steady, 1 random handshakes).
     */
    public record DesignResult(String top, long vectors, long mismatches, double cyclesPerImage, long latencyCycles,
                               String failure, int failedPass) {
        public boolean passed() {
            return failure == null && mismatches == 0 && vectors > 0;
        }

        public TargetResult toTargetResult(String target, double seconds) {
            return new TargetResult(target, (int) vectors, (int) mismatches, failure, cyclesPerImage, seconds);
        }

        /** As the result of the slice of a longer run that starts at vector {@code firstVector}. */
        public SlicedRun.SliceResult toSliceResult(int firstVector) {
            return new SlicedRun.SliceResult((int) vectors, (int) mismatches, SlicedRun.globalVectorIndex(failure, firstVector),
                    failedPass, cyclesPerImage, true);
        }
    }

    /** Outcome of a batch: per design, plus everything the tools printed for diagnosis. */
    public record Result(List<DesignResult> designs, boolean passed, boolean buildReused, Path buildDir, Path runDir,
                         String output) {
    }

    private VerilatorRunner() {
    }

    /**
     * Generates {@code net} for {@code device}, writes {@code vectorCount} seeded random vectors (the first two all
     * minimum and all maximum), and runs them: the one-call check {@code bwn verify} uses when it has no design folder.
     */
    public static DesignResult verify(Network net, Device device, int vectorCount, Path workDir, Options options)
            throws IOException {
        VerilogDesign design = EngineChoice.choose(net, VerilogLowering.Options.auto(device, "bwn"), Engine.AUTO).design();
        Path designDir = workDir.resolve("design");
        GeneratedFolder.write(designDir, OutputKind.VERILOG_DESIGN, VerilogGenerator.files(design));
        Path vectors = workDir.resolve("vectors");
        TestVectors.write(net, RandomNetworks.randomInputs(net, vectorCount, options.seed()), vectors, false);
        return run(List.of(new Job(designDir, vectors)), options).designs().get(0);
    }

    /** Builds (or reuses) one simulator for all jobs and runs it twice; never throws for a mismatch, only for I/O. */
    public static Result run(List<Job> jobs, Options options) throws IOException {
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("no designs to run");
        }
        List<DesignSummary> designs = new ArrayList<>();
        for (Job j : jobs) {
            designs.add(DesignSummary.read(j.designDir()));
        }
        Build build = build(designs, options);
        if (!build.ok()) {
            List<DesignResult> failed = designs.stream()
                    .map(d -> new DesignResult(d.top(), 0, 0, 0, 0, "verilator build failed", 0)).toList();
            return new Result(failed, false, false, build.dir(), null, build.output());
        }
        return simulate(build, designs, jobs, options);
    }

    /**
     * Runs a finished build on the jobs' vectors, both passes, in a run folder of its own: several calls may share one
     * build and run at the same time (one slice of the vectors each).
     */
    public static Result simulate(Build build, List<DesignSummary> designs, List<Job> jobs, Options options) throws IOException {
        return simulate(build, designs, jobs, options, List.of());
    }

    /** As {@link #simulate(Build, List, List, Options)}, with more arguments for the testbench (its options). */
    public static Result simulate(Build build, List<DesignSummary> designs, List<Job> jobs, Options options,
                                  List<String> testbenchArgs) throws IOException {
        Path runDir = Files.createTempDirectory(options.cacheDir(), "run-");
        Map<String, Path> memories = new LinkedHashMap<>();
        for (DesignSummary d : designs) {
            for (Path hex : d.memoryFiles()) {
                Path clash = memories.putIfAbsent(hex.getFileName().toString(), hex);
                if (clash != null) {
                    throw new IOException("two designs in one batch both have " + hex.getFileName() + " (same top module name?)");
                }
                Files.copy(hex, runDir.resolve(hex.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        long maxInterval = designs.stream().mapToLong(DesignSummary::latency).max().orElse(0);
        // generous: a stall this long means a deadlock, not a slow design
        // a design with weights in SPRAM makes no progress while it loads them from flash
        long loadCycles = designs.stream().mapToLong(d -> d.flash() == null ? 0 : d.flash().loadCycles()).max().orElse(0);
        long timeoutCycles = 20 * maxInterval + 10_000 + loadCycles;
        List<String> vectorDirs = jobs.stream().map(j -> j.vectorsDir().toAbsolutePath().toString()).toList();
        StringBuilder output = new StringBuilder();
        Processes.Result steady = simulate(build, runDir, vectorDirs, options.seed(), 0, 0, timeoutCycles, false, options,
                testbenchArgs);
        output.append(steady.output());
        Processes.Result stressed = simulate(build, runDir, vectorDirs, options.seed(), options.gapPercent(),
                options.stallPercent(), timeoutCycles, options.trace(), options, testbenchArgs);
        output.append(stressed.output());
        List<DesignResult> results = new ArrayList<>();
        for (DesignSummary d : designs) {
            results.add(resultFor(d.top(), steady, stressed));
        }
        boolean passed = steady.ok() && stressed.ok() && steady.output().contains(PASS_LINE)
                && stressed.output().contains(PASS_LINE) && results.stream().allMatch(DesignResult::passed);
        if (passed && !options.trace()) {
            deleteTree(runDir);
            runDir = null;
        }
        return new Result(results, passed, build.reused(), build.dir(), runDir, output.toString());
    }

    private static DesignResult resultFor(String top, Processes.Result steady, Processes.Result stressed) {
        for (Processes.Result r : List.of(steady, stressed)) {
            Matcher f = FAILURE.matcher(r.output());
            while (f.find()) {
                if (f.group(2).equals(top)) {
                    Matcher vector = Pattern.compile("vector=(\\d+)").matcher(f.group(3));
                    long run = vector.find() ? Long.parseLong(vector.group(1)) + 1 : 0;
                    String pass = r == steady ? "steady pass" : "random-handshake pass";
                    return new DesignResult(top, run, f.group(1).equals("MISMATCH") ? 1 : 0, 0, 0,
                            f.group(0).strip() + " (" + pass + ")", r == steady ? 0 : 1);
                }
            }
        }
        Matcher steadyLine = findResult(steady.output(), top);
        Matcher stressedLine = findResult(stressed.output(), top);
        if (steadyLine == null || stressedLine == null || !steady.ok() || !stressed.ok()) {
            String why = !steady.ok() ? steady.output() : stressed.output();
            return new DesignResult(top, 0, 0, 0, 0, "simulation did not complete: " + lastLine(why),
                    steady.ok() ? 1 : 0);
        }
        return new DesignResult(top, Long.parseLong(steadyLine.group(2)), 0, Double.parseDouble(steadyLine.group(4)),
                Long.parseLong(steadyLine.group(5)), null, 0);
    }

    private static Matcher findResult(String output, String top) {
        Matcher m = RESULT.matcher(output);
        while (m.find()) {
            if (m.group(1).equals(top)) {
                return m;
            }
        }
        return null;
    }

    private static String lastLine(String s) {
        String t = s.strip();
        int nl = t.lastIndexOf('\n');
        return nl < 0 ? t : t.substring(nl + 1);
    }

    private static Processes.Result simulate(Build build, Path runDir, List<String> vectorDirs, long seed, int gap, int stall,
                                             long timeoutCycles, boolean trace, Options options, List<String> testbenchArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(build.executable().toString());
        cmd.addAll(List.of("--seed", Long.toString(seed), "--gap", Integer.toString(gap), "--stall", Integer.toString(stall),
                "--timeout", Long.toString(timeoutCycles)));
        if (trace) {
            cmd.addAll(List.of("--trace", runDir.resolve("trace.vcd").toString()));
        }
        cmd.addAll(testbenchArgs);
        // registers without a reset start random, so a design that depends on an unreset value fails here
        cmd.add("+verilator+rand+reset+2");
        cmd.add("+verilator+seed+" + (1 + Math.floorMod(seed, 1_000_000)));
        cmd.addAll(vectorDirs);
        return Processes.run(cmd, runDir, options.runTimeout());
    }

    /** A Verilator build: its folder, the simulator executable, whether it was reused, and the build log. */
    public record Build(Path dir, Path executable, boolean reused, boolean ok, String output) {
    }

    /** Builds the wrapper and testbench for {@code designs}, or returns the cached build of identical sources. */
    public static Build build(List<DesignSummary> designs, Options options) throws IOException {
        List<Path> sources = new ArrayList<>();
        for (DesignSummary d : designs) {
            sources.addAll(d.verilogFiles());
        }
        return compile(WRAPPER, harness(designs, options), sources, options);
    }

    /** The generated wrapper and testbench of a batch (file name to text), with the flash models when a design needs them. */
    static Map<String, String> harness(List<DesignSummary> designs, Options options) {
        HarnessView view = HarnessView.of(WRAPPER, TOOL, PASS_LINE, designs, options.taps());
        Map<String, String> harness = new LinkedHashMap<>();
        harness.put(WRAPPER + ".v", TemplateEngine.render("verilog/harness/batch_top.v.ftl", view));
        harness.put("testbench.cpp", TemplateEngine.render("verilog/harness/testbench.cpp.ftl", view));
        if (designs.stream().anyMatch(d -> d.flash() != null)) {
            harness.putAll(simulationModels());
        }
        return harness;
    }

    /**
     * Compiles {@code sources} (design files; equal files of the same name shared by several designs are taken once)
     * with a generated harness ({@code harness}: file name to text, Verilog and C++) whose top module is
     * {@code harnessTop}, into the executable {@code obj_dir/sim}; or returns the cached build of identical inputs.
     */
    public static Build compile(String harnessTop, Map<String, String> harness, List<Path> sources, Options options)
            throws IOException {
        MessageDigest sha = sha256();
        sha.update(("trace=" + options.trace() + " optimized=" + options.optimized() + " flags=" + BUILD_FLAGS_VERSION
                + " top=" + harnessTop + " extra=" + options.verilatorFlags() + "\n").getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, String> h : harness.entrySet()) {
            sha.update((h.getKey() + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(h.getValue().getBytes(StandardCharsets.UTF_8));
        }
        for (Path p : sources) {
            sha.update(p.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(p));
        }
        String key = HexFormat.of().formatHex(sha.digest()).substring(0, 24);
        Files.createDirectories(options.cacheDir());
        Path dir = options.cacheDir().resolve("build-" + key);
        Path executable = dir.resolve("obj_dir").resolve("sim");
        if (Files.isExecutable(executable)) {
            return new Build(dir, executable, true, true, "reused " + dir);
        }
        Path staging = Files.createTempDirectory(options.cacheDir(), "staging-");
        Path src = staging.resolve("src");
        Files.createDirectories(src);
        List<String> cmd = new ArrayList<>(List.of("verilator", "--cc", "--exe", "--build", "-j", "2",
                "--top-module", harnessTop, "-o", "sim", "-Mdir", "obj_dir",
                // unreset registers start random at run time (+verilator+rand+reset+2), not silently zero
                "--x-assign", "unique", "--x-initial", "unique",
                // split the model so both make jobs have work; at -O0 every file costs about 0.5 s of CPU just to
                // read Verilator's headers and the model's root header, more than the code in a 4,000-statement file,
                // so test builds split into few large files (docs/CI.md: 3.6 times less CPU to build a batch of 25 graphs)
                "--output-split", options.optimized() ? "4000" : Integer.toString(TEST_BUILD_SPLIT), "--output-split-cfuncs", "400",
                // test batches simulate a few thousand images: their compile time dominates, so they compile without
                // optimization; long runs (bwn verify) optimize the per-cycle code
                "-MAKEFLAGS", options.optimized() ? "OPT_FAST=-O2 OPT_SLOW=-O0 OPT_GLOBAL=-O2" : "OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0"));
        if (options.optimized()) {
            // Verilator's own -O3: no faster without taps, 15% less CPU with them (docs/BENCHMARKS.md)
            cmd.add("-O3");
        }
        // clang compiles Verilator's output about 1.6 times faster than g++ at -O0
        dev.bwn.hwtests.Tools.find("clang++").ifPresent(clang -> cmd.addAll(List.of("-MAKEFLAGS", "CXX=" + clang)));
        if (options.trace()) {
            cmd.add("--trace");
        }
        cmd.addAll(options.verilatorFlags());
        Map<String, Path> byName = new LinkedHashMap<>();
        for (Path p : sources) {
            Path clash = byName.putIfAbsent(p.getFileName().toString(), p);
            if (clash != null && !Files.readString(clash).equals(Files.readString(p))) {
                throw new IOException("two designs in one batch define different " + p.getFileName());
            }
        }
        for (Map.Entry<String, Path> e : byName.entrySet()) {
            Files.copy(e.getValue(), src.resolve(e.getKey()));
            cmd.add("src/" + e.getKey());
        }
        for (Map.Entry<String, String> h : harness.entrySet()) {
            Files.writeString(src.resolve(h.getKey()), h.getValue());
            cmd.add("src/" + h.getKey());
        }
        Processes.Result r = Processes.run(cmd, staging, options.buildTimeout());
        if (!r.ok()) {
            return new Build(staging, staging.resolve("obj_dir").resolve("sim"), false, false,
                    String.join(" ", cmd) + "\n" + Processes.tail(r.output(), 6000));
        }
        publish(staging, dir, executable);
        return new Build(dir, executable, false, true, r.output());
    }

    /** Moves a finished build from its staging folder to its cache folder, unless another run got there first. */
    static void publish(Path staging, Path dir, Path executable) throws IOException {
        try {
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // another run finished the same build first; use that one
            if (!Files.isExecutable(executable)) {
                throw e;
            }
            deleteTree(staging);
        }
    }

    /**
     * Simulation-only modules a design with weights in SPRAM needs besides its own files: the SB_SPRAM256KA model and
     * the SPI flash that serves its image (file name to source). Also for {@code verilator --lint-only} of such a design.
     */
    public static Map<String, String> simulationModels() {
        return SimulationModels.files(TOOL);
    }

    /**
     * The Verilog files to lint or compile a design with: its own, plus the SB_SPRAM256KA model (written into
     * {@code scratch}) when its weights are in SPRAM.
     */
    public static List<Path> lintSources(DesignSummary d, Path scratch) throws IOException {
        List<Path> files = new ArrayList<>(d.verilogFiles());
        if (d.flash() != null) {
            Files.createDirectories(scratch);
            Path model = scratch.resolve("SB_SPRAM256KA.v");
            Files.writeString(model, SimulationModels.spram(TOOL));
            files.add(model);
        }
        return files;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
