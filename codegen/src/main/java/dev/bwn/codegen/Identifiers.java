package dev.bwn.codegen;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Maps arbitrary model names (any printable ASCII, see SEMANTICS.md) to identifiers that are valid, unique and
 * safe in C and Verilog: lower-case letters, digits and single underscores, never a keyword, never starting with
 * a digit. One instance per generated design keeps names unique within it.
 */
public final class Identifiers {
    private static final Set<String> RESERVED = Set.of(
            // C99 keywords and common macros/identifiers that would clash in generated C
            "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern",
            "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed",
            "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while",
            "_bool", "_complex", "_imaginary", "bool", "true", "false", "null", "main", "errno", "assert",
            "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t", "size_t",
            // Verilog-2005 / SystemVerilog keywords
            "always", "and", "assign", "begin", "buf", "bufif0", "bufif1", "casex", "casez", "cell", "cmos", "config",
            "deassign", "defparam", "design", "disable", "edge", "end", "endcase", "endconfig", "endfunction",
            "endgenerate", "endmodule", "endprimitive", "endspecify", "endtable", "endtask", "event", "force",
            "forever", "fork", "function", "generate", "genvar", "highz0", "highz1", "ifnone", "incdir", "include",
            "initial", "inout", "input", "instance", "integer", "join", "large", "liblist", "library", "localparam",
            "macromodule", "medium", "module", "nand", "negedge", "nmos", "nor", "noshowcancelled", "not", "notif0",
            "notif1", "or", "output", "parameter", "pmos", "posedge", "primitive", "pull0", "pull1", "pulldown",
            "pullup", "pulsestyle_ondetect", "pulsestyle_onevent", "rcmos", "real", "realtime", "reg", "release",
            "repeat", "rnmos", "rpmos", "rtran", "rtranif0", "rtranif1", "scalared", "showcancelled", "small",
            "specify", "specparam", "strong0", "strong1", "supply0", "supply1", "table", "task", "time", "tran",
            "tranif0", "tranif1", "tri", "tri0", "tri1", "triand", "trior", "trireg", "use", "uwire", "vectored",
            "wait", "wand", "weak0", "weak1", "wire", "wor", "xnor", "xor", "logic", "bit", "byte", "shortint",
            "longint", "type", "class", "package", "import", "export", "interface", "modport", "clocking", "property",
            "sequence", "program", "final", "unique", "priority", "string", "this", "super", "new", "chandle",
            "clk", "rst");

    private final Set<String> used = new HashSet<>();

    /** Turns {@code name} into a safe identifier, unique among those this instance has returned. */
    public String unique(String name) {
        String base = sanitize(name);
        String candidate = base;
        for (int n = 2; !used.add(candidate); n++) {
            candidate = base + "_" + n;
        }
        return candidate;
    }

    /** Reserves an identifier the generator itself uses, so no model name can take it. */
    public void reserve(String identifier) {
        used.add(identifier);
    }

    /** Lower-case letters, digits and single underscores; prefixed when it would start with a digit or be reserved. */
    public static String sanitize(String name) {
        StringBuilder sb = new StringBuilder();
        boolean underscore = false;
        for (char ch : name.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
                sb.append(ch);
                underscore = false;
            } else if (!underscore && sb.length() > 0) {
                sb.append('_');
                underscore = true;
            }
        }
        while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '_') {
            sb.setLength(sb.length() - 1);
        }
        String s = sb.length() > 40 ? sb.substring(0, 40) : sb.toString();
        if (s.isEmpty() || Character.isDigit(s.charAt(0)) || RESERVED.contains(s)) {
            s = "l_" + s;
        }
        return s;
    }

    /** Text safe inside a C or Verilog block comment: printable ASCII, no comment terminators. */
    public static String commentText(String text) {
        StringBuilder sb = new StringBuilder();
        for (char ch : text.toCharArray()) {
            sb.append(ch >= 0x20 && ch <= 0x7e ? ch : '?');
        }
        return sb.toString().replace("*/", "* /").replace("/*", "/ *");
    }
}
