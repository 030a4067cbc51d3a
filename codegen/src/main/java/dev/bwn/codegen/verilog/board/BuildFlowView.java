package dev.bwn.codegen.verilog.board;

import dev.bwn.codegen.verilog.Bits;
import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.codegen.verilog.WeightLoad;

import java.util.List;
import java.util.Locale;

/**
 * The template data of the Makefile ({@code Makefile.ftl}) and of the build part of the README section
 * ({@code build.md.ftl}): the steps of the {@link BuildFlow}, the commands the README quotes, the files
 * {@code make clean} removes, and the weight image {@code make prog} writes (null without weights in SPRAM).
 */
public record BuildFlowView(List<BuildFlow.Step> steps, String bitstream, List<String> bitstreamCommands, String reportCommand,
                            String progCommand, String hostScript, List<String> products, WeightImage load) {
    public BuildFlowView {
        steps = List.copyOf(steps);
        bitstreamCommands = List.copyOf(bitstreamCommands);
        products = List.copyOf(products);
    }

    /** The flash image of the SPRAM weights: its file, size, offset, load time and CRC, as the README prints them. */
    public record WeightImage(String image, String bytes, String offset, String milliseconds, String crc) {
    }

    static BuildFlowView of(BoardDesign b, BuildFlow flow) {
        String name = b.baseName();
        WeightLoad load = b.design().weightLoad();
        WeightImage image = load.isEmpty() ? null : new WeightImage(VerilogGenerator.weightImageFile(b.design()),
                String.format(Locale.ROOT, "%,d", 2 * load.words()),
                String.format(Locale.ROOT, "0x%06X", WeightLoad.DEFAULT_FLASH_OFFSET),
                String.format(Locale.ROOT, "%.0f", load.loadCycles() / (b.clockMhz() * 1e3)),
                "0x" + Bits.hex(load.imageCrc(), 16).toUpperCase(Locale.ROOT));
        return new BuildFlowView(flow.steps(), name + ".bin", flow.bitstreamCommands(), flow.step("report").command(),
                flow.step("prog").command(), BuildFlow.HOST_SCRIPT,
                List.of(name + ".json", name + ".asc", name + ".bin", BuildFlow.NEXTPNR_REPORT, BuildFlow.YOSYS_LOG), image);
    }
}
