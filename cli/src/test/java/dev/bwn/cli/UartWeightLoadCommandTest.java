package dev.bwn.cli;

import dev.bwn.codegen.verilog.board.UartProtocol;
import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.hwtests.verilog.BoardSimulator;
import dev.bwn.hwtests.verilog.BoardSummary;
import dev.bwn.model.Network;
import dev.bwn.model.RepoRoot;
import dev.bwn.model.io.ModelIo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bwn gen verilog --board B --weights-load uart} through the CLI: SPRAM weights on the UPduino 3.0 (whose flash
 * the design cannot read), sent over the UART before the first image. The design carries its weight image, its
 * Makefile writes no flash image, and its board core, simulated bit by bit at the real baud divisor by
 * {@code bwn verify --target board}, takes the weights first and then answers bit-exactly; it answers nothing before
 * the weights, and a corrupted image is answered 0xFE, as is every frame after it. The shipped host.py sends the load
 * first and checks its acknowledgement. What cannot be done is refused in
 * one line (exit 2) without touching the output's folder.
 */
class UartWeightLoadCommandTest {
    private static final Path TINY = RepoRoot.find().resolve("examples/mnist-tiny.bwn.json");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--weights-load uart|--weights-load applies to a board design; add --board icebreaker or --board upduino3",
            "--board upduino3 --weights-load flash|--weights-load flash: the UPduino 3.0's SPI flash clock (pin 15) is the FT232H's UART output",
            "--board icebreaker --weights-load serial|--weights-load: must be flash or uart, got \"serial\"",
            "--board icebreaker --weights-load uart --weights-in ebr|--weights-load uart loads weights kept in SPRAM, and --weights-in ebr keeps none there",
            "--board upduino3 --weights-in spram|use --weights-load uart"})
    void whatCannotBeLoadedIsOneLineAndWritesNothing(String options, String expected, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("keep.txt"), "mine");
        SortedMap<String, String> before = FolderSnapshot.of(dir);
        List<String> args = new ArrayList<>(List.of("gen", "verilog", TINY.toString(), "-o", dir.resolve("d").toString()));
        args.addAll(List.of(options.split(" ")));
        CliRun.bwn(args.toArray(String[]::new)).assertRefused(expected);
        assertEquals(before, FolderSnapshot.of(dir));
    }

    @Test
    void theUpduinoTakesSpramWeightsOverItsUartAndMakeProgWritesOnlyTheBitstream(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("d");
        CliRun r = CliRun.bwn("gen", "verilog", TINY.toString(), "-o", out.toString(), "--board", "upduino3", "--weights-in", "spram",
                "--weights-load", "uart").assertOk();
        assertTrue(r.out().contains("4 SPRAMs (weights sent over the UART first: "), r.out());
        assertTrue(Files.size(out.resolve("mnist_tiny_weights.bin")) > 0);
        List<String> recipes = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("Makefile"))) {
            if (line.startsWith("\t")) {
                recipes.add(line.substring(1));
            }
        }
        assertTrue(recipes.contains("iceprog mnist_tiny.bin"), recipes.toString());
        assertFalse(recipes.stream().anyMatch(c -> c.contains("mnist_tiny_weights.bin")), "no flash image: " + recipes);
        assertFalse(Files.readString(out.resolve("mnist_tiny.pcf")).contains("flash_sck"));
        String top = Files.readString(out.resolve("mnist_tiny.v"));
        assertTrue(top.contains("input  wire [7:0]          weight_byte") && !top.contains("flash_sck"), top);
        assertTrue(Files.readString(out.resolve("board.txt")).contains("uart_weight_image mnist_tiny_weights.bin\n"));
        String readme = Files.readString(out.resolve("README.md"));
        assertTrue(readme.contains("### Weights over the UART") && readme.contains("answers `0x06`"), readme);
        String host = Files.readString(out.resolve("host.py"));
        assertTrue(host.contains("WEIGHTS_FILE = \"mnist_tiny_weights.bin\"") && host.contains("--no-weights"), host);
        assertTrue(Files.readString(out.resolve("mnist_tiny_board.v")).contains("weights_error || last_class[0]"),
                "the RGB LED shows a failed load");
        // nextpnr placed mnist-lenet5's UART-load design for the UPduino at 5,158 of 5,280 cells (docs/BENCHMARKS.md):
        // the verdict, with the load framing's measured cells, agrees
        CliRun lenet5 = CliRun.bwn("gen", "verilog", RepoRoot.find().resolve("examples/mnist-lenet5.bwn.json").toString(), "-o",
                dir.resolve("lenet5").toString(), "--board", "upduino3", "--weights-load", "uart").assertOk();
        assertTrue(lenet5.out().contains("4 SPRAMs (weights sent over the UART first: 86,250 bytes)")
                && lenet5.out().contains("(+118 logic cells for the board core's weight load, -240 for the logit registers")
                && !lenet5.out().contains("does NOT fit"), lenet5.out());
        // the network alone cannot be simulated without the board's UART: refused before any vector is written
        Path work = dir.resolve("work");
        CliRun.bwn("verify", TINY.toString(), "--target", "verilog", "--design", out.toString(), "--vectors", "1", "--no-progress",
                "--work", work.toString()).assertRefused("its SPRAM weights are loaded over a board's UART");
        assertFalse(Files.exists(work.resolve("vectors")));
    }

    @Test
    void verifyTargetBoardSendsTheWeightsFirstAndACorruptedImageIsRefused(@TempDir Path dir) throws Exception {
        RequireTools.require("verilator");
        RequireTools.require("python3");
        Path model = dir.resolve("odd.bwn.json");
        Network net = BoardDesignCommandTest.oddWidths();
        ModelIo.write(net, model);
        Path design = dir.resolve("odd");
        CliRun.bwn("gen", "verilog", model.toString(), "-o", design.toString(), "--board", "upduino3", "--weights-in", "spram",
                "--weights-load", "uart").assertOk();
        Path work = dir.resolve("work");
        CliRun ok = CliRun.bwn("verify", model.toString(), "--target", "board", "--vectors", "4", "--design", design.toString(),
                "--jobs", "1", "--no-progress", "--work", work.toString());
        ok.assertOk();
        assertTrue(ok.out().contains("PASS") && ok.out().contains("4 vectors, 0 mismatches"), ok.out());

        // the core with its UART loader is lint-clean under verilator -Wall
        BoardSummary board = BoardSummary.read(design);
        Processes.Result linted = BoardSimulator.lint(board, dir.resolve("lint"));
        assertEquals(0, linted.exitCode(), linted.output());
        assertTrue(linted.output().isBlank(), linted.output());

        // the same simulator (reused from the cache): a frame before the weights is not answered at all
        BoardSimulator.Build build = BoardSimulator.build(board, work.resolve("cache"), false);
        assertTrue(build.ok(), build.output());
        UartProtocol p = board.protocol();
        int[] zeros = new int[p.inputValues()];
        byte[] early = p.frame(zeros, false);
        for (byte b : early) {
            assertTrue(b != UartProtocol.LOAD_WEIGHTS, "the early frame must not contain a load command");
        }
        Path image = design.resolve(board.uartWeights());
        byte[] good = Files.readAllBytes(image);
        byte[] zeroClass = {(byte) net.infer(zeros).predictedClass()};
        BoardSimulator.Run first = BoardSimulator.run(build, board, List.of(BoardSimulator.send(early),
                BoardSimulator.send(UartProtocol.loadFrame(good)), BoardSimulator.send(early)), 2, work, false);
        assertTrue(first.passed(), first.output());
        assertArrayEquals(new byte[]{UartProtocol.WEIGHTS_LOADED, zeroClass[0]}, first.answers());

        // the shipped host script puts the weight load first and expects its 0x06 before the answers
        Path vectors;
        try (var found = Files.walk(work.resolve("vectors"))) {
            vectors = found.filter(f -> f.getFileName().toString().equals("manifest.txt")).findFirst().orElseThrow().getParent();
        }
        Path frames = dir.resolve("frames.bin");
        Processes.Result written = Processes.run(List.of("python3", design.resolve("host.py").toString(), "--vectors", vectors.toString(),
                "--write-frames", frames.toString()), dir, Duration.ofMinutes(1));
        assertEquals(0, written.exitCode(), written.output());
        byte[] hostBytes = Files.readAllBytes(frames);
        byte[] load = UartProtocol.loadFrame(good);
        assertArrayEquals(load, Arrays.copyOf(hostBytes, load.length), "host.py's weight load");
        BoardSimulator.Run hostRun = BoardSimulator.run(build, board, List.of(BoardSimulator.send(hostBytes)), 1 + 4, work, false);
        assertTrue(hostRun.passed(), hostRun.output());
        Path answers = dir.resolve("answers.bin");
        Files.write(answers, hostRun.answers());
        Processes.Result checked = Processes.run(List.of("python3", design.resolve("host.py").toString(), "--vectors", vectors.toString(),
                "--read-answers", answers.toString()), dir, Duration.ofMinutes(1));
        assertEquals(0, checked.exitCode(), checked.output());
        assertTrue(checked.output().contains("4 images, every answer matched"), checked.output());

        // one flipped bit: the load is answered 0xFE, and so is every frame after it
        byte[] corrupted = good.clone();
        corrupted[corrupted.length / 2] ^= 0x01;
        BoardSimulator.Run bad = BoardSimulator.run(build, board, List.of(BoardSimulator.send(UartProtocol.loadFrame(corrupted)),
                BoardSimulator.send(early), BoardSimulator.send(UartProtocol.loadFrame(good)), BoardSimulator.send(early)), 4, work, false);
        assertTrue(bad.passed(), bad.output());
        byte refused = (byte) UartProtocol.WEIGHTS_BAD;
        assertArrayEquals(new byte[]{refused, refused, UartProtocol.WEIGHTS_LOADED, zeroClass[0]}, bad.answers(),
                "refused, then loaded again after a good image");

        // through the CLI: verify with the corrupted image in the design folder fails (exit 1) naming the refusal
        Files.write(image, corrupted);
        CliRun failed = CliRun.bwn("verify", model.toString(), "--target", "board", "--vectors", "4", "--design", design.toString(),
                "--jobs", "1", "--no-progress", "--work", work.toString());
        assertEquals(Main.EXIT_FAILED, failed.code(), failed.out() + failed.err());
        assertTrue(failed.out().contains("the weight load over the UART was answered 0xFE"), failed.out());
    }
}
