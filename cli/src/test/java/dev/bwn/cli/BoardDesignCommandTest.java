package dev.bwn.cli;

import dev.bwn.hwtests.RequireTools;
import dev.bwn.codegen.Identifiers;
import dev.bwn.codegen.verilog.WeightLoad;
import dev.bwn.codegen.verilog.board.Board;
import dev.bwn.codegen.verilog.board.BoardDesign;
import dev.bwn.model.Network;
import dev.bwn.model.RepoRoot;
import dev.bwn.model.RequantMode;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bwn gen verilog --board} through the CLI: the README's build commands are exactly the Makefile's recipes,
 * options a board cannot honour are one line and exit 2 with nothing written, and {@code bwn verify --target board}
 * passes on a design (a small random network of odd widths) and names the vector when a weight is wrong.
 */
class BoardDesignCommandTest {
    private static final Path TINY = RepoRoot.find().resolve("examples/mnist-tiny.bwn.json");

    @TempDir
    static Path shared;
    static Path icebreaker;

    @BeforeAll
    static void generate() {
        icebreaker = shared.resolve("icebreaker");
        CliRun.bwn("gen", "verilog", TINY.toString(), "-o", icebreaker.toString(), "--board", "icebreaker").assertOk();
    }

    /** The recipe lines of a Makefile (tab-indented), in order. */
    private static List<String> recipes(Path makefile) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(makefile)) {
            if (line.startsWith("\t")) {
                out.add(line.substring(1));
            }
        }
        return out;
    }

    @Test
    void theReadmeShowsExactlyTheCommandsTheMakefileRuns() throws Exception {
        List<String> recipes = recipes(icebreaker.resolve("Makefile"));
        String readme = Files.readString(icebreaker.resolve("README.md"));
        List<String> readmeCommands = readme.lines().filter(l -> l.startsWith("    ")).map(String::strip).toList();
        // yosys, nextpnr, icepack, report, prog, clean
        assertEquals(6, recipes.size(), recipes.toString());
        for (String r : recipes.subList(0, 3)) {
            assertTrue(readmeCommands.contains(r), "README lacks the Makefile's command: " + r);
        }
        assertTrue(readme.contains("`" + recipes.get(3) + "`") && readme.contains("`" + recipes.get(4) + "`"), readme);
        String yosys = recipes.get(0);
        assertTrue(yosys.startsWith("yosys ") && yosys.contains("synth_ice40 -dsp -top mnist_tiny_board "), yosys);
        assertTrue(recipes.get(1).startsWith("nextpnr-ice40 --up5k --package sg48 ") && recipes.get(1).contains("--pcf mnist_tiny.pcf")
                && recipes.get(1).contains("--freq 24 ") && recipes.get(1).contains("--report report.json"), recipes.get(1));
        assertEquals("icepack mnist_tiny.asc mnist_tiny.bin", recipes.get(2));
        String pcf = Files.readString(icebreaker.resolve("mnist_tiny.pcf"));
        assertTrue(pcf.contains("set_io clk_12mhz 35") && pcf.contains("set_io uart_rx 6") && pcf.contains("set_io uart_tx 9"), pcf);
        assertTrue(Files.readString(icebreaker.resolve("mnist_tiny_board.v")).contains("SB_PLL40_PAD"));
    }

    @Test
    void theUpduinoDesignUsesItsOscillatorPinAndTheCorePll(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("up");
        CliRun.bwn("gen", "verilog", TINY.toString(), "-o", out.toString(), "--board", "upduino3", "--clock-mhz", "12").assertOk();
        String top = Files.readString(out.resolve("mnist_tiny_board.v"));
        assertFalse(top.contains("SB_PLL40"), "12 MHz is the oscillator's own frequency: no PLL");
        assertTrue(top.contains("SB_RGBA_DRV"), top);
        String pcf = Files.readString(out.resolve("mnist_tiny.pcf"));
        assertTrue(pcf.contains("set_io clk_12mhz 20") && pcf.contains("set_io uart_tx 14") && pcf.contains("set_io flash_select_n 16"), pcf);
        assertTrue(Files.readString(out.resolve("board.txt")).contains("cycles_per_bit 104"));
        CliRun.bwn("gen", "verilog", TINY.toString(), "-o", out.toString(), "--board", "upduino3", "--clock-mhz", "30").assertOk();
        assertTrue(Files.readString(out.resolve("mnist_tiny_board.v")).contains("SB_PLL40_CORE"));
    }

    @Test
    void theGenericReadmeSaysHowManyPinsTheTopNeeds(@TempDir Path dir) throws Exception {
        CliRun.bwn("gen", "verilog", TINY.toString(), "-o", dir.resolve("g").toString()).assertOk();
        String readme = Files.readString(dir.resolve("g/README.md"));
        // clk, rst, in_valid, in_ready, out_valid, out_ready, 8 input bits, 4 class bits, 10 logits of 32 bits
        assertTrue(readme.contains("needs 338 pins"), readme);
        assertTrue(readme.contains("synth_ice40 -dsp "), readme);
        assertFalse(Files.exists(dir.resolve("g/Makefile")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--board|arty|--board: board must be icebreaker, upduino3 or generic",
            "--clock-mhz|13|--clock-mhz 13: the iCE40 PLL makes 16..275 MHz",
            "--clock-mhz|300|--clock-mhz 300: the iCE40 PLL makes 16..275 MHz",
            "--baud|4000000|--baud 4000000 is too fast for a 24 MHz clock (6 cycles per bit; at least 8 needed)",
            "--baud|2100000|--baud 2100000: the nearest divisor of the 24 MHz clock, 11, is 3.9% off",
            "--device|hx8k|--device hx8k: the iCEBreaker carries an iCE40 UP5K",
            "--interface|axis|--interface axis wraps the streaming top; a --board design talks UART"})
    void whatABoardCannotDoIsOneLineAndWritesNothing(String option, String value, String expected, @TempDir Path dir) {
        Path out = dir.resolve("d");
        SortedMap<String, String> before = FolderSnapshot.of(dir);
        List<String> args = new ArrayList<>(List.of("gen", "verilog", TINY.toString(), "-o", out.toString()));
        if (!option.equals("--board")) {
            args.addAll(List.of("--board", "icebreaker"));
        }
        args.addAll(List.of(option, value));
        CliRun.bwn(args.toArray(String[]::new)).assertRefused(expected);
        assertEquals(before, FolderSnapshot.of(dir));
    }

    @Test
    void spramWeightsOnTheIcebreakerAreLoadedFromItsFlashAndMakeProgWritesThem(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("spram");
        CliRun.bwn("gen", "verilog", TINY.toString(), "-o", out.toString(), "--board", "icebreaker", "--weights-in", "spram").assertOk();
        String pcf = Files.readString(out.resolve("mnist_tiny.pcf"));
        // FLASH_SCK, FLASH_SSB, FLASH_IO0, FLASH_IO1 of icestorm's examples/icebreaker/icebreaker.pcf
        assertTrue(pcf.contains("set_io flash_sck 15") && pcf.contains("set_io flash_csn 16") && pcf.contains("set_io flash_mosi 14")
                && pcf.contains("set_io flash_miso 17"), pcf);
        List<String> recipes = recipes(out.resolve("Makefile"));
        assertEquals("iceprog mnist_tiny.bin && iceprog -o 0x100000 mnist_tiny_weights.bin", recipes.get(4));
        assertTrue(Files.size(out.resolve("mnist_tiny_weights.bin")) > 0);
        String readme = Files.readString(out.resolve("README.md"));
        assertTrue(readme.contains("`" + recipes.get(4) + "`") && readme.contains("with the single byte `0xFE`"), readme);
        String top = Files.readString(out.resolve("mnist_tiny_board.v"));
        assertTrue(top.contains(".flash_miso(flash_miso)") && top.contains("assign led_error_n = !(last_error || weights_error);"), top);
        // the offset leaves the erase blocks of the largest bitstream alone
        assertTrue(BoardDesign.flashPlacementProblem(Board.ICEBREAKER, WeightLoad.DEFAULT_FLASH_OFFSET, 1 << 17) == null);
        assertTrue(BoardDesign.flashPlacementProblem(Board.ICEBREAKER, 0x10000, 16).contains("would share the erase blocks of the bitstream"));
        assertTrue(BoardDesign.flashPlacementProblem(Board.ICEBREAKER, 0xFFFF00, 512).contains("does not fit the iCEBreaker's 16 MiB flash"));
    }

    /**
     * mnist-tiny's fastest folding (kernel taps) leaves no room for the 'L' answer: by default the board keeps the answer
     * and folds slower; --no-logit-answer trades it for speed; without --board the option is refused.
     */
    @Test
    void theLogitAnswerIsKeptUnlessTradedForSpeed(@TempDir Path dir) throws Exception {
        String tiny = RepoRoot.find().resolve("examples/mnist-tiny.bwn.json").toString();
        CliRun kept = CliRun.bwn("gen", "verilog", tiny, "-o", dir.resolve("kept").toString(), "--board", "icebreaker");
        kept.assertOk();
        assertFalse(kept.out().contains("class only") || kept.out().contains("does NOT fit"), kept.out());
        assertFalse(Files.readString(dir.resolve("kept/board.txt")).contains("logits_answer 0"));
        CliRun fast = CliRun.bwn("gen", "verilog", tiny, "-o", dir.resolve("fast").toString(), "--board", "icebreaker",
                "--no-logit-answer");
        fast.assertOk();
        assertTrue(fast.out().contains("'L' answered with the class only (--no-logit-answer)"), fast.out());
        assertTrue(Files.readString(dir.resolve("fast/board.txt")).contains("logits_answer 0"));
        assertTrue(cyclesPerImage(fast.out()) < cyclesPerImage(kept.out()), kept.out() + fast.out());
        SortedMap<String, String> before = FolderSnapshot.of(dir);
        CliRun.bwn("gen", "verilog", tiny, "-o", dir.resolve("plain").toString(), "--no-logit-answer")
                .assertRefused("--no-logit-answer applies to a board design");
        assertEquals(before, FolderSnapshot.of(dir));
    }

    private static long cyclesPerImage(String out) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) cycles per image").matcher(out);
        assertTrue(m.find(), out);
        return Long.parseLong(m.group(1));
    }

    @Test
    void theWideLenet5BuildsForTheIcebreakerWithItsWeightsInSpramAndWithoutTheLogitAnswer(@TempDir Path dir) throws Exception {
        // with the 'L' answer's multiplexer nextpnr needed 5,497 of 5,280 cells; without it, 5,057 (docs/BENCHMARKS.md)
        Path out = dir.resolve("lenet5");
        CliRun run = CliRun.bwn("gen", "verilog", RepoRoot.find().resolve("examples/mnist-lenet5.bwn.json").toString(), "-o",
                out.toString(), "--board", "icebreaker");
        run.assertOk();
        assertTrue(run.out().contains("4 SPRAMs") && run.out().contains("'L' answered with the class only")
                && !run.out().contains("does NOT fit"), run.out());
        assertTrue(Files.readString(out.resolve("board.txt")).contains("logits_answer 0"));
        assertTrue(Files.readString(out.resolve("README.md")).contains("this design does not send its logits"));
        assertTrue(Files.readString(out.resolve("host.py")).contains("leave out --logits"));
        assertFalse(Files.readString(out.resolve("mnist_lenet5_wide_board_core.v")).contains("net_out_logits[7:0]"));
    }

    @Test
    void spramWeightsOnTheUpduinoAreRefusedInOneLineNamingTheSharedClockPin(@TempDir Path dir) {
        SortedMap<String, String> before = FolderSnapshot.of(dir);
        CliRun.bwn("gen", "verilog", TINY.toString(), "-o", dir.resolve("d").toString(), "--board", "upduino3", "--weights-in", "spram")
                .assertRefused("--weights-in: 4 SPRAMs need a weight load, but the UPduino 3.0's SPI flash clock (pin 15) is the "
                        + "FT232H's UART output");
        assertEquals(before, FolderSnapshot.of(dir));
    }

    @Test
    void clockAndBaudWithoutABoardAreRefused(@TempDir Path dir) {
        CliRun.bwn("gen", "verilog", TINY.toString(), "-o", dir.resolve("d").toString(), "--baud", "9600")
                .assertRefused("--baud applies to a board design; add --board icebreaker or --board upduino3");
        assertFalse(Files.exists(dir.resolve("d")));
    }

    /**
     * A small random network whose input has several channels of fewer than 8 bits and whose logits are not whole
     * bytes: the frame packs values per beat and the answer sign-extends logit bytes. Small, so it builds quickly.
     */
    static Network oddWidths() {
        Network net = RandomNetworks.generate(ODD_SEED, new RandomNetworks.Options(1, 1, 4, 8, 16, 2, 8, RequantMode.MULTIPLY, true));
        assertTrue(net.inputShape().channels() > 1 && net.inputType().bits() < 8 && net.logitType().bits() % 8 != 0,
                "seed " + ODD_SEED + " no longer gives the widths this test needs: " + net.inputShape() + " " + net.inputType() + " " + net.logitType());
        return net;
    }

    static final long ODD_SEED = 3;

    @Test
    void verifyTargetBoardPassesAndNamesTheVectorOfAWrongAnswer(@TempDir Path dir) throws Exception {
        RequireTools.require("verilator");
        Path model = dir.resolve("odd.bwn.json");
        Network net = oddWidths();
        ModelIo.write(net, model);
        Path design = dir.resolve("odd");
        CliRun.bwn("gen", "verilog", model.toString(), "-o", design.toString(), "--board", "icebreaker").assertOk();
        // one work folder: the second run reuses the simulator (ROM images are read at run time)
        Path work = dir.resolve("work");
        CliRun ok = CliRun.bwn("verify", model.toString(), "--target", "board", "--vectors", "6", "--design", design.toString(),
                "--jobs", "1", "--no-progress", "--work", work.toString());
        ok.assertOk();
        assertTrue(ok.out().contains("board") && ok.out().contains("PASS") && ok.out().contains("6 vectors, 0 mismatches"), ok.out());

        // the last layer's first weight word inverted: its logits change
        String suffix = "_" + Identifiers.sanitize(net.layers().get(net.layers().size() - 1).name()) + "_weights.hex";
        Path weights;
        try (var files = Files.list(design)) {
            weights = files.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst().orElseThrow();
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(weights));
        StringBuilder inverted = new StringBuilder();
        for (char c : lines.get(0).toCharArray()) {
            inverted.append(Character.forDigit(15 - Character.digit(c, 16), 16));
        }
        lines.set(0, inverted.toString());
        Files.write(weights, lines);
        CliRun bad = CliRun.bwn("verify", model.toString(), "--target", "board", "--vectors", "6", "--design", design.toString(),
                "--jobs", "1", "--no-progress", "--work", work.toString());
        assertEquals(Main.EXIT_FAILED, bad.code(), bad.out() + bad.err());
        assertTrue(bad.out().contains("FAIL") && bad.out().contains("first mismatch: vector=") && bad.out().contains("field="), bad.out());

        // a design folder without a board is bad input, one line, before any vector is written
        CliRun.bwn("gen", "verilog", model.toString(), "-o", dir.resolve("plain").toString()).assertOk();
        CliRun.bwn("verify", model.toString(), "--target", "board", "--vectors", "1", "--design", dir.resolve("plain").toString(),
                "--no-progress").assertRefused("not a board design");
    }
}
