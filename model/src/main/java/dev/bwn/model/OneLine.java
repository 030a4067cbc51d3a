package dev.bwn.model;

/**
 * Error messages are one line even when they quote the input (a field name, a fold-file line, a property value):
 * every exception that reports bad input passes its message through {@link #of}, which escapes control and
 * line-separator characters instead of printing them.
 */
public final class OneLine {
    private OneLine() {
    }

    /** {@code message} with \n, \r, \t as such escapes and other control or line-separator characters as \\uXXXX. */
    public static String of(String message) {
        if (message == null || message.chars().noneMatch(OneLine::needsEscape)) {
            return message;
        }
        StringBuilder sb = new StringBuilder(message.length() + 16);
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static boolean needsEscape(int c) {
        return c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029;
    }
}
