package dev.bwn.codegen.verilog.board;

import dev.bwn.codegen.Identifiers;
import dev.bwn.codegen.verilog.AutoFolder;
import dev.bwn.codegen.verilog.Engine;
import dev.bwn.codegen.verilog.EngineChoice;
import dev.bwn.codegen.verilog.SimulationModels;
import dev.bwn.codegen.verilog.VerilogLowering;
import dev.bwn.model.Network;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.codegen.verilog.WeightLoad;

import java.util.Locale;
import java.util.Map;

/**
 * A network design wrapped for a board: the clock it runs at (the oscillator's, or a PLL's output), the UART's bit
 * period in clock cycles and its frame timeout, and the names of the extra modules. Immutable; checked when made, so
 * an impossible clock or baud rate is refused before anything is written.
 *
 * @param pll null when the design runs straight from the oscillator
 */
public record BoardDesign(VerilogDesign design, Board board, double requestedMhz, Ice40Pll pll, int baud,
                          int cyclesPerBit, long timeoutCycles, UartProtocol protocol, Names names) {
    public static final int DEFAULT_BAUD = 115_200;
    public static final double DEFAULT_CLOCK_MHZ = 24;
    /** A receiver sampling once per bit at its middle tolerates about half a bit over ten bits; keep well inside. */
    public static final double MAX_BAUD_ERROR = 0.02;
    /** Fewer cycles per bit than this and the middle-of-bit sampling has no margin left for the synchroniser delay. */
    public static final int MIN_CYCLES_PER_BIT = 8;
    /** The largest iCE40 UP5K bitstream icepack writes (the size of every UP5K .bin; BoardBitstreamTest checks it). */
    public static final int MAX_BITSTREAM_BYTES = 104_090;
    /** iceprog erases the flash in 64 KiB blocks before writing a file. */
    public static final int FLASH_ERASE_BYTES = 64 * 1024;
    /**
     * Logic cells the board core adds to the network's estimate per byte of the 'L' answer (its byte multiplexer over
     * the logit bus), calibrated with nextpnr as the board design's cells minus the network's estimate: mnist-tiny +304,
     * mnist-lenet5-classic +160 and mnist-lenet5 +362 with the 40-byte answer (docs/BENCHMARKS.md). Without it the
     * core adds nothing measurable (mnist-lenet5: 5,057 cells against an estimate of 5,135): yosys then removes the network's logit registers, which offsets
     * the UARTs and the frame receiver.
     */
    public static final double LOGIT_ANSWER_CELLS_PER_BYTE = 9.0;
    /**
     * Logic cells the board core's UART weight load (its framing, counters and answer) adds to the network's estimate,
     * measured with nextpnr on mnist-lenet5 for the UPduino 3.0 with {@code --weights-load uart}: 5,174 cells against
     * an estimate of 5,056 (docs/BENCHMARKS.md). One design: a calibration, not a law.
     */
    public static final int UART_LOAD_CELLS = 118;

    /** Module names, unique among the network's modules (a layer may be named "board"). */
    /** Module names: the board top, the core, the UART's two halves, and the simulation top of a flash design. */
    public record Names(String top, String core, String uartRx, String uartTx, String flashSimulation) {
    }

    /**
     * The network design a board gets, for {@code bwn gen verilog --board} and {@code bwn verify --target board} alike.
     * With {@code logitAnswer}, the auto-folder leaves room for the board core's 'L' answer when some folding allows
     * it (else the fastest folding without it, and {@link #of} drops the answer); without, the folding may use that room.
     */
    public static EngineChoice chooseNetworkDesign(Network net, VerilogLowering.Options options, Engine engine,
                                                   boolean pipelineShapeAsked, boolean logitAnswer) {
        EngineChoice plain = EngineChoice.choose(net, options, engine, pipelineShapeAsked, d -> boardLogicCells(d, false));
        // a re-fold below keeps the same kind of hardware
        Engine same = plain.design().sequentialEngine().isPresent() ? Engine.SEQUENTIAL : Engine.PIPELINE;
        if (!logitAnswer) {
            // asked for speed: fold again with the room the unread logit registers leave (boardLogicCells is negative
            // then; it depends on the network, not on its folding), and take that only when it fits and is faster, as
            // the folder's greedy path from a different budget can end elsewhere
            int without = boardLogicCells(plain.design(), false);
            if (without >= 0) {
                return plain;
            }
            EngineChoice roomier = EngineChoice.choose(net, options.withReservedLogicCells(without), same, pipelineShapeAsked,
                    d -> boardLogicCells(d, false));
            boolean better = AutoFolder.fits(roomier.design(), boardLogicCells(roomier.design(), false))
                    && roomier.design().initiationInterval() < plain.design().initiationInterval();
            return better ? new EngineChoice(roomier.design(), plain.note()) : plain;
        }
        int withAnswer = boardLogicCells(plain.design(), true);
        if (AutoFolder.fits(plain.design(), withAnswer)) {
            return plain;
        }
        // folded with the answer's cells kept free
        EngineChoice reserved = EngineChoice.choose(net, options.withReservedLogicCells(withAnswer), same, pipelineShapeAsked,
                d -> boardLogicCells(d, true));
        return AutoFolder.fits(reserved.design(), boardLogicCells(reserved.design(), true))
                ? new EngineChoice(reserved.design(), plain.note()) : plain;
    }

    /** {@link #of(VerilogDesign, Board, double, int, boolean)} with the 'L' answer wherever it fits. */
    public static BoardDesign of(VerilogDesign design, Board board, double clockMhz, int baud) {
        return of(design, board, clockMhz, baud, true);
    }

    /**
     * Wraps {@code design} for {@code board} at {@code clockMhz} (the oscillator's frequency needs no PLL) and
     * {@code baud}. Throws IllegalArgumentException, naming the option, for what the board cannot do.
     */
    public static BoardDesign of(VerilogDesign design, Board board, double clockMhz, int baud, boolean logitAnswer) {
        if (!design.weightLoad().isEmpty() && design.weightLoad().source() == WeightLoad.Source.FLASH) {
            String noLoad = board.noWeightLoad().orElse(null);
            if (noLoad != null) {
                throw new IllegalArgumentException("--weights-in: " + design.estimatedSprams() + " SPRAMs need a weight load, but " + noLoad);
            }
            String placement = flashPlacementProblem(board, WeightLoad.DEFAULT_FLASH_OFFSET, 2 * design.weightLoad().words());
            if (placement != null) {
                throw new IllegalArgumentException("--weights-in: " + placement);
            }
        }
        Ice40Pll pll = null;
        double clock = board.oscillatorMhz();
        if (!(clockMhz > 0) || Double.isInfinite(clockMhz)) {
            throw new IllegalArgumentException("--clock-mhz must be a positive frequency, got " + clockMhz);
        }
        if (Math.abs(clockMhz - board.oscillatorMhz()) > 1e-9) {
            if (clockMhz < Ice40Pll.MIN_OUTPUT_MHZ || clockMhz > Ice40Pll.MAX_OUTPUT_MHZ) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "--clock-mhz %s: the iCE40 PLL makes %.0f..%.0f MHz, or use the %s oscillator's %s MHz without it",
                        plain(clockMhz), Ice40Pll.MIN_OUTPUT_MHZ, Ice40Pll.MAX_OUTPUT_MHZ, board.title(), plain(board.oscillatorMhz())));
            }
            pll = Ice40Pll.closest(board.oscillatorMhz(), clockMhz);
            clock = pll.outputMhz();
        }
        if (baud < 300) {
            throw new IllegalArgumentException("--baud must be at least 300, got " + baud);
        }
        double clockHz = clock * 1e6;
        long cycles = Math.round(clockHz / baud);
        if (cycles < MIN_CYCLES_PER_BIT) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--baud %d is too fast for a %s MHz clock "
                    + "(%d cycles per bit; at least %d needed)", baud, plain(clock), cycles, MIN_CYCLES_PER_BIT));
        }
        double error = Math.abs(clockHz / cycles - baud) / baud;
        if (error > MAX_BAUD_ERROR) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--baud %d: the nearest divisor of the %s MHz "
                    + "clock, %d, is %.1f%% off (at most %.0f%% works)", baud, plain(clock), cycles, error * 100, MAX_BAUD_ERROR * 100));
        }
        if (cycles > Integer.MAX_VALUE / UartProtocol.BITS_PER_BYTE) {
            throw new IllegalArgumentException("--baud " + baud + " is too slow for a " + plain(clock) + " MHz clock");
        }
        long timeout = Math.max(Math.round(clockHz * UartProtocol.TIMEOUT_SECONDS),
                (long) UartProtocol.TIMEOUT_MIN_BYTES * UartProtocol.BITS_PER_BYTE * cycles);
        // the 'L' answer's byte multiplexer over the logit bus is most of the board core: drop it only when that
        // makes the difference between fitting the device and not
        boolean logits = logitAnswer && (AutoFolder.fits(design, boardLogicCells(design, true))
                || !AutoFolder.fits(design, boardLogicCells(design, false)));
        UartProtocol protocol = UartProtocol.of(design, logits);
        return new BoardDesign(design, board, clockMhz, pll, baud, (int) cycles, timeout, protocol, names(design));
    }

    /**
     * Why the weight image cannot sit at {@code offset} in the board's flash, or null: the bitstream at address 0 may be
     * up to {@link #MAX_BITSTREAM_BYTES}, and iceprog erases whole {@link #FLASH_ERASE_BYTES} blocks for it, so the
     * image must start past the last block the largest bitstream touches, and end inside the flash.
     */
    public static String flashPlacementProblem(Board board, long offset, long imageBytes) {
        long bitstreamBlocksEnd = (MAX_BITSTREAM_BYTES + FLASH_ERASE_BYTES - 1) / FLASH_ERASE_BYTES * FLASH_ERASE_BYTES;
        if (offset < bitstreamBlocksEnd) {
            return String.format(Locale.ROOT, "the weight image at flash offset 0x%06X would share the erase blocks of the "
                    + "bitstream (up to %,d bytes from 0, erased in %d KiB blocks up to 0x%06X)", offset, MAX_BITSTREAM_BYTES,
                    FLASH_ERASE_BYTES / 1024, bitstreamBlocksEnd);
        }
        if (offset + imageBytes > board.flashBytes()) {
            return String.format(Locale.ROOT, "the weight image (%,d bytes at 0x%06X) does not fit the %s's %d MiB flash",
                    imageBytes, offset, board.title(), board.flashBytes() >> 20);
        }
        return null;
    }

    /** Whether the weights come over the UART (a weight load precedes the first frame). */
    public boolean uartLoad() {
        return !design.weightLoad().isEmpty() && design.weightLoad().source() == WeightLoad.Source.UART;
    }

    /** Whether the weights load from the SPI flash at start-up (a wait for the load precedes the first frame). */
    public boolean flashLoad() {
        return !design.weightLoad().isEmpty() && design.weightLoad().source() == WeightLoad.Source.FLASH;
    }

    /** Clock cycles a UART weight load takes on the line: the 'W', the length and the image, 10 bits a byte. */
    public long uartLoadCycles() {
        return uartLoad() ? UartProtocol.loadFrame(design.weightLoad().image()).length * (long) UartProtocol.BITS_PER_BYTE * cyclesPerBit : 0;
    }

    /**
     * Logic cells the board core adds to the network's estimate, with or without the 'L' answer's logits, and with the
     * UART weight load's framing when the weights come that way.
     */
    public static int boardLogicCells(VerilogDesign d, boolean logits) {
        return logits ? logitAnswerCells(d) + weightLoadCells(d) : weightLoadCells(d) - unreadLogitCells(d);
    }

    /** Cells of the 'L' answer's byte multiplexer over the logit bus. */
    public static int logitAnswerCells(VerilogDesign d) {
        return (int) Math.ceil(d.classes() * ((d.logitType().bits() + 7) / 8) * LOGIT_ANSWER_CELLS_PER_BYTE);
    }

    /** Cells of the UART weight load's framing, or 0 when the weights do not come over the UART. */
    public static int weightLoadCells(VerilogDesign d) {
        return !d.weightLoad().isEmpty() && d.weightLoad().source() == WeightLoad.Source.UART ? UART_LOAD_CELLS : 0;
    }

    /**
     * Cells of the argmax's logit registers, which the network's estimate counts and which nothing reads without the
     * answer, so yosys removes them (mnist-tiny, two folds: 207 and 190 fewer flip-flops than estimated, 268 and 220
     * fewer cells).
     */
    public static int unreadLogitCells(VerilogDesign d) {
        return d.classes() * d.logitType().bits() * VerilogDesign.CELLS_PER_HUNDRED_FLIP_FLOPS / 100;
    }

    /** Logic cells of this design's board core ({@link #boardLogicCells}). */
    public int boardLogicCells() {
        return boardLogicCells(design, protocol.logitsAnswer());
    }

    /** Whether the network and its board core fit the board's device ({@link AutoFolder#fits(VerilogDesign, int)}). */
    public boolean fits() {
        return AutoFolder.fits(design, boardLogicCells());
    }

    /** The resources the network and its board core run out of, or empty. */
    public String shortfall() {
        return AutoFolder.shortfall(design, boardLogicCells());
    }

    /** The frequency the design runs at, in MHz (the PLL's achieved output, or the oscillator). */
    public double clockMhz() {
        return pll == null ? board.oscillatorMhz() : pll.outputMhz();
    }

    /** The baud rate the divisor really gives. */
    public double actualBaud() {
        return clockMhz() * 1e6 / cyclesPerBit;
    }

    /** The file names of the bitstream flow: {@code NAME.json}, {@code .asc}, {@code .bin}, {@code .pcf}. */
    public String baseName() {
        return design.topModule();
    }

    static String plain(double mhz) {
        return mhz == Math.rint(mhz) ? Long.toString((long) mhz) : String.format(Locale.ROOT, "%.3f", mhz);
    }

    private static Names names(VerilogDesign design) {
        Identifiers ids = new Identifiers();
        Map<String, String> files = VerilogGenerator.files(design);
        for (String file : VerilogGenerator.verilogFiles(files)) {
            ids.reserve(file.substring(0, file.length() - 2));
        }
        ids.reserve(SimulationModels.FLASH_MODULE);
        String top = design.topModule();
        return new Names(ids.unique(top + "_board"), ids.unique(top + "_board_core"), ids.unique(top + "_uart_rx"),
                ids.unique(top + "_uart_tx"), ids.unique(top + "_board_flash_sim"));
    }
}
