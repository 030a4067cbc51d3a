package dev.bwn.cli;

import dev.bwn.codegen.verilog.AutoFolder;
import dev.bwn.codegen.verilog.AxisStreamWrapper;
import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.Fold;
import dev.bwn.codegen.verilog.FoldFile;
import dev.bwn.codegen.verilog.TopInterface;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.codegen.verilog.VerilogLowering;
import dev.bwn.codegen.verilog.board.Board;
import dev.bwn.codegen.verilog.board.BoardDesign;
import dev.bwn.codegen.verilog.board.BoardGenerator;
import dev.bwn.codegen.verilog.WeightMemory;
import dev.bwn.model.Network;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;
import dev.bwn.model.output.OutputPaths;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code bwn gen verilog MODEL -o DIR [--fold auto|FILE] [--device up5k|hx8k|generic] [--interface stream|axis]
 * [--board icebreaker|upduino3|generic [--clock-mhz F] [--baud B]]}: the Verilog backend. The design replaces DIR whole
 * ({@link GeneratedFolder}), so a failure leaves nothing behind and readers never see a mix.
 */
@Command(name = "verilog", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate synthesizable Verilog: one module per file, ROM images, a file list, a FuseSoC core,",
                "a README and an estimate report. Addition-only dot products; valid/ready streaming in and out.",
                "With --board: also a board top, pin constraints, a Makefile that builds the bitstream and a host script."})
final class GenVerilogCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A .bwn.json model file.")
    Path model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "Folder for the design (created; replaced whole if it holds an earlier bwn output, refused if it holds other files).")
    Path output;

    @Option(names = "--fold", defaultValue = "auto", paramLabel = "auto|FILE",
            description = "Folding: chosen for the device budget (auto, default), or a file of 'PE SIMD LAYER-NAME' lines "
                    + "(layers it does not list are folded automatically).")
    String fold;

    @Option(names = "--device", defaultValue = "up5k", paramLabel = "up5k|hx8k|generic",
            description = "Resource budget for automatic folding: iCE40 UP5K (5280 LCs, 30 EBRs, default), HX8K "
                    + "(7680 LCs, 32 EBRs) or generic.")
    String device;

    @Option(names = "--board", defaultValue = "generic", paramLabel = "icebreaker|upduino3|generic",
            description = "Also write a top module for the board (its oscillator, a PLL, reset, a UART taking images and "
                    + "sending classes, LEDs), its pin constraints, a Makefile that builds NAME.bin with yosys, "
                    + "nextpnr-ice40 and icepack, and a host script (docs/BOARDS.md). generic (default): only the "
                    + "streaming top, to instantiate in your own design.")
    String board;

    @Option(names = "--clock-mhz", paramLabel = "MHZ", description = "Clock of a board design: the board's 12 MHz "
            + "oscillator as it is, or 16..275 MHz through the PLL (default: " + BoardDesign.DEFAULT_CLOCK_MHZ + ").")
    Double clockMhz;

    @Option(names = "--baud", paramLabel = "RATE", description = "UART baud rate of a board design (default: "
            + BoardDesign.DEFAULT_BAUD + ").")
    Integer baud;

    @Option(names = "--interface", defaultValue = "stream", paramLabel = "stream|axis",
            description = "Ports of the design: the core's valid/ready streams (stream, default), or an AXI4-Stream "
                    + "wrapper for an AXI DMA (axis: s_axis/m_axis with TLAST, aclk, aresetn active low, a status output; "
                    + "see the design's README).")
    String topInterface;

    @Option(names = "--axis-logits", description = "With --interface axis: each result packet carries the logits after "
            + "the class (one beat each), not the class alone.")
    boolean axisLogits;

    @Option(names = "--weights-in", defaultValue = "auto", paramLabel = "auto|ebr|spram",
            description = "Where conv2d/dense weights live: auto (default: a ROM of 64 kbit or more in SPRAM on the up5k, "
                    + "the rest in block RAM), ebr (block RAM, initialised by the bitstream) or spram (every weight ROM in "
                    + "SB_SPRAM256KA, loaded from SPI flash at start-up; see the design README).")
    String weightsIn;

    @Option(names = "--no-fuse", description = "Do not fuse a conv2d with the max-pool after it (a separate max-pool "
            + "stage, with its own line buffer, streams the full conv map).")
    boolean noFuse;

    @Override
    public Integer call() throws IOException {
        Network net = Models.load(model);
        Device dev;
        Optional<Board> target;
        try {
            dev = Device.parse(device);
            target = Board.parse(board);
        } catch (IllegalArgumentException e) {
            throw new BadInputException((e.getMessage().startsWith("board") ? "--board: " : "--device: ") + e.getMessage());
        }
        if (target.isPresent()) {
            Board b = target.get();
            if (spec.commandLine().getParseResult().hasMatchedOption("--device") && dev != b.device()) {
                throw new BadInputException("--device " + device + ": the " + b.title() + " carries an iCE40 "
                        + b.device().spelling().toUpperCase(Locale.ROOT) + "; leave --device out");
            }
            dev = b.device();
        } else if (clockMhz != null || baud != null) {
            throw new BadInputException((clockMhz != null ? "--clock-mhz" : "--baud")
                    + " applies to a board design; add --board icebreaker or --board upduino3");
        }
        TopInterface ports;
        try {
            ports = TopInterface.parse(topInterface);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--interface: " + e.getMessage());
        }
        if (axisLogits && ports != TopInterface.AXIS) {
            throw new BadInputException("--axis-logits needs --interface axis");
        }
        if (ports == TopInterface.AXIS && target.isPresent()) {
            throw new BadInputException("--interface axis wraps the streaming top; a --board design talks UART: use one of them");
        }
        WeightMemory weightMemory;
        try {
            weightMemory = WeightMemory.parse(weightsIn);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--weights-in: " + e.getMessage());
        }
        if (target.isPresent() && target.get().noWeightLoad().isPresent()) {
            // a board whose flash the design cannot read keeps every weight in block RAM; --weights-in spram is
            // refused by BoardDesign.of, naming why
            if (weightMemory == WeightMemory.AUTO) {
                weightMemory = WeightMemory.EBR;
            }
        }
        Map<String, Fold> folds = Map.of();
        Path foldFile = fold.equals("auto") ? null : Path.of(fold);
        if (foldFile != null) {
            folds = FoldFile.read(foldFile);
        }
        OutputPaths.checkOutput("-o", output, model, foldFile);
        VerilogDesign design = VerilogLowering.lower(net, VerilogLowering.Options.auto(dev, "bwn " + ToolVersion.get())
                .withFusedPools(!noFuse).withFolds(folds, true).withWeightMemory(weightMemory));
        Map<String, String> files;
        String boardLine = "";
        String fit = AutoFolder.fits(design) ? "" : " -- does NOT fit the " + dev.spelling() + ": " + AutoFolder.shortfall(design);
        if (target.isPresent()) {
            BoardDesign boardDesign;
            try {
                boardDesign = BoardDesign.of(design, target.get(), clockMhz == null ? BoardDesign.DEFAULT_CLOCK_MHZ : clockMhz,
                        baud == null ? BoardDesign.DEFAULT_BAUD : baud);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
            files = BoardGenerator.files(boardDesign);
            boardLine = String.format(Locale.ROOT, "%s: %s MHz%s, UART %d baud (%d cycles per bit)%s; `make -C %s` builds %s.bin (docs/BOARDS.md)%n",
                    boardDesign.board().title(), String.format(Locale.ROOT, "%.3f", boardDesign.clockMhz()),
                    boardDesign.pll() == null ? " from the oscillator" : " through the PLL", boardDesign.baud(),
                    boardDesign.cyclesPerBit(), boardDesign.protocol().logitsAnswer() ? ""
                            : ", 'L' answered with the class only (the logit answer would not fit)", output, boardDesign.baseName());
            fit = (boardDesign.boardLogicCells() == 0 ? ""
                    : String.format(Locale.ROOT, " (+%,d logic cells for the board core's logit answer)", boardDesign.boardLogicCells()))
                    + (boardDesign.fits() ? "" : " -- does NOT fit the " + dev.spelling() + ": " + boardDesign.shortfall());
        } else {
            files = VerilogGenerator.files(design);
            if (ports == TopInterface.AXIS) {
                files = AxisStreamWrapper.addTo(design, files, axisLogits);
            }
        }
        GeneratedFolder.write(output, OutputKind.VERILOG_DESIGN, files);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "wrote %d files to %s: top module %s, %d stages, folding %s%n", files.size(), output,
                design.topModule(), design.stages().size(), fold.equals("auto") ? "auto" : fold);
        out.printf(Locale.ROOT, "estimate for %s: %d LUTs, %d block RAMs%s, %d cycles per image%s%n", dev.spelling(),
                design.estimatedLuts(), design.estimatedBlockRams(),
                design.estimatedSprams() == 0 ? "" : String.format(Locale.ROOT, ", %d SPRAMs (weights loaded from SPI flash in %,d cycles)",
                        design.estimatedSprams(), design.weightLoad().loadCycles()),
                design.initiationInterval(), fit);
        out.print(boardLine);
        out.flush();
        return Main.EXIT_OK;
    }
}
