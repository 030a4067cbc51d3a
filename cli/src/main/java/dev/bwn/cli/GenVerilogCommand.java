package dev.bwn.cli;

import dev.bwn.codegen.verilog.AutoFolder;
import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.Fold;
import dev.bwn.codegen.verilog.FoldFile;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.codegen.verilog.VerilogLowering;
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
import java.util.concurrent.Callable;

/**
 * {@code bwn gen verilog MODEL -o DIR [--fold auto|FILE] [--device up5k|hx8k|generic]}: the Verilog backend. The design
 * replaces DIR whole ({@link GeneratedFolder}), so a failure leaves nothing behind and readers never see a mix.
 */
@Command(name = "verilog", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate synthesizable Verilog: one module per file, ROM images, a file list, a FuseSoC core,",
                "a README and an estimate report. Addition-only dot products; valid/ready streaming in and out."})
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
        try {
            dev = Device.parse(device);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--device: " + e.getMessage());
        }
        WeightMemory weightMemory;
        try {
            weightMemory = WeightMemory.parse(weightsIn);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--weights-in: " + e.getMessage());
        }
        Map<String, Fold> folds = Map.of();
        Path foldFile = fold.equals("auto") ? null : Path.of(fold);
        if (foldFile != null) {
            folds = FoldFile.read(foldFile);
        }
        OutputPaths.checkOutput("-o", output, model, foldFile);
        VerilogDesign design = VerilogLowering.lower(net, VerilogLowering.Options.auto(dev, "bwn " + ToolVersion.get())
                .withFusedPools(!noFuse).withFolds(folds, true).withWeightMemory(weightMemory));
        Map<String, String> files = VerilogGenerator.files(design);
        GeneratedFolder.write(output, OutputKind.VERILOG_DESIGN, files);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "wrote %d files to %s: top module %s, %d stages, folding %s%n", files.size(), output,
                design.topModule(), design.stages().size(), fold.equals("auto") ? "auto" : fold);
        out.printf(Locale.ROOT, "estimate for %s: %d LUTs, %d block RAMs%s, %d cycles per image%s%n", dev.spelling(),
                design.estimatedLuts(), design.estimatedBlockRams(),
                design.estimatedSprams() == 0 ? "" : String.format(Locale.ROOT, ", %d SPRAMs (weights loaded from SPI flash in %,d cycles)",
                        design.estimatedSprams(), design.weightLoad().loadCycles()),
                design.initiationInterval(),
                AutoFolder.fits(design) ? "" : " -- does NOT fit the " + dev.spelling() + ": " + AutoFolder.shortfall(design));
        out.flush();
        return Main.EXIT_OK;
    }
}
