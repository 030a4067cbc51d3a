package dev.bwn.hwtests;

import dev.bwn.codegen.Identifiers;
import dev.bwn.codegen.c.CGenerator;
import dev.bwn.codegen.c.COptions;
import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.codegen.verilog.VerilogLowering;
import dev.bwn.model.ActivationType;
import dev.bwn.model.Dense;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.RequantMode;
import dev.bwn.model.Shape;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every reserved word of every list in {@link Identifiers} (SystemVerilog, C11, C23, C++20, the C standard headers,
 * library and Verilator words, bwn's own generated names), used as a model name, as {@code --name} and as layer
 * names, gives code the real tools accept: the Verilog of all of them together passes {@code verilator --lint-only
 * -Wall} with no output and compiles in {@code iverilog -g2012}; their C headers, sources and examples compile in one
 * translation unit under {@code gcc -Werror} with the generated folder on the include path (a generated
 * {@code stdio.h} would shadow the system's), and the headers in one under {@code g++ -Werror}. Every model carries
 * provenance that tries trigraphs ({@code ??/}), comment terminators, newlines and trailing backslashes.
 */
class ReservedNamesCompileTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** Designs per Verilator run: its time grows faster than linearly with the number of modules it is given. */
    private static final int LINT_BATCH = 16;
    /** Values that must never end or extend the comment they are copied into. */
    private static final Map<String, String> HOSTILE_FACTS = Map.of(
            "trigraph", "ends in a trigraph ??/",
            "terminator", "closes */ a comment /* and opens one",
            "newline", "first line\nsecond line // not a comment\r\n",
            "backslash", "continues a line \\",
            "escape", "\u001b[2J clears a terminal, \u202e reverses text",
            "long", "x".repeat(5000));

    private static List<Network> nets;

    @BeforeAll
    static void networks() {
        List<String> words = reservedWords();
        words.addAll(List.of("trigraph??/", "comment*/", "ends in a backslash \\"));
        nets = new ArrayList<>();
        Set<String> tops = new HashSet<>();
        for (int i = 0; i < words.size(); i++) {
            // one design per distinct top-module/prefix spelling ("_Bool" and "bool" both become l_bool)
            if (tops.add(Identifiers.sanitize(words.get(i)))) {
                nets.add(network(words.get(i), words.get((i + 1) % words.size()), i));
            }
        }
    }

    /** Every word of every reserved list, in their own spelling, once. */
    static List<String> reservedWords() {
        Set<String> all = new LinkedHashSet<>();
        Stream.of(Identifiers.SYSTEMVERILOG_KEYWORDS, Identifiers.C11_KEYWORDS, Identifiers.C_KEYWORD_MACROS_AND_C23,
                Identifiers.CPP_KEYWORDS, Identifiers.C_STANDARD_HEADERS, Identifiers.LIBRARY_NAMES,
                Identifiers.GENERATED_NAMES).forEach(all::addAll);
        return new ArrayList<>(all);
    }

    /** The smallest design there is (one dense layer), so that about 420 of them lint in seconds. */
    private static Network network(String name, String layerName, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        ActivationType s16 = new ActivationType(16, true);
        Dense dense = new Dense(layerName, 3, RandomNetworks.randomWeights(rnd, 3, 6),
                RandomNetworks.randomRequant(rnd, 3, 6, ActivationType.UINT8, s16, RequantMode.MULTIPLY), s16);
        Provenance p = new Provenance("bwn test ??/", "a ??/", null, "*/", null, null, null, HOSTILE_FACTS);
        // The input tensor takes a name no keyword has, so the layer may be named "input" too.
        return new Network(name, p, "image", Shape.flat(6), ActivationType.UINT8, RequantMode.MULTIPLY, List.of(dense),
                List.of(List.of("image")));
    }

    @Test
    void theListsAreTheStandardsCompleteLists() {
        assertEquals(248, Set.copyOf(Identifiers.SYSTEMVERILOG_KEYWORDS).size(), "IEEE 1800-2017 Annex B has 248 keywords");
        assertEquals(44, Set.copyOf(Identifiers.C11_KEYWORDS).size(), "C11 6.4.1 has 44 keywords");
        assertEquals(29, Set.copyOf(Identifiers.C_STANDARD_HEADERS).size(), "C11 7.1.2 has 29 standard headers");
        // C++20 [lex.key] table 5 (92 words with the coroutine and concept keywords), 11 alternative tokens, 4 special
        assertEquals(81 + 11 + 4, Set.copyOf(Identifiers.CPP_KEYWORDS).size());
        for (String word : reservedWords()) {
            String id = Identifiers.sanitize(word);
            assertTrue(!Identifiers.isReserved(id) && !id.equals(word.toLowerCase()), word + " -> " + id);
        }
    }

    @Test
    void verilogOfEveryReservedNameLintsCleanAndCompilesInIcarus(@TempDir Path dir) throws IOException {
        RequireTools.require("verilator", "iverilog");
        List<List<String>> batches = new ArrayList<>();
        for (int n = 0; n < nets.size(); n++) {
            if (n % LINT_BATCH == 0) {
                batches.add(new ArrayList<>());
            }
            Map<String, String> design = VerilogGenerator.files(
                    VerilogLowering.lower(nets.get(n), new VerilogLowering.Options(Device.UP5K, Map.of(), false,
                            VerilogLowering.DEFAULT_REGISTER_EVERY, "bwn test ??/")));
            for (String file : VerilogGenerator.verilogFiles(design)) {
                Path p = dir.resolve(file);
                assertTrue(!Files.exists(p), "two designs both generate " + file);
                Files.writeString(p, design.get(file), StandardCharsets.UTF_8);
                batches.get(batches.size() - 1).add(file);
            }
        }
        List<String> all = new ArrayList<>();
        for (int b = 0; b < batches.size(); b++) {
            Files.write(dir.resolve("batch" + b + ".f"), batches.get(b));
            all.addAll(batches.get(b));
            // each design's top is a top of the batch, which Verilator warns about (MULTITOP) and about nothing else
            Processes.Result l = Processes.run(List.of("verilator", "--lint-only", "-Wall", "-Wno-MULTITOP",
                    "-f", "batch" + b + ".f"), dir, TIMEOUT);
            assertEquals(0, l.exitCode(), head(l.output()));
            assertTrue(l.output().isBlank(), "verilator -Wall printed:\n" + head(l.output()));
        }
        Files.write(dir.resolve("all.f"), all);
        Processes.Result i = Processes.run(List.of("iverilog", "-g2012", "-o", dir.resolve("all.vvp").toString(),
                "-c", "all.f"), dir, TIMEOUT);
        assertEquals(0, i.exitCode(), head(i.output()));
    }

    private static String head(String output) {
        return output.substring(0, Math.min(4000, output.length()));
    }

    @Test
    void cOfEveryReservedNameCompilesWithGccAndItsHeaderWithGpp(@TempDir Path dir) throws IOException {
        RequireTools.require("gcc", "g++");
        Path folder = dir.resolve("generated");
        Files.createDirectories(folder);
        StringBuilder cUnit = new StringBuilder();
        StringBuilder cppUnit = new StringBuilder();
        for (int n = 0; n < nets.size(); n++) {
            Network net = nets.get(n);
            // the word reaches the C prefix as the model's name or as --name; every fourth also as a single header
            List<COptions> packagings = new ArrayList<>(List.of(n % 2 == 0 ? COptions.defaults()
                    : COptions.defaults().withName(net.name())));
            if (n % 4 == 0) {
                packagings.add(COptions.defaults().withName(net.name() + " single").withSingleHeader(true));
            }
            for (COptions options : packagings) {
                CGenerator.Output out = CGenerator.generate(net, options);
                for (Map.Entry<String, String> f : out.files().entrySet()) {
                    // the model's own C files; the Makefile, README and cortex-m/ project have fixed names in every folder
                    if (f.getKey().startsWith(out.model().prefix())) {
                        Path p = folder.resolve(f.getKey());
                        assertTrue(!Files.exists(p), "two models both generate " + f.getKey());
                        Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
                    }
                }
                String macro = out.model().macroPrefix();
                cUnit.append("#define ").append(macro).append("_EXAMPLE_NO_MAIN\n");
                if (!out.model().singleHeader()) {
                    cUnit.append("#include \"").append(out.model().sourceFile()).append("\"\n");
                }
                cUnit.append("#include \"").append(out.model().exampleFile()).append("\"\n");
                cppUnit.append("#include \"").append(out.model().headerFile()).append("\"\n");
            }
        }
        Files.writeString(dir.resolve("all.c"), cUnit);
        Files.writeString(dir.resolve("all.cpp"), cppUnit);
        Processes.Result c = Processes.run(List.of("gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic",
                "-I", folder.toString(), "-fsyntax-only", "all.c"), dir, TIMEOUT);
        assertEquals(0, c.exitCode(), head(c.output()));
        Processes.Result cpp = Processes.run(List.of("g++", "-std=c++17", "-Wall", "-Wextra", "-Werror", "-pedantic",
                "-I", folder.toString(), "-fsyntax-only", "all.cpp"), dir, TIMEOUT);
        assertEquals(0, cpp.exitCode(), head(cpp.output()));
    }
}
