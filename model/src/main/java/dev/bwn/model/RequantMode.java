package dev.bwn.model;

/** How requantization may be implemented: with one integer multiply per output, or with shifts and negation only. */
public enum RequantMode {
    /** Any multiplier within +-32767. */
    MULTIPLY("multiply"),
    /** Every multiplier is +-2^k: no multiplier circuits at all. */
    SHIFT("shift");

    private final String spelling;

    RequantMode(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }

    public static RequantMode parse(String s) {
        for (RequantMode m : values()) {
            if (m.spelling.equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("requantMode must be \"multiply\" or \"shift\", got \"" + s + "\"");
    }
}
