package dev.bwn.cli;

import dev.bwn.codegen.verilog.AutoFolder;
import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.Fold;
import dev.bwn.codegen.verilog.FoldFile;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.codegen.verilog.VerilogLowering;
import dev.bwn.model.Network;
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
 * is written into a fresh folder next to DIR and moved into place at the end, so a failure leaves nothing behind.
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
            description = "Folder for the design (created; replaced if it holds an earlier generated design).")
    Path output;

    @Option(names = "--fold", defaultValue = "auto", paramLabel = "auto|FILE",
            description = "Folding: chosen for the device budget (auto, default), or a file of 'PE SIMD LAYER-NAME' lines "
                    + "(layers it does not list are folded automatically).")
    String fold;

    @Option(names = "--device", defaultValue = "up5k", paramLabel = "up5k|hx8k|generic",
            description = "Resource budget for automatic folding: iCE40 UP5K (5280 LCs, 30 EBRs, default), HX8K "
                    + "(7680 LCs, 32 EBRs) or generic.")
    String device;

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
        Map<String, Fold> folds = Map.of();
        if (!fold.equals("auto")) {
            folds = FoldFile.read(Path.of(fold));
        }
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new BadInputException(output + ": exists and is not a folder");
        }
        VerilogDesign design = VerilogLowering.lower(net, VerilogLowering.Options.auto(dev, "bwn " + ToolVersion.get())
                .withFusedPools(!noFuse).withFolds(folds, true));
        Map<String, String> files = VerilogGenerator.write(design, output);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "wrote %d files to %s: top module %s, %d stages, folding %s%n", files.size(), output,
                design.topModule(), design.stages().size(), fold.equals("auto") ? "auto" : fold);
        out.printf(Locale.ROOT, "estimate for %s: %d LUTs, %d block RAMs, %d cycles per image%s%n", dev.spelling(),
                design.estimatedLuts(), design.estimatedBlockRams(), design.initiationInterval(),
                AutoFolder.fits(design) ? "" : " -- does NOT fit the device budget");
        out.flush();
        return Main.EXIT_OK;
    }
}
