package dev.bwn.cli;

import dev.bwn.codegen.verilog.AutoFolder;
import dev.bwn.codegen.verilog.AxisStreamWrapper;
import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.Engine;
import dev.bwn.codegen.verilog.EngineChoice;
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
import dev.bwn.codegen.verilog.WeightLoad;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code bwn gen verilog MODEL -o DIR [--fold auto|FILE] [--device up5k|hx8k|generic] [--interface stream|axis]
 * [--board icebreaker|upduino3|generic [--clock-mhz F] [--baud B] [--weights-load flash|uart]]}: the Verilog backend. The design replaces DIR whole
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
                    + "SB_SPRAM256KA, loaded at start-up from SPI flash or, with --weights-load uart, over a board's UART; see "
                    + "the design README).")
    String weightsIn;

    @Option(names = "--engine", defaultValue = "auto", paramLabel = "auto|pipeline|sequential",
            description = "The hardware: pipeline (a stage per layer, all working at once), sequential (one datapath "
                    + "running the layers in turn, tensors and weights in memory: docs/SEQUENTIAL.md), or auto (default: "
                    + "the pipeline when it fits the device, else the sequential engine).")
    String engine;

    @Option(names = "--weights-load", paramLabel = "flash|uart",
            description = "Where a board design's SPRAM weights come from at start-up: flash (default on the iCEBreaker: "
                    + "its SPI flash, written by make prog) or uart (the host sends NAME_weights.bin over the UART before "
                    + "the first image; the only way on the UPduino 3.0, whose flash clock is its UART line). Needs --board.")
    String weightsLoad;

    @Option(names = "--no-logit-answer", description = "Board designs: answer 'L' with the class only, so the auto-folder may "
            + "spend the logit answer's logic (about 360 cells for 10 32-bit logits) on speed. By default the answer is "
            + "kept whenever some folding leaves room for it.")
    boolean noLogitAnswer;

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
        WeightLoad.Source weightSource = WeightLoad.Source.FLASH;
        if (weightsLoad != null) {
            if (target.isEmpty()) {
                throw new BadInputException("--weights-load applies to a board design; add --board icebreaker or --board upduino3");
            }
            try {
                weightSource = WeightLoad.Source.parse(weightsLoad);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--weights-load: " + e.getMessage());
            }
            if (weightSource == WeightLoad.Source.FLASH && target.get().noWeightLoad().isPresent()) {
                throw new BadInputException("--weights-load flash: " + target.get().noWeightLoad().get());
            }
            if (weightSource == WeightLoad.Source.UART && weightMemory == WeightMemory.EBR) {
                throw new BadInputException("--weights-load uart loads weights kept in SPRAM, and --weights-in ebr keeps none there; "
                        + "leave one of them out");
            }
        }
        if (target.isPresent() && target.get().noWeightLoad().isPresent() && weightSource == WeightLoad.Source.FLASH) {
            // a board whose flash the design cannot read keeps every weight in block RAM; --weights-in spram is
            // refused by BoardDesign.of, naming why
            if (weightMemory == WeightMemory.AUTO) {
                weightMemory = WeightMemory.EBR;
            }
        }
        Engine engineChoice;
        try {
            engineChoice = Engine.parse(engine);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--engine: " + e.getMessage());
        }
        if (engineChoice == Engine.SEQUENTIAL && (!fold.equals("auto") || noFuse)) {
            throw new BadInputException((noFuse ? "--no-fuse" : "--fold " + fold) + " shapes the pipeline's stages; "
                    + "the sequential engine has none (leave it out, or use --engine pipeline)");
        }
        Map<String, Fold> folds = Map.of();
        Path foldFile = fold.equals("auto") ? null : Path.of(fold);
        if (foldFile != null) {
            folds = FoldFile.read(foldFile);
        }
        OutputPaths.checkOutput("-o", output, model, foldFile);
        if (noLogitAnswer && target.isEmpty()) {
            throw new BadInputException("--no-logit-answer applies to a board design; add --board icebreaker or --board upduino3");
        }
        VerilogLowering.Options options = VerilogLowering.Options.auto(dev, "bwn " + ToolVersion.get())
                .withFusedPools(!noFuse).withFolds(folds, true).withWeightMemory(weightMemory).withWeightSource(weightSource);
        EngineChoice choice = target.isPresent()
                ? BoardDesign.chooseNetworkDesign(net, options, engineChoice, foldFile != null || noFuse, !noLogitAnswer)
                : EngineChoice.choose(net, options, engineChoice, foldFile != null || noFuse, d -> 0);
        VerilogDesign design = choice.design();
        String engineLine = choice.note().isEmpty() ? "" : choice.note() + System.lineSeparator();
        Map<String, String> files;
        String boardLine = "";
        String fit = AutoFolder.fits(design) ? "" : " -- does NOT fit the " + dev.spelling() + ": " + AutoFolder.shortfall(design);
        if (target.isPresent()) {
            BoardDesign boardDesign;
            try {
                boardDesign = BoardDesign.of(design, target.get(), clockMhz == null ? BoardDesign.DEFAULT_CLOCK_MHZ : clockMhz,
                        baud == null ? BoardDesign.DEFAULT_BAUD : baud, !noLogitAnswer);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
            files = BoardGenerator.files(boardDesign);
            boardLine = String.format(Locale.ROOT, "%s: %s MHz%s, UART %d baud (%d cycles per bit)%s; `make -C %s` builds %s.bin (docs/BOARDS.md)%n",
                    boardDesign.board().title(), String.format(Locale.ROOT, "%.3f", boardDesign.clockMhz()),
                    boardDesign.pll() == null ? " from the oscillator" : " through the PLL", boardDesign.baud(),
                    boardDesign.cyclesPerBit(), boardDesign.protocol().logitsAnswer() ? ""
                            : ", 'L' answered with the class only (" + (noLogitAnswer ? "--no-logit-answer" : "the logit answer does not fit") + ")", output, boardDesign.baseName());
            List<String> boardParts = new ArrayList<>();
            boolean answers = boardDesign.protocol().logitsAnswer();
            VerilogDesign network = boardDesign.design();
            if (answers) {
                boardParts.add(String.format(Locale.ROOT, "%+,d logic cells for the board core's logit answer",
                        BoardDesign.logitAnswerCells(network)));
            }
            if (BoardDesign.weightLoadCells(network) != 0) {
                boardParts.add(String.format(Locale.ROOT, "%+,d logic cells for the board core's weight load",
                        BoardDesign.weightLoadCells(network)));
            }
            if (!answers) {
                boardParts.add(String.format(Locale.ROOT, "%+,d for the logit registers, which the board does not read",
                        -BoardDesign.unreadLogitCells(network)));
            }
            fit = (boardParts.isEmpty() ? "" : " (" + String.join(", ", boardParts) + ")")
                    + (boardDesign.fits() ? "" : " -- does NOT fit the " + dev.spelling() + ": " + boardDesign.shortfall());
        } else {
            if (ports == TopInterface.AXIS && !design.weightLoad().isEmpty()) {
                // the wrapper has no SPI flash pins to pass on, and AXI systems (Zynq, PYNQ) have no SPRAM to load
                throw new BadInputException("--interface axis: this design keeps weights in SPRAM, loaded from SPI flash, "
                        + "which the AXI4-Stream wrapper cannot reach; add --weights-in ebr or --device generic");
            }
            files = VerilogGenerator.files(design);
            if (ports == TopInterface.AXIS) {
                files = AxisStreamWrapper.addTo(design, files, axisLogits);
            }
        }
        GeneratedFolder.write(output, OutputKind.VERILOG_DESIGN, files);
        PrintWriter out = spec.commandLine().getOut();
        out.print(engineLine);
        if (design.sequentialEngine().isPresent()) {
            out.printf(Locale.ROOT, "wrote %d files to %s: top module %s, layer-sequential engine%n", files.size(), output,
                    design.topModule());
        } else {
            out.printf(Locale.ROOT, "wrote %d files to %s: top module %s, %d stages, folding %s%n", files.size(), output,
                    design.topModule(), design.stages().size(), fold.equals("auto") ? "auto" : fold);
        }
        out.printf(Locale.ROOT, "estimate for %s: %d LUTs, %d logic cells, %d block RAMs, %d DSPs%s, %d cycles per image%s%n",
                dev.spelling(), design.estimatedLuts(), design.estimatedLogicCells(), design.estimatedBlockRams(),
                design.estimatedDsps(),
                (design.estimatedSprams() == 0 ? "" : String.format(Locale.ROOT, ", %d SPRAMs", design.estimatedSprams()))
                        + (design.weightLoad().isEmpty() ? ""
                        : design.weightLoad().source() == WeightLoad.Source.UART
                        ? String.format(Locale.ROOT, " (weights sent over the UART first: %,d bytes)", 2 * design.weightLoad().words())
                        : String.format(Locale.ROOT, " (weights loaded from SPI flash in %,d cycles)", design.weightLoad().loadCycles())),
                design.initiationInterval(), fit);
        out.print(boardLine);
        out.flush();
        return Main.EXIT_OK;
    }
}
