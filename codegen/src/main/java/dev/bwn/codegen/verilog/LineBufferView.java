package dev.bwn.codegen.verilog;

import java.util.List;

/**
 * The data of {@code line_buffer.v.ftl}: a stage's input ring of rows ({@link LineBuffer}), its widths, counters and
 * the literals and extensions its comparisons need. A slot or word address with no bits is still declared one bit
 * wide ({@code hasSlot}/{@code hasWord} say whether it is used).
 */
public record LineBufferView(String template, String name, String layer, String ramModule, int channels, int elementBits,
                             int width, int height, int rows, int slices, int lanes, int depth, int block, int pixelBits,
                             int wordBits, int sliceBits, int columnBits, int addressBits, int occupiedBits,
                             int filledBits, int releaseBits, List<TemplateViews.BitRange> sliceRanges,
                             TemplateViews.Counter sliceCounter, TemplateViews.Counter columnCounter, boolean hasSlot,
                             boolean hasWord, int slotBits, int rowWordBits, TemplateViews.Counter slotCounter,
                             TemplateViews.Counter wordCounter, int rowWords, int rowStride, String writeAddress,
                             String rowsLiteral, String occupiedZero, String filledZero, String heightFilled,
                             String openedExtended, String releaseExtended, String completeExtended,
                             int readAddressBits, int readDataBits, List<ReadPort> readPorts)
        implements TemplateViews.View {

    public LineBufferView {
        sliceRanges = List.copyOf(sliceRanges);
        readPorts = List.copyOf(readPorts);
    }

    /** One copy of the ring: its instance name and its slices of the read address and data buses. */
    public record ReadPort(String instance, String address, String data) {
    }

    static List<ReadPort> readPorts(LineBuffer lb) {
        if (lb.readPorts() == 1) {
            return List.of(new ReadPort("u_ring", "read_address", "read_data"));
        }
        List<ReadPort> ports = new java.util.ArrayList<>();
        for (int t = 0; t < lb.readPorts(); t++) {
            ports.add(new ReadPort("u_ring_" + t, slice("read_address", t, lb.addressBits()), slice("read_data", t, lb.wordBits())));
        }
        return ports;
    }

    /** Field {@code index} of {@code bits} bits of a bus, e.g. {@code read_data[15:8]}. */
    static String slice(String bus, int index, int bits) {
        return bus + "[" + (index * bits + bits - 1) + ":" + index * bits + "]";
    }

    static LineBufferView of(VerilogDesign d, HardwareStage s) {
        LineBuffer lb = s.lines();
        int ob = lb.occupiedBits();
        int fb = lb.filledBits();
        int slotBits = lb.slotBits();
        int wordBits = lb.rowWordBits();
        return new LineBufferView("verilog/line_buffer.v.ftl", s.parts().lines(), s.moduleName(), d.ramModule(),
                lb.channels(), lb.elementBits(), lb.width(), lb.height(), lb.rows(), lb.slices(), lb.lanes(), lb.depth(),
                lb.inBlockRam() ? 1 : 0, lb.pixelBits(), lb.wordBits(), lb.sliceBits(), lb.columnBits(), lb.addressBits(),
                ob, fb, lb.releaseBits(), TemplateViews.BitRange.fields(lb.slices(), lb.wordBits()),
                TemplateViews.Counter.of(lb.sliceBits(), lb.slices()), TemplateViews.Counter.of(lb.columnBits(), lb.width()),
                slotBits > 0, wordBits > 0, Math.max(1, slotBits), Math.max(1, wordBits),
                TemplateViews.Counter.of(Math.max(1, slotBits), lb.rows()), TemplateViews.Counter.of(Math.max(1, wordBits), lb.rowWords()),
                lb.rowWords(), lb.rowStride(), TemplateViews.ringAddress("write_slot", slotBits, "write_word", wordBits),
                TemplateViews.signed(ob, lb.rows()), TemplateViews.signed(ob, 0), TemplateViews.unsigned(fb, 0),
                TemplateViews.unsigned(fb, lb.height()), Bits.zeroExtend("row_opened", 1, ob),
                Bits.zeroExtend("release_rows", lb.releaseBits(), ob), Bits.zeroExtend("row_complete", 1, fb),
                lb.readPorts() * lb.addressBits(), lb.readPorts() * lb.wordBits(), readPorts(lb));
    }
}
