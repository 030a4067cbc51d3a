package dev.bwn.model;

/**
 * What a layer or model name may be: 1..64 printable ASCII characters without leading or trailing spaces.
 * Anything printable is allowed on purpose: backends map names to identifiers themselves and must survive any of them.
 */
public final class NameRules {
    public static final int MAX_LENGTH = 64;

    private NameRules() {
    }

    public static void check(String path, String name) {
        if (name == null || name.isEmpty()) {
            throw new ModelException(path, "must be a non-empty string");
        }
        if (name.length() > MAX_LENGTH) {
            throw new ModelException(path, "is " + name.length() + " characters long, the limit is " + MAX_LENGTH);
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < 0x20 || ch > 0x7e) {
                throw new ModelException(path, String.format("contains character U+%04X at position %d; only printable ASCII is allowed", (int) ch, i));
            }
        }
        if (name.charAt(0) == ' ' || name.charAt(name.length() - 1) == ' ') {
            throw new ModelException(path, "must not start or end with a space");
        }
    }
}
