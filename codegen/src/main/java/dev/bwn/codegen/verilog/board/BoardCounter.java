package dev.bwn.codegen.verilog.board;

import dev.bwn.codegen.verilog.Bits;

/** A counter register of the board's modules: its width and its reset, step and last values as Verilog literals. */
public record BoardCounter(int bits, String zero, String one, String last) {
    /** A counter of {@code bits} bits counting {@code count} values (its step is 0 when it never moves). */
    static BoardCounter of(int bits, long count) {
        return new BoardCounter(bits, Bits.unsignedLiteral(bits, 0), Bits.unsignedLiteral(bits, count > 1 ? 1 : 0),
                Bits.unsignedLiteral(bits, count - 1));
    }

    /** The narrowest counter of {@code count} values. */
    static BoardCounter counting(long count) {
        return of(Bits.unsignedBits(count - 1), count);
    }
}
