package dev.bwn.codegen.verilog;

import java.util.Locale;

/**
 * The ports a generated design offers at its top: the core's own valid/ready streams ({@code stream}, the top module
 * itself), or an AXI4-Stream wrapper around it ({@code axis}, {@link AxisStreamWrapper}).
 */
public enum TopInterface {
    STREAM("stream"),
    AXIS("axis");

    private final String spelling;

    TopInterface(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }

    public static TopInterface parse(String s) {
        for (TopInterface t : values()) {
            if (t.spelling.equals(s.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("interface must be stream or axis, got \"" + s + "\"");
    }
}
