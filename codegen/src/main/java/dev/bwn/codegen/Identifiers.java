package dev.bwn.codegen;

import dev.bwn.model.DisplayText;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one way a name from a model (or {@code --name}) reaches generated C or Verilog. Identifiers: lower-case
 * letters, digits and single underscores, never starting with a digit or an underscore, never ending in one, never a
 * word any of the languages or tools involved reserve (each list below is complete as its standard defines it), and
 * never a name bwn itself generates. Comment text: printable ASCII that cannot end a comment, continue a line or form
 * a trigraph, capped in length. One instance per generated design keeps identifiers unique within it.
 */
public final class Identifiers {
    /** IEEE 1800-2017 Annex B: all 248 SystemVerilog keywords (a superset of the IEEE 1364-2005 Verilog keywords). */
    public static final List<String> SYSTEMVERILOG_KEYWORDS = words("""
            accept_on alias always always_comb always_ff always_latch and assert assign assume automatic before begin
            bind bins binsof bit break buf bufif0 bufif1 byte case casex casez cell chandle checker class clocking cmos
            config const constraint context continue cover covergroup coverpoint cross deassign default defparam design
            disable dist do edge else end endcase endchecker endclass endclocking endconfig endfunction endgenerate
            endgroup endinterface endmodule endpackage endprimitive endprogram endproperty endspecify endsequence
            endtable endtask enum event eventually expect export extends extern final first_match for force foreach
            forever fork forkjoin function generate genvar global highz0 highz1 if iff ifnone ignore_bins illegal_bins
            implements implies import incdir include initial inout input inside instance int integer interconnect
            interface intersect join join_any join_none large let liblist library local localparam logic longint
            macromodule matches medium modport module nand negedge nettype new nexttime nmos nor noshowcancelled not
            notif0 notif1 null or output package packed parameter pmos posedge primitive priority program property
            protected pull0 pull1 pulldown pullup pulsestyle_ondetect pulsestyle_onevent pure rand randc randcase
            randsequence rcmos real realtime ref reg reject_on release repeat restrict return rnmos rpmos rtran rtranif0
            rtranif1 s_always s_eventually s_nexttime s_until s_until_with scalared sequence shortint shortreal
            showcancelled signed small soft solve specify specparam static string strong strong0 strong1 struct super
            supply0 supply1 sync_accept_on sync_reject_on table tagged task this throughout time timeprecision timeunit
            tran tranif0 tranif1 tri tri0 tri1 triand trior trireg type typedef union unique unique0 unsigned until
            until_with untyped use uwire var vectored virtual void wait wait_order wand weak weak0 weak1 while wildcard
            wire with within wor xnor xor""");

    /** ISO C11 6.4.1: all 44 keywords. */
    public static final List<String> C11_KEYWORDS = words("""
            auto break case char const continue default do double else enum extern float for goto if inline int long
            register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while
            _Alignas _Alignof _Atomic _Bool _Complex _Generic _Imaginary _Noreturn _Static_assert _Thread_local""");

    /**
     * Spellings C11's headers define as macros for its underscore keywords ({@code <stdbool.h>}, {@code <stdalign.h>},
     * ...) and C23's new keywords, so generated code stays valid when compiled as C23.
     */
    public static final List<String> C_KEYWORD_MACROS_AND_C23 = words("""
            bool true false alignas alignof complex imaginary noreturn static_assert thread_local nullptr constexpr
            typeof typeof_unqual _BitInt _Decimal32 _Decimal64 _Decimal128""");

    /**
     * ISO C++20 [lex.key] keywords, [lex.digraph] alternative tokens, and the identifiers with special meaning
     * ({@code final}, {@code override}, {@code import}, {@code module}): a header included from C++ must compile.
     */
    public static final List<String> CPP_KEYWORDS = words("""
            alignas alignof asm auto bool break case catch char char8_t char16_t char32_t class concept const consteval
            constexpr constinit const_cast continue co_await co_return co_yield decltype default delete do double
            dynamic_cast else enum explicit export extern false float for friend goto if inline int long mutable
            namespace new noexcept nullptr operator private protected public register reinterpret_cast requires return
            short signed sizeof static static_assert static_cast struct switch template this thread_local throw true try
            typedef typeid typename union unsigned using virtual void volatile wchar_t while
            and and_eq bitand bitor compl not not_eq or or_eq xor xor_eq
            final override import module""");

    /**
     * ISO C11 7.1.2: the standard headers. A model named {@code stdio} must not write a {@code stdio.h} that shadows
     * {@code <stdio.h>} for a program compiled with the generated folder on its include path.
     */
    public static final List<String> C_STANDARD_HEADERS = words("""
            assert complex ctype errno fenv float inttypes iso646 limits locale math setjmp signal stdalign stdarg
            stdatomic stdbool stddef stdint stdio stdlib stdnoreturn string tgmath threads time uchar wchar wctype""");

    /**
     * Names the C library defines (often as macros) that generated code or the program around it uses, and the
     * C++ and SystemC "common words" Verilator refuses as symbols (its SYMRSVDWORD list).
     */
    public static final List<String> LIBRARY_NAMES = words("""
            main errno assert offsetof NULL EOF stdin stdout stderr va_list va_arg va_start va_end va_copy setjmp
            longjmp int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t intptr_t uintptr_t intmax_t
            uintmax_t size_t ptrdiff_t wchar_t max_align_t FILE
            abort bit_vector cdecl const_iterator const_reference deque far huge interrupt iterator list map near pascal
            queue reference set stack synchronized transaction_safe transaction_safe_dynamic type_info vector
            atomic_cancel atomic_commit atomic_noexcept sc_clock sc_in sc_inout sc_out sc_signal sensitive sensitive_neg
            sensitive_pos""");

    /** The Verilator test harness's wrapper module (its file {@code bwn_batch.v}, its C++ class {@code Vbwn_batch}). */
    public static final String VERILATOR_WRAPPER = "bwn_batch";
    /** The AXI4-Stream test harness's wrapper module ({@code bwn_axis_batch.v}, {@code Vbwn_axis_batch}). */
    public static final String VERILATOR_AXIS_WRAPPER = "bwn_axis_batch";
    /** The C test harness's driver source ({@code batch_main.c}) and program ({@code bwn_c_batch}, {@code .elf}). */
    public static final String C_BATCH_MAIN = "batch_main";
    public static final String C_BATCH_PROGRAM = "bwn_c_batch";

    /**
     * Names bwn generates itself, outside any model's prefix: the top module's ports, the test harnesses' modules,
     * files and programs, and the fixed files each backend writes ({@code Makefile}; {@code design.txt},
     * {@code folding.txt}, {@code report.md}, {@code README.md}).
     */
    public static final List<String> GENERATED_NAMES = List.of("clk", "rst", VERILATOR_WRAPPER, VERILATOR_AXIS_WRAPPER, C_BATCH_MAIN,
            C_BATCH_PROGRAM, "testbench", "sim", "obj_dir", "makefile", "design", "folding", "report", "readme");

    /**
     * Prefixes the C standard reserves for the library's future use ({@code str*}, {@code mem*}, {@code is*},
     * {@code to*}, {@code wcs*}, {@code atomic_*}, {@code cnd_}/{@code mtx_}/{@code thrd_}/{@code tss_}; macros
     * {@code E*}, {@code LC_*}, {@code SIG*}, {@code INT*}, {@code PRI*}, ...). A C prefix starting with one of them
     * gets {@code bwn_} in front, as every public symbol and macro of the generated code starts with the prefix.
     */
    private static final List<String> C_RESERVED_PREFIXES = List.of("str", "mem", "is", "to", "wcs", "e", "lc", "sig",
            "int", "uint", "pri", "scn", "atomic", "cnd_", "mtx_", "thrd_", "tss_");

    /** Longest identifier taken from a name; the generator appends suffixes to it. */
    private static final int MAX_IDENTIFIER = 40;

    private static final Set<String> RESERVED = Stream.of(SYSTEMVERILOG_KEYWORDS, C11_KEYWORDS,
                    C_KEYWORD_MACROS_AND_C23, CPP_KEYWORDS, C_STANDARD_HEADERS, LIBRARY_NAMES, GENERATED_NAMES)
            .flatMap(List::stream).map(Identifiers::plain).collect(Collectors.toUnmodifiableSet());

    /** At most this many provenance facts are copied into a generated file; the rest are counted. */
    public static final int MAX_PROVENANCE_FACTS = 32;

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
        String s = plain(name);
        if (s.length() > MAX_IDENTIFIER) {
            s = trimUnderscores(s.substring(0, MAX_IDENTIFIER));
        }
        if (s.isEmpty() || Character.isDigit(s.charAt(0)) || RESERVED.contains(s)) {
            s = "l_" + s;
        }
        return s;
    }

    /** Whether {@code word} (in any case, with or without leading underscores) is one of the reserved words. */
    public static boolean isReserved(String word) {
        return RESERVED.contains(plain(word));
    }

    /**
     * The C prefix of a model ({@code PREFIX_infer}, {@code PREFIX.h}, macros {@code PREFIX_...} in upper case): a
     * {@link #sanitize safe identifier} clear of the prefixes the C standard reserves.
     */
    public static String cPrefix(String name) {
        String id = sanitize(name);
        for (String reserved : C_RESERVED_PREFIXES) {
            if (id.startsWith(reserved)) {
                return "bwn_" + id;
            }
        }
        return id;
    }

    /**
     * Text safe in every kind of comment bwn writes (C block comments, Verilog and Makefile line comments, YAML,
     * Markdown): at most {@link DisplayText#VALUE_LIMIT} characters of the original, non-ASCII and controls escaped (a
     * newline cannot end a line comment), no comment delimiters, no {@code ??} that could start a trigraph (
     * {@code ??/} is a backslash to a C compiler), and no backslash at the end, which would continue a Makefile or C
     * line comment onto the next line.
     */
    public static String commentText(String text) {
        String safe = DisplayText.ascii(text, DisplayText.VALUE_LIMIT)
                .replace("*/", "* /").replace("/*", "/ *").replace("??", "? ?").replace("??", "? ?");
        return safe.endsWith("\\") ? safe + "." : safe;
    }

    /**
     * A model's provenance as comment text (key to value), each {@link #commentText capped}, and at most
     * {@link #MAX_PROVENANCE_FACTS} facts with a last entry saying how many more the model has: a model file's
     * provenance is copied into every generated file, so its size must not multiply.
     */
    public static Map<String, String> provenanceComments(Map<String, String> facts) {
        Map<String, String> out = new LinkedHashMap<>();
        int copied = 0;
        for (Map.Entry<String, String> f : facts.entrySet()) {
            if (copied++ == MAX_PROVENANCE_FACTS) {
                out.put("(not copied)", (facts.size() - MAX_PROVENANCE_FACTS) + " more provenance facts; see the model file");
                break;
            }
            String key = commentText(f.getKey());
            out.merge(key, commentText(f.getValue()), (a, b) -> a + "; " + b);
        }
        return out;
    }

    /** The name mapped to lower-case letters, digits and single inner underscores, before any reservation. */
    private static String plain(String name) {
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
        return trimUnderscores(sb.toString());
    }

    private static String trimUnderscores(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '_') {
            end--;
        }
        return s.substring(0, end);
    }

    private static List<String> words(String text) {
        return List.of(text.strip().split("\\s+"));
    }
}
