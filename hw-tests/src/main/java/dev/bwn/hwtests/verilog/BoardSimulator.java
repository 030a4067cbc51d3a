package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.verilog.SimulationModels;
import dev.bwn.codegen.verilog.board.BoardGenerator;
import dev.bwn.codegen.verilog.board.UartProtocol;
import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.SlicedRun;
import dev.bwn.hwtests.Tools;
import dev.bwn.model.vectors.TestVectors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a board design's core ({@code NAME_board_core}: UART frame interface and network) in Verilator with a UART line
 * model on each side ({@code board_testbench.cpp.ftl}): the frames go in bit by bit at the design's own bit period,
 * the answer bytes are decoded bit by bit, and {@link #check} compares them with the Java reference's test vectors.
 * The PLL and pins of the board top are not simulated (yosys and nextpnr check them in the bitstream build). A design
 * whose weights are in SPRAM runs inside {@link #FLASH_HARNESS}, with the behavioural SPI flash serving its weight
 * image and yosys' SB_SPRAM256KA behaviour, so the weight load and its check are simulated from reset. A design whose
 * weights come over the UART gets them as the first frame of every run, bit by bit like the images.
 */
public final class BoardSimulator {
    /** Printed by the testbench only when every expected answer byte arrived. */
    public static final String PASS_LINE = BoardGenerator.SIM_PASS_LINE;
    /** The simulated top of a design that loads weights: its core and the SPI flash model. */
    public static final String FLASH_HARNESS = "bwn_board_flash_harness";
    private static final Pattern RESULT = Pattern.compile("BOARD_RESULT design=\\S+ bytes=(\\d+) cycles=(\\d+)");

    private BoardSimulator() {
    }

    /** A Verilator build of one board core: the simulator, or why it failed. */
    public record Build(Path dir, Path executable, boolean ok, String output) {
    }

    /** What one simulation sent back: the answer bytes, the cycles simulated, and everything it printed. */
    public record Run(byte[] answers, long cycles, boolean passed, String output) {
    }

    /** Builds the simulator for {@code board}, or reuses the build of identical sources from {@code cacheDir}. */
    public static Build build(BoardSummary board, Path cacheDir, boolean trace) throws IOException {
        String top = board.flash() == null ? board.core() : FLASH_HARNESS;
        String testbench = BoardGenerator.testbench(top, board.core(), board.cyclesPerBit(), board.timeoutCycles(), "bwn hw-tests");
        Map<String, String> harness = harnessFiles(board);
        MessageDigest sha = VerilatorRunner.sha256();
        sha.update(("board trace=" + trace + "\n").getBytes(StandardCharsets.UTF_8));
        sha.update(testbench.getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, String> h : harness.entrySet()) {
            sha.update((h.getKey() + "\n" + h.getValue()).getBytes(StandardCharsets.UTF_8));
        }
        for (Path p : board.verilogFiles()) {
            sha.update(p.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(p));
        }
        Files.createDirectories(cacheDir);
        Path dir = cacheDir.resolve("board-" + HexFormat.of().formatHex(sha.digest()).substring(0, 24));
        Path executable = dir.resolve("obj_dir").resolve("sim");
        if (Files.isExecutable(executable)) {
            return new Build(dir, executable, true, "reused " + dir);
        }
        Path staging = Files.createTempDirectory(cacheDir, "staging-");
        Path src = Files.createDirectories(staging.resolve("src"));
        List<String> cmd = new ArrayList<>(List.of("verilator", "--cc", "--exe", "--build", "-j", "2",
                "--top-module", top, "-o", "sim", "-Mdir", "obj_dir", "--x-assign", "unique", "--x-initial", "unique",
                // a frame is thousands of clock cycles per byte: the per-cycle code is worth optimizing
                "-O3", "-MAKEFLAGS", "OPT_FAST=-O2 OPT_SLOW=-O0 OPT_GLOBAL=-O2"));
        Tools.find("clang++").ifPresent(clang -> cmd.addAll(List.of("-MAKEFLAGS", "CXX=" + clang)));
        if (trace) {
            cmd.add("--trace");
        }
        for (Path p : board.verilogFiles()) {
            Files.copy(p, src.resolve(p.getFileName()));
            cmd.add("src/" + p.getFileName());
        }
        for (Map.Entry<String, String> h : harness.entrySet()) {
            Files.writeString(src.resolve(h.getKey()), h.getValue());
            cmd.add("src/" + h.getKey());
        }
        Files.writeString(src.resolve("board_testbench.cpp"), testbench);
        cmd.add("src/board_testbench.cpp");
        Processes.Result r = Processes.run(cmd, staging, Duration.ofMinutes(10));
        if (!r.ok()) {
            return new Build(staging, staging.resolve("obj_dir").resolve("sim"), false,
                    String.join(" ", cmd) + "\n" + Processes.tail(r.output(), 6000));
        }
        VerilatorRunner.publish(staging, dir, executable);
        return new Build(dir, executable, true, r.output());
    }

    /** The simulation-only Verilog around a core that loads weights (none otherwise): the harness top and the models. */
    private static Map<String, String> harnessFiles(BoardSummary board) {
        Map<String, String> files = new LinkedHashMap<>();
        if (board.flash() == null && board.uartWeights() != null) {
            files.putAll(VerilatorRunner.simulationModels());
        }
        if (board.flash() != null) {
            files.put(FLASH_HARNESS + ".v", SimulationModels.flashHarness(FLASH_HARNESS, board.core(), board.flash().image(),
                    board.flash().offset(), VerilatorRunner.TOOL));
            files.putAll(VerilatorRunner.simulationModels());
        }
        return files;
    }

    /**
     * Runs {@code script} (lines {@code send HEX} and {@code idle CYCLES}) in a fresh folder under {@code workDir}
     * holding the design's ROM images, and returns the {@code expectBytes} answer bytes it decoded (fewer when the
     * board fell silent, one more when it sent too many).
     */
    public static Run run(Build build, BoardSummary board, List<String> script, long expectBytes, Path workDir, boolean trace)
            throws IOException {
        Path runDir = Files.createTempDirectory(Files.createDirectories(workDir), "board-run-");
        try (var hex = Files.list(board.dir())) {
            // the ROM images, and the flash image the flash model serves
            for (Path p : hex.filter(p -> p.getFileName().toString().endsWith(".hex")
                    || board.flash() != null && p.getFileName().toString().equals(board.flash().image())).toList()) {
                Files.copy(p, runDir.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path scriptFile = runDir.resolve("script.txt");
        Files.write(scriptFile, script);
        Path answersFile = runDir.resolve("answers.bin");
        // the board may stay silent for a frame's timeout plus the network's pass; beyond 4 timeouts it has hung
        long timeout = 4 * board.timeoutCycles() + 100_000 + loadCycles(board);
        List<String> cmd = new ArrayList<>(List.of(build.executable().toString(), "--script", scriptFile.toString(),
                "--answers", answersFile.toString(), "--expect", Long.toString(expectBytes), "--timeout", Long.toString(timeout)));
        if (trace) {
            cmd.addAll(List.of("--trace", runDir.resolve("trace.vcd").toString()));
        }
        cmd.add("+verilator+rand+reset+2");
        Processes.Result r = Processes.run(cmd, runDir, Duration.ofHours(2));
        byte[] answers = Files.exists(answersFile) ? Files.readAllBytes(answersFile) : new byte[0];
        Matcher m = RESULT.matcher(r.output());
        long cycles = m.find() ? Long.parseLong(m.group(2)) : 0;
        boolean passed = r.ok() && r.output().contains(PASS_LINE);
        if (passed && !trace) {
            VerilatorRunner.deleteTree(runDir);
        }
        return new Run(answers, cycles, passed, r.output());
    }

    /**
     * {@code verilator --lint-only -Wall} on the board core and its sources, with the SB_SPRAM256KA model (written to
     * {@code scratch}) for a design with SPRAM weights; run in the design folder.
     */
    public static Processes.Result lint(BoardSummary board, Path scratch) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("verilator", "--lint-only", "-Wall", "--top-module", board.core()));
        board.verilogFiles().forEach(p -> cmd.add(p.toString()));
        Path model = Files.createDirectories(scratch).resolve("SB_SPRAM256KA.v");
        Files.writeString(model, SimulationModels.spram(VerilatorRunner.TOOL));
        cmd.add(model.toString());
        return Processes.run(cmd, board.dir(), Duration.ofMinutes(2));
    }

    /** The script line that sends {@code bytes}. */
    public static String send(byte[] bytes) {
        return "send " + HexFormat.of().formatHex(bytes);
    }

    /**
     * Sends every vector of {@code vectorsDir} as a frame (even vectors 'C', odd ones 'L', so both answers are
     * checked) and compares each answer byte with the reference; the first difference names the global vector index
     * ({@code firstVector} + local index).
     */
    public static SlicedRun.SliceResult check(Build build, BoardSummary board, Path vectorsDir, int firstVector, Path workDir,
                                              boolean trace) throws IOException {
        UartProtocol p = board.protocol();
        List<int[]> inputs = TestVectors.readValues(vectorsDir.resolve(TestVectors.INPUTS), p.inputValues());
        List<int[]> logits = TestVectors.readValues(vectorsDir.resolve(TestVectors.LOGITS), p.classes());
        List<int[]> classes = TestVectors.readValues(vectorsDir.resolve(TestVectors.CLASSES), 1);
        List<String> script = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        long expectBytes = 0;
        if (board.flash() != null) {
            // a frame sent while the weights load would be an overrun: the host waits for the load, as a user does
            script.add("idle " + loadCycles(board));
        }
        int at = 0;
        if (board.uartWeights() != null) {
            script.add(send(UartProtocol.loadFrame(Files.readAllBytes(board.dir().resolve(board.uartWeights())))));
            expectBytes++;
            at = 1;
        }
        for (int v = 0; v < inputs.size(); v++) {
            boolean withLogits = v % 2 == 1;
            script.add(send(p.frame(inputs.get(v), withLogits)));
            byte[] answer = p.answer(classes.get(v)[0], logits.get(v), withLogits);
            expected.add(answer);
            expectBytes += answer.length;
        }
        Run run = run(build, board, script, expectBytes, workDir, trace);
        if (at == 1 && (run.answers().length == 0 || run.answers()[0] != UartProtocol.WEIGHTS_LOADED)) {
            return new SlicedRun.SliceResult(0, 1, "the weight load over the UART was answered " + (run.answers().length == 0 ? "with nothing"
                    : String.format(Locale.ROOT, "0x%02X, not 0x%02X", run.answers()[0] & 0xFF, UartProtocol.WEIGHTS_LOADED))
                    + (run.passed() ? "" : " (" + lastLine(run.output()) + ")"), 0, 0, true);
        }
        for (int v = 0; v < expected.size(); v++) {
            byte[] want = expected.get(v);
            String problem = compare(run.answers(), at, want, v % 2 == 1, p);
            if (problem != null) {
                return new SlicedRun.SliceResult(v + 1, 1, "vector=" + (firstVector + v) + " " + problem
                        + (run.passed() ? "" : " (" + lastLine(run.output()) + ")"), 0, cyclesPerImage(run, v, board), true);
            }
            at += want.length;
        }
        if (!run.passed()) {
            return new SlicedRun.SliceResult(expected.size(), 0, "simulation did not complete: " + lastLine(run.output()), 0, 0, true);
        }
        return new SlicedRun.SliceResult(expected.size(), 0, null, 0, cyclesPerImage(run, expected.size(), board), true);
    }

    /**
     * Cycles from reset until a design that loads weights takes images (0 without a load): the flash load, or the
     * weight load's bytes on the UART line.
     */
    public static long loadCycles(BoardSummary board) throws IOException {
        if (board.uartWeights() != null) {
            return (1L + UartProtocol.LOAD_LENGTH_BYTES + Files.size(board.dir().resolve(board.uartWeights())))
                    * UartProtocol.BITS_PER_BYTE * board.cyclesPerBit();
        }
        return board.flash() == null ? 0 : board.flash().loadCycles();
    }

    private static double cyclesPerImage(Run run, int images, BoardSummary board) throws IOException {
        return images == 0 ? 0 : (double) (run.cycles() - loadCycles(board)) / images;
    }

    /** Null when the answer at {@code at} equals {@code want}, else what differs. */
    static String compare(byte[] got, int at, byte[] want, boolean withLogits, UartProtocol p) {
        if (got.length <= at) {
            return "no answer (the board sent " + got.length + " bytes in all)";
        }
        int cls = got[at] & 0xFF;
        if (cls == UartProtocol.FRAME_ERROR) {
            return "the board answered 0xFF (frame error)";
        }
        if (cls == UartProtocol.WEIGHTS_BAD) {
            return "the board answered 0xFE (the weights read from flash failed their check)";
        }
        if (cls != (want[0] & 0xFF)) {
            return String.format(Locale.ROOT, "field=class expected=%d actual=%d", want[0] & 0xFF, cls);
        }
        for (int i = 1; i < want.length; i++) {
            if (got.length <= at + i) {
                return "answer cut short after " + i + " of " + want.length + " bytes";
            }
            if (got[at + i] != want[i]) {
                int k = (i - 1) / p.bytesPerLogit();
                return String.format(Locale.ROOT, "field=logit%d byte %d expected=0x%02x actual=0x%02x", k,
                        (i - 1) % p.bytesPerLogit(), want[i] & 0xFF, got[at + i] & 0xFF);
            }
        }
        return null;
    }

    private static String lastLine(String s) {
        String t = s.strip();
        int nl = t.lastIndexOf('\n');
        return nl < 0 ? t : t.substring(nl + 1);
    }
}
