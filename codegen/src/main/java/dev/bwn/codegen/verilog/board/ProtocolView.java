package dev.bwn.codegen.verilog.board;

import dev.bwn.codegen.verilog.VerilogDesign;

import java.util.Locale;

/**
 * The template data of the UART protocol part of the README section ({@code build.md.ftl}): the line rate, the frame
 * and answer sizes, and how long a frame and the network's pass take, formatted in Java.
 */
public record ProtocolView(int baud, int cyclesPerBit, String actualBaud, int imageBytes, int inputValues, int bytesPerValue,
                           String inputType, String orderText, int classes, int classesLast, int bytesPerLogit,
                           String logitType, String timeoutText, String frameMilliseconds, String networkMicroseconds,
                           boolean logitsAnswer, String logitAnswerCells) {
    static ProtocolView of(BoardDesign b) {
        UartProtocol p = b.protocol();
        VerilogDesign d = b.design();
        double frameSeconds = (1.0 + p.imageBytes()) * UartProtocol.BITS_PER_BYTE / b.actualBaud();
        return new ProtocolView(b.baud(), b.cyclesPerBit(), String.format(Locale.ROOT, "%.0f", b.actualBaud()), p.imageBytes(),
                p.inputValues(), p.bytesPerValue(), d.network().inputType().label(), BoardGenerator.orderText(p), p.classes(),
                p.classes() - 1, p.bytesPerLogit(), d.logitType().label(), BoardGenerator.timeoutText(b),
                String.format(Locale.ROOT, "%.0f", frameSeconds * 1e3),
                String.format(Locale.ROOT, "%.0f", d.initiationInterval() / b.clockMhz()), p.logitsAnswer(),
                String.format(Locale.ROOT, "%,d", BoardDesign.logitAnswerCells(d) + BoardDesign.unreadLogitCells(d)));
    }
}
