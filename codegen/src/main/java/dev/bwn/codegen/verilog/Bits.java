package dev.bwn.codegen.verilog;

/** Bit widths and Verilog literals, computed in Java so templates never do arithmetic on widths. */
public final class Bits {
    private Bits() {
    }

    /** Unsigned width that holds {@code 0..max}; at least 1 so a counter that only ever holds 0 still has a bit. */
    public static int unsignedBits(long max) {
        if (max < 0) {
            throw new IllegalArgumentException("negative maximum " + max);
        }
        return max == 0 ? 1 : 64 - Long.numberOfLeadingZeros(max);
    }

    /** Smallest two's complement width holding every value in {@code [min, max]}. */
    public static int signedBits(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
        int bits = 1;
        while (bits < 64 && (-(1L << (bits - 1)) > min || (1L << (bits - 1)) - 1 < max)) {
            bits++;
        }
        return bits;
    }

    /** {@code value}'s low {@code bits} bits in lower-case hex, ceil(bits/4) digits (the {@code $readmemh} form). */
    public static String hex(long value, int bits) {
        long masked = bits >= 64 ? value : value & ((1L << bits) - 1);
        String h = Long.toHexString(masked);
        int digits = (bits + 3) / 4;
        if (h.length() > digits) {
            h = h.substring(h.length() - digits);
        }
        return "0".repeat(digits - h.length()) + h;
    }

    /** Sized unsigned decimal literal, e.g. {@code 10'd783}. */
    public static String unsignedLiteral(int bits, long value) {
        if (value < 0 || unsignedBits(value) > bits) {
            throw new IllegalArgumentException(value + " does not fit " + bits + " unsigned bits");
        }
        return bits + "'d" + value;
    }

    /**
     * Sized signed literal written as the two's complement bit pattern ({@code 12'sh800} is -2048), which avoids the
     * trap of negating the most negative value.
     */
    public static String signedLiteral(int bits, long value) {
        if (signedBits(value, value) > bits) {
            throw new IllegalArgumentException(value + " does not fit " + bits + " signed bits");
        }
        return bits + "'sh" + hex(value, bits);
    }

    /** Sign-extends the {@code from}-bit expression {@code expr} to {@code to} bits, written out without a zero replication. */
    public static String signExtend(String expr, int from, int to) {
        if (to < from) {
            throw new IllegalArgumentException("cannot sign-extend " + from + " bits to " + to);
        }
        if (to == from) {
            return expr;
        }
        String msb = from == 1 ? expr : expr + "[" + (from - 1) + "]";
        if (from == 1 && !isIdentifier(expr)) {
            throw new IllegalArgumentException("sign-extension of a 1-bit expression needs a plain name: " + expr);
        }
        return "{{" + (to - from) + "{" + msb + "}}, " + expr + "}";
    }

    /** Zero-extends the {@code from}-bit expression to {@code to} bits. */
    public static String zeroExtend(String expr, int from, int to) {
        if (to < from) {
            throw new IllegalArgumentException("cannot zero-extend " + from + " bits to " + to);
        }
        return to == from ? expr : "{" + (to - from) + "'d0, " + expr + "}";
    }

    private static boolean isIdentifier(String s) {
        return s.matches("[A-Za-z_][A-Za-z0-9_]*");
    }

    public static int ceilDiv(long a, long b) {
        return (int) ((a + b - 1) / b);
    }
}
