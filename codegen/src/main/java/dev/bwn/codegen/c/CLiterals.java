package dev.bwn.codegen.c;

import java.util.Locale;

/**
 * Preformatted C literals, so templates never format a number themselves (FreeMarker could print "3,000").
 * Every literal is valid whatever the width of {@code int} on the target (16-bit int included).
 */
public final class CLiterals {
    private CLiterals() {
    }

    /** A packed weight word, e.g. {@code 0x1234ABCDu}. */
    public static String word(int value) {
        return String.format(Locale.ROOT, "0x%08Xu", value);
    }

    /** An unsigned count or index: {@code 784u}, or {@code 100000UL} when it may not fit a 16-bit unsigned int. */
    public static String unsigned(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative unsigned literal " + value);
        }
        return value <= 0xFFFF ? value + "u" : value + "UL";
    }

    /**
     * A signed constant of the given C type, spelled so that it has (at least) that type's width:
     * {@code INT32_C(...)}/{@code INT64_C(...)} for wide values, and the minimum written as {@code (-MAX - 1)}.
     */
    public static String signed(long value, CType type) {
        if (value < type.min() || value > type.max()) {
            throw new IllegalArgumentException(value + " does not fit " + type.spelling());
        }
        if (value >= -32767 && value <= 32767) {
            return Long.toString(value);
        }
        String macro = type == CType.INT64 ? "INT64_C" : "INT32_C";
        if (value >= 0) {
            return macro + "(" + value + ")";
        }
        if (value == Long.MIN_VALUE) {
            return "(-" + macro + "(9223372036854775807) - 1)";
        }
        // The macro's argument must be an unsuffixed constant without sign, so the minus stays outside.
        long magnitude = -value;
        if (magnitude - 1 == type.max()) {
            return "(-" + macro + "(" + (magnitude - 1) + ") - 1)";
        }
        return "(-" + macro + "(" + magnitude + "))";
    }

    /** A value printed into a comment or a table, with no suffix. */
    public static String plain(long value) {
        return Long.toString(value);
    }

    /** A C string literal; anything but printable ASCII, quotes and backslashes becomes an octal escape. */
    public static String string(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : text.toCharArray()) {
            if (ch >= 0x20 && ch <= 0x7e && ch != '"' && ch != '\\' && ch != '?') {
                sb.append(ch);
            } else if (ch <= 0xff) {
                sb.append(String.format(Locale.ROOT, "\\%03o", (int) ch));
            } else {
                throw new IllegalArgumentException("not representable in a C string literal: U+" + Integer.toHexString(ch));
            }
        }
        return sb.append('"').toString();
    }
}
