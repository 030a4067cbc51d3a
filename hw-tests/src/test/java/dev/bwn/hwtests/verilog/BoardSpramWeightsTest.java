package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.codegen.verilog.VerilogLowering;
import dev.bwn.codegen.verilog.WeightMemory;
import dev.bwn.codegen.verilog.board.Board;
import dev.bwn.codegen.verilog.board.BoardDesign;
import dev.bwn.codegen.verilog.board.BoardGenerator;
import dev.bwn.codegen.verilog.board.UartProtocol;
import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.hwtests.SlicedRun;
import dev.bwn.model.Network;
import dev.bwn.model.RequantMode;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;
import dev.bwn.model.random.RandomNetworks;
import dev.bwn.model.vectors.TestVectors;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An iCEBreaker design whose weights are in SPRAM, simulated in Verilator from reset: the board core wakes the
 * behavioural SPI flash, loads the weight image into yosys' SB_SPRAM256KA behaviour and checks its CRC, then answers
 * UART frames (bit by bit at the real divisor) bit-exactly with the Java reference. The same design with one flipped
 * byte in its flash image, and with an erased flash (an empty image reads as 0xFF), answers every frame with the single
 * byte 0xFE and never a class. The core is lint-clean under {@code verilator -Wall}.
 */
class BoardSpramWeightsTest {
    private static final int VECTORS = 3;

    @Test
    void weightsLoadedFromFlashAreBitExactAndABadImageIsAnsweredWithTheWeightsByte() throws Exception {
        RequireTools.require("verilator");
        Path work = Designs.fresh("board-spram");
        Network net = Designs.network(new Designs.Case(42, Designs.Kinds.DENSE_ONLY, Designs.Widths.BYTE, RequantMode.MULTIPLY,
                Designs.Folding.AUTO_UP5K));
        VerilogDesign design = VerilogLowering.lower(net, VerilogLowering.Options.auto(Device.UP5K, "bwn test")
                .withWeightMemory(WeightMemory.SPRAM));
        assertTrue(design.estimatedSprams() > 0);
        Path designDir = work.resolve("design");
        GeneratedFolder.write(designDir, OutputKind.VERILOG_DESIGN, BoardGenerator.files(
                BoardDesign.of(design, Board.ICEBREAKER, BoardDesign.DEFAULT_CLOCK_MHZ, BoardDesign.DEFAULT_BAUD)));
        BoardSummary board = BoardSummary.read(designDir);
        assertEquals(design.weightLoad().loadCycles(), board.flash().loadCycles());

        List<String> lint = new ArrayList<>(List.of("verilator", "--lint-only", "-Wall", "--top-module", board.core()));
        board.verilogFiles().forEach(p -> lint.add(p.toString()));
        Path model = work.resolve("SB_SPRAM256KA.v");
        Files.writeString(model, VerilatorRunner.simulationModels().get("SB_SPRAM256KA.v"));
        lint.add(model.toString());
        Processes.Result l = Processes.run(lint, designDir, Duration.ofMinutes(2));
        assertEquals(0, l.exitCode(), l.output());
        assertTrue(l.output().isBlank(), l.output());

        BoardSimulator.Build build = BoardSimulator.build(board, Designs.CACHE, false);
        assertTrue(build.ok(), build.output());
        Path vectors = work.resolve("vectors");
        TestVectors.write(net, RandomNetworks.randomInputs(net, VECTORS, 2026), vectors, false);
        SlicedRun.SliceResult r = BoardSimulator.check(build, board, vectors, 0, work, false);
        assertNull(r.firstMismatch());
        assertEquals(VECTORS, r.vectors());

        UartProtocol p = board.protocol();
        int[] image = RandomNetworks.randomInputs(net, 1, 5).get(0);
        List<String> frames = List.of("idle " + BoardSimulator.loadCycles(board), BoardSimulator.send(p.frame(image, false)),
                BoardSimulator.send(p.frame(image, true)));
        byte[] refused = {(byte) UartProtocol.WEIGHTS_BAD, (byte) UartProtocol.WEIGHTS_BAD};
        Path flashImage = designDir.resolve(VerilogGenerator.weightImageFile(design));
        byte[] good = Files.readAllBytes(flashImage);

        // one flipped byte: the CRC differs, so no frame is classified with the wrong weights
        byte[] corrupted = good.clone();
        corrupted[corrupted.length / 2] ^= 0x01;
        Files.write(flashImage, corrupted);
        BoardSimulator.Run bad = BoardSimulator.run(build, board, frames, refused.length, work, false);
        assertTrue(bad.passed(), bad.output());
        assertArrayEquals(refused, bad.answers());

        // an erased flash: every byte reads 0xFF
        Files.write(flashImage, new byte[0]);
        BoardSimulator.Run erased = BoardSimulator.run(build, board, frames, refused.length, work, false);
        assertTrue(erased.passed(), erased.output());
        assertArrayEquals(refused, erased.answers());
    }
}
