package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.Engine;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.VerilogLowering;
import dev.bwn.codegen.verilog.board.Board;
import dev.bwn.codegen.verilog.board.BoardDesign;
import dev.bwn.codegen.verilog.board.BoardGenerator;
import dev.bwn.codegen.verilog.board.UartProtocol;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.hwtests.SlicedRun;
import dev.bwn.model.Network;
import dev.bwn.model.RepoRoot;
import dev.bwn.model.data.Dataset;
import dev.bwn.model.data.Split;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;
import dev.bwn.model.vectors.TestVectors;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The iCEBreaker design of mnist-resnet8 as {@code bwn gen verilog --board icebreaker} makes it: the layer-sequential
 * engine, its constants in SPRAM loaded from the behavioural SPI flash, inside the board core. Simulated in Verilator
 * from reset through the UART pins at the real bit period: two MNIST test images, one answered with the class and one
 * with the logits, bit-exact with the Java reference. The same design with one flipped byte in its flash image answers
 * with 0xFE (the weights failed their check) and never a class. SequentialEngineBitExactTest drives the engine at its
 * stream ports; this is the path a user's board takes.
 */
class BoardEngineUartTest {
    private static final int IMAGES = 2;

    @Test
    void resnet8OnTheBoardAnswersOverTheUartBitExactlyAndRefusesACorruptedFlashImage() throws Exception {
        RequireTools.require("verilator");
        Network net = ModelIo.read(RepoRoot.find().resolve("examples/mnist-resnet8.bwn.json"));
        Path work = Designs.fresh("board-engine");
        Path designDir = work.resolve("design");
        VerilogDesign design = BoardDesign.chooseNetworkDesign(net, VerilogLowering.Options.auto(Device.UP5K, "bwn test"),
                Engine.AUTO, false, true).design();
        assertTrue(design.sequentialEngine().isPresent(), "resnet8 does not fit the UP5K as a pipeline: the engine");
        GeneratedFolder.write(designDir, OutputKind.VERILOG_DESIGN, BoardGenerator.files(
                BoardDesign.of(design, Board.ICEBREAKER, BoardDesign.DEFAULT_CLOCK_MHZ, BoardDesign.DEFAULT_BAUD)));
        BoardSummary board = BoardSummary.read(designDir);
        assertTrue(board.flash() != null, "the engine's constants load from flash");

        BoardSimulator.Build build = BoardSimulator.build(board, Designs.CACHE, false);
        assertTrue(build.ok(), build.output());
        Path vectors = work.resolve("vectors");
        TestVectors.write(net, Arrays.asList(Dataset.load(Dataset.MNIST, Split.TEST).head(IMAGES).images()), vectors, true);
        SlicedRun.SliceResult r = BoardSimulator.check(build, board, vectors, 0, work, false);
        assertNull(r.firstMismatch());
        assertEquals(IMAGES, r.vectors());
        // a frame's bits bound the rate from below; the engine's program and the answer bytes bound it from above
        long frameCycles = (long) board.protocol().frame(new int[board.protocol().inputValues()], false).length
                * UartProtocol.BITS_PER_BYTE * board.cyclesPerBit();
        long answerCycles = (long) board.protocol().answerBytes(true) * UartProtocol.BITS_PER_BYTE * board.cyclesPerBit();
        assertTrue(r.cyclesPerImage() > frameCycles
                && r.cyclesPerImage() < frameCycles + design.initiationInterval() + answerCycles, "" + r.cyclesPerImage());

        // one flipped byte in the constants' flash image: the load's check fails and frames are refused, not classified
        Path flashImage = designDir.resolve(board.flash().image());
        byte[] corrupted = Files.readAllBytes(flashImage);
        corrupted[corrupted.length / 3] ^= 0x10;
        Files.write(flashImage, corrupted);
        int[] image = TestVectors.readValues(vectors.resolve(TestVectors.INPUTS), board.protocol().inputValues()).get(0);
        BoardSimulator.Run refused = BoardSimulator.run(build, board, List.of("idle " + BoardSimulator.loadCycles(board),
                BoardSimulator.send(board.protocol().frame(image, false))), 1, work, false);
        assertTrue(refused.passed(), refused.output());
        assertArrayEquals(new byte[]{(byte) UartProtocol.WEIGHTS_BAD}, refused.answers());
    }
}
