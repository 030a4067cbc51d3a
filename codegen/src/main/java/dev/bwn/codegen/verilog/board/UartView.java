package dev.bwn.codegen.verilog.board;

import dev.bwn.codegen.verilog.Bits;

/**
 * The template data of the UART receiver ({@code uart_rx.v.ftl}) and transmitter ({@code uart_tx.v.ftl}) of a board
 * design: the module name, the line rate and the bit-period counter with its full- and half-bit literals.
 */
public record UartView(String name, int baud, String clockMhz, int cyclesPerBit, BoardCounter counter, String fullBit,
                       String halfBit) {
    static UartView of(BoardDesign b, String name) {
        int bits = Bits.unsignedBits(b.cyclesPerBit() - 1);
        return new UartView(name, b.baud(), BoardDesign.plain(b.clockMhz()), b.cyclesPerBit(), BoardCounter.of(bits, b.cyclesPerBit()),
                Bits.unsignedLiteral(bits, b.cyclesPerBit() - 1), Bits.unsignedLiteral(bits, b.cyclesPerBit() / 2 - 1));
    }
}
