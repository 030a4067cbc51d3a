package dev.bwn.model;

/**
 * Makes text from a model file, a command line or the file system safe to show: error messages, {@code bwn inspect}
 * and the comments of generated files. A file can carry anything (terminal escapes, carriage returns that overwrite
 * a line, bidi overrides that reorder it, megabytes of text), so every such string is escaped and capped here, once.
 */
public final class DisplayText {
    /** Longest error message printed (a hostile name or path must not make a megabyte-long line). */
    public static final int MESSAGE_LIMIT = 600;
    /** Longest single value (a provenance fact, a name) shown in a report or copied into a generated comment. */
    public static final int VALUE_LIMIT = 200;

    private DisplayText() {
    }

    /** For a terminal: controls and invisible formatting characters escaped, printable Unicode kept, at most {@code limit} characters of the original. */
    public static String terminal(String text, int limit) {
        return escape(text, limit, false);
    }

    /** For generated source: printable ASCII only (everything else escaped), at most {@code limit} characters of the original. */
    public static String ascii(String text, int limit) {
        return escape(text, limit, true);
    }

    private static String escape(String text, int limit, boolean asciiOnly) {
        if (text == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), limit) + 16);
        int end = text.length();
        int cut = text.offsetByCodePoints(0, Math.min(limit, text.codePointCount(0, end)));
        for (int i = 0; i < cut; ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (visible(cp, asciiOnly)) {
                        sb.appendCodePoint(cp);
                    } else if (cp <= 0xFFFF) {
                        sb.append(String.format(java.util.Locale.ROOT, "\\u%04X", cp));
                    } else {
                        sb.append(String.format(java.util.Locale.ROOT, "\\U%08X", cp));
                    }
                }
            }
        }
        if (cut < end) {
            sb.append("... [cut: ").append(text.codePointCount(0, end)).append(" characters in all]");
        }
        return sb.toString();
    }

    private static boolean visible(int cp, boolean asciiOnly) {
        if (cp >= 0x20 && cp <= 0x7e) {
            return true;
        }
        if (asciiOnly || cp < 0xA0) {
            return false; // C0, DEL, C1 (0x80-0x9F, e.g. CSI) and anything outside ASCII in ASCII mode
        }
        return switch (Character.getType(cp)) {
            // FORMAT holds the bidi overrides and isolates (U+202A-202E, U+2066-2069), zero-width characters and BOM
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> false;
            default -> true;
        };
    }
}
