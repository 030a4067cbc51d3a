package dev.bwn.codegen.verilog.board;

import dev.bwn.codegen.verilog.Bits;

import java.util.Locale;

/**
 * The template data of the host script ({@code host.py.ftl}): the protocol's constants as Python literals (numbers,
 * upper-case hex digits, {@code True}/{@code False}).
 */
public record HostView(String boardTitle, String top, String baud, String timeoutMs, String timeoutSeconds, String frameErrorHex,
                       String weightsBadHex, String classifyHex, String logitsHex, String inputValues, String channels,
                       String pixels, String height, String width, String vectorOrder, String inputBits, String bytesPerValue,
                       String classes, String bytesPerLogit, boolean logitsAnswer) {
    static HostView of(BoardDesign b) {
        UartProtocol p = b.protocol();
        var shape = b.design().network().inputShape();
        return new HostView(b.board().title(), b.names().top(), Integer.toString(b.baud()),
                String.format(Locale.ROOT, "%.0f", b.timeoutCycles() / (b.clockMhz() * 1e3)),
                String.format(Locale.ROOT, "%.3f", b.timeoutCycles() / (b.clockMhz() * 1e6)), hex(UartProtocol.FRAME_ERROR),
                hex(UartProtocol.WEIGHTS_BAD), hex(UartProtocol.CLASSIFY), hex(UartProtocol.CLASSIFY_WITH_LOGITS),
                Integer.toString(p.inputValues()), Integer.toString(p.channels()), Integer.toString(p.pixels()),
                Integer.toString(shape.height()), Integer.toString(shape.width()), p.vectorOrder() ? "True" : "False",
                Integer.toString(p.inputBits()), Integer.toString(p.bytesPerValue()), Integer.toString(p.classes()),
                Integer.toString(p.bytesPerLogit()), p.logitsAnswer());
    }

    private static String hex(int value) {
        return Bits.hex(value, 8).toUpperCase(Locale.ROOT);
    }
}
