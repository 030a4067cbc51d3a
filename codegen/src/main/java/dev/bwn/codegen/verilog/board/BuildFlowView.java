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

    /**
     * The image of the SPRAM weights: its file, size, flash offset, load time (from flash, or over the UART when
     * {@code uart}) and CRC, as the README prints them.
     */
    public record WeightImage(String image, String bytes, String offset, String milliseconds, String crc, boolean uart,
                              String lengthBytes) {
    }

    static BuildFlowView of(BoardDesign b, BuildFlow flow) {
        String name = b.baseName();
        WeightLoad load = b.design().weightLoad();
        WeightImage image = load.isEmpty() ? null : new WeightImage(VerilogGenerator.weightImageFile(b.design()),
                String.format(Locale.ROOT, "%,d", 2 * load.words()),
                String.format(Locale.ROOT, "0x%06X", WeightLoad.DEFAULT_FLASH_OFFSET),
                String.format(Locale.ROOT, "%.0f", (b.uartLoad() ? b.uartLoadCycles() : load.loadCycles()) / (b.clockMhz() * 1e3)),
                "0x" + Bits.hex(load.imageCrc(), 16).toUpperCase(Locale.ROOT), b.uartLoad(),
                java.util.HexFormat.ofDelimiter(" ").withPrefix("0x").formatHex(java.util.Arrays.copyOfRange(
                        UartProtocol.loadFrame(new byte[(int) (2 * load.words())]), 1, 1 + UartProtocol.LOAD_LENGTH_BYTES)));
        return new BuildFlowView(flow.steps(), name + ".bin", flow.bitstreamCommands(), flow.step("report").command(),
                flow.step("prog").command(), BuildFlow.HOST_SCRIPT,
                List.of(name + ".json", name + ".asc", name + ".bin", BuildFlow.NEXTPNR_REPORT, BuildFlow.YOSYS_LOG), image);
    }
}
