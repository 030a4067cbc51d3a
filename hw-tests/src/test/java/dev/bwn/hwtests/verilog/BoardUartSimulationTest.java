package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.Engine;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.VerilogLowering;
import dev.bwn.codegen.verilog.board.Board;
import dev.bwn.codegen.verilog.board.BoardDesign;
import dev.bwn.codegen.verilog.board.BoardGenerator;
import dev.bwn.codegen.verilog.board.UartProtocol;
import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.hwtests.SlicedRun;
import dev.bwn.model.Network;
import dev.bwn.model.RepoRoot;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;
import dev.bwn.model.random.RandomNetworks;
import dev.bwn.model.vectors.TestVectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The iCEBreaker design of mnist-tiny, simulated in Verilator from the UART pins inwards at the real bit period (208
 * cycles per bit: 115200 baud at 24 MHz): frames in bit by bit, answers decoded bit by bit, compared with the Java
 * reference; a short or garbled frame is answered with 0xFF and the next frame is a new image; the shipped host
 * script frames images exactly as the Java encoder does and checks the answers the simulation produced.
 */
class BoardUartSimulationTest {
    private static Network net;
    private static Path work;
    private static Path designDir;
    private static BoardSummary board;
    private static BoardSimulator.Build build;

    @BeforeAll
    static void buildOnce() throws Exception {
        RequireTools.require("verilator");
        net = ModelIo.read(RepoRoot.find().resolve("examples/mnist-tiny.bwn.json"));
        work = Designs.fresh("board-uart");
        designDir = work.resolve("design");
        // as `bwn gen verilog --board icebreaker` folds it: with room for the 'L' answer
        VerilogDesign design = BoardDesign.chooseNetworkDesign(net, VerilogLowering.Options.auto(Device.UP5K, "bwn"),
                Engine.AUTO, false, true).design();
        GeneratedFolder.write(designDir, OutputKind.VERILOG_DESIGN, BoardGenerator.files(
                BoardDesign.of(design, Board.ICEBREAKER, BoardDesign.DEFAULT_CLOCK_MHZ, BoardDesign.DEFAULT_BAUD)));
        board = BoardSummary.read(designDir);
        build = BoardSimulator.build(board, Designs.CACHE, false);
        assertTrue(build.ok(), build.output());
    }

    @Test
    void everyAnswerIsBitExactWithTheReference() throws Exception {
        assertEquals(208, board.cyclesPerBit());
        Path vectors = work.resolve("vectors");
        TestVectors.write(net, RandomNetworks.randomInputs(net, 3, 2026), vectors, false);
        SlicedRun.SliceResult r = BoardSimulator.check(build, board, vectors, 0, work, false);
        assertEquals(null, r.firstMismatch());
        assertEquals(3, r.vectors());
        // 785 bytes of 10 bits each per frame, at 208 cycles a bit, bound the rate: the network is never the limit
        assertTrue(r.cyclesPerImage() > 785 * 10 * 208 && r.cyclesPerImage() < 1.1 * 785 * 10 * 208, "" + r.cyclesPerImage());
    }

    @Test
    void aShortOrGarbledFrameIsAnsweredWithTheErrorByteAndTheNextFrameIsANewImage() throws Exception {
        UartProtocol p = board.protocol();
        int[] image = RandomNetworks.randomInputs(net, 3, 7).get(2);
        byte[] frame = p.frame(image, false);
        byte[] answer = p.answer(net.infer(image).predictedClass(), net.infer(image).logits(), false);
        List<String> script = new ArrayList<>();
        // stray bytes between frames are ignored
        script.add(BoardSimulator.send(new byte[]{0x00, 0x11, (byte) 0xFE}));
        // a frame that stops after 300 of its 784 image bytes: after the timeout, 0xFF
        script.add(BoardSimulator.send(Arrays.copyOf(frame, 301)));
        script.add("idle " + (board.timeoutCycles() + 20_000));
        script.add(BoardSimulator.send(frame));
        // a frame with a break (a byte whose stop bit is low) in the middle: 0xFF once it times out
        script.add(BoardSimulator.send(Arrays.copyOf(frame, 400)));
        script.add("low " + 10 * board.cyclesPerBit());
        script.add("idle " + board.cyclesPerBit());
        script.add(BoardSimulator.send(Arrays.copyOfRange(frame, 400, frame.length)));
        script.add("idle " + (board.timeoutCycles() + 20_000));
        script.add(BoardSimulator.send(frame));
        BoardSimulator.Run run = BoardSimulator.run(build, board, script, 4, work, false);
        assertTrue(run.passed(), run.output());
        assertArrayEquals(new byte[]{(byte) 0xFF, answer[0], (byte) 0xFF, answer[0]}, run.answers());
    }

    @Test
    void theShippedHostScriptFramesLikeTheReferenceAndChecksTheSimulatedAnswers() throws Exception {
        RequireTools.require("python3");
        Path vectors = work.resolve("host-vectors");
        TestVectors.write(net, RandomNetworks.randomInputs(net, 2, 99), vectors, false);
        Path frames = work.resolve("frames.bin");
        Processes.Result written = host("--vectors", vectors.toString(), "--write-frames", frames.toString(), "--logits");
        assertEquals(0, written.exitCode(), written.output());
        UartProtocol p = board.protocol();
        List<int[]> inputs = TestVectors.readValues(vectors.resolve(TestVectors.INPUTS), p.inputValues());
        byte[] bytes = Files.readAllBytes(frames);
        byte[] javaFrames = concat(p.frame(inputs.get(0), true), p.frame(inputs.get(1), true));
        assertArrayEquals(javaFrames, bytes, "host.py frames differ from UartProtocol.frame");

        BoardSimulator.Run run = BoardSimulator.run(build, board, List.of(BoardSimulator.send(bytes)),
                2L * p.answerBytes(true), work, false);
        assertTrue(run.passed(), run.output());
        Path answers = work.resolve("answers.bin");
        Files.write(answers, run.answers());
        Processes.Result checked = host("--vectors", vectors.toString(), "--read-answers", answers.toString(), "--logits");
        assertEquals(0, checked.exitCode(), checked.output());
        assertTrue(checked.output().contains("2 images, every answer matched"), checked.output());

        // the live path (--port): a pseudo-terminal stands in for the serial port, a stand-in board at its other end
        // answers each frame with the bytes the simulation sent; host.py sets the port up with termios, as it does
        // without pyserial
        Processes.Result live = Processes.run(List.of("python3", "-c", PTY_BOARD, designDir.resolve("host.py").toString(),
                vectors.toString(), answers.toString(), Integer.toString(p.frame(inputs.get(0), true).length),
                Integer.toString(p.answerBytes(true))), work, Duration.ofMinutes(2));
        assertEquals(0, live.exitCode(), live.output());
        assertTrue(live.output().contains("2 images, every answer matched"), live.output());

        // a wrong logit byte in the second answer is caught and named
        byte[] wrong = run.answers().clone();
        wrong[p.answerBytes(true) + 5] ^= 1;
        Files.write(answers, wrong);
        Processes.Result caught = host("--vectors", vectors.toString(), "--read-answers", answers.toString(), "--logits");
        assertEquals(1, caught.exitCode(), caught.output());
        assertTrue(caught.output().contains("vector 1: logit 1"), caught.output());
        assertFalse(caught.output().contains("Traceback"), caught.output());
    }

    /** A stand-in board on a pseudo-terminal: reads each frame, answers with the next recorded answer. */
    private static final String PTY_BOARD = """
            import os, pty, subprocess, sys
            host, vectors, answers_file, frame_bytes, answer_bytes = sys.argv[1:6]
            frame_bytes, answer_bytes = int(frame_bytes), int(answer_bytes)
            answers = open(answers_file, "rb").read()
            master, slave = pty.openpty()
            proc = subprocess.Popen([sys.executable, host, "--port", os.ttyname(slave), "--vectors", vectors, "--logits"],
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            for i in range(len(answers) // answer_bytes):
                got = b""
                while len(got) < frame_bytes:
                    got += os.read(master, frame_bytes - len(got))
                os.write(master, answers[i * answer_bytes:(i + 1) * answer_bytes])
            out = proc.communicate(timeout=60)[0]
            sys.stdout.write(out.decode())
            sys.exit(proc.returncode)
            """;

    private static Processes.Result host(String... args) {
        List<String> cmd = new ArrayList<>(List.of("python3", designDir.resolve("host.py").toString()));
        cmd.addAll(List.of(args));
        return Processes.run(cmd, work, Duration.ofMinutes(2));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
