package dev.bwn.codegen;

import dev.bwn.codegen.c.CGenerator;
import dev.bwn.codegen.c.COptions;
import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.codegen.verilog.VerilogLowering;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one sanitizer: identifiers, comment text and the cap on what a model's provenance copies into generated files.
 * (That every reserved word compiles with the real tools is hw-tests' ReservedNamesCompileTest.)
 */
class IdentifiersTest {
    @Test
    void identifiersAreLowerCaseWithSingleInnerUnderscores() {
        Map<String, String> sanitized = Map.of("virtual", "l_virtual", "ALWAYS_FF", "l_always_ff", "_Bool", "l_bool",
                "stdio", "l_stdio", "bwn_batch", "l_bwn_batch", "9lives", "l_9lives", "???", "l_", "__a__b__", "a_b",
                // cut to 40 characters at an underscore: none trails, so PREFIX + "_infer" has no "__" (C++ reserves it)
                "a".repeat(39) + " b", "a".repeat(39));
        sanitized.forEach((name, id) -> assertEquals(id, Identifiers.sanitize(name), name));
        Map<String, String> prefixes = Map.of("mnist-tiny", "mnist_tiny", "memory", "bwn_memory", "strcpy", "bwn_strcpy",
                "int8net", "bwn_int8net", "thrd pool", "bwn_thrd_pool", "1net", "l_1net", "stdio", "l_stdio",
                "x); system(\"rm -rf /\"); //", "x_system_rm_rf");
        prefixes.forEach((name, prefix) -> assertEquals(prefix, Identifiers.cPrefix(name), name));
    }

    @Test
    void commentTextCannotEndExtendOrEscapeAComment() {
        assertEquals("a ? ?/", Identifiers.commentText("a ??/"));
        assertEquals("? ? ? ? ?", Identifiers.commentText("?????"));
        assertEquals("x * / y / * z", Identifiers.commentText("x */ y /* z"));
        assertEquals("ends \\.", Identifiers.commentText("ends \\"));
        assertEquals("one\\ntwo\\r\\u001B[2J\\u202E caf\\u00E9", Identifiers.commentText("one\ntwo\r\u001b[2J\u202e caf\u00e9"));
        String capped = Identifiers.commentText("y".repeat(1_000_000));
        assertTrue(capped.startsWith("y".repeat(200) + "... [cut: 1000000 characters in all]"), capped);
        assertTrue(capped.length() < 260);
    }

    @Test
    void aHugeProvenanceIsCappedInEveryGeneratedFile() {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("a huge fact", "z".repeat(20_000_000)); // sorts before the others: copied, and cut
        for (int i = 0; i < 1000; i++) {
            extra.put(String.format("fact%04d", i), "value " + i);
        }
        Network base = RandomNetworks.generate(3);
        Network net = new Network(base.name(), new Provenance("bwn test", null, null, null, null, null, null, extra),
                base.inputShape(), base.inputType(), base.requantMode(), base.layers());
        Map<String, String> verilog = VerilogGenerator.files(VerilogLowering.lower(net,
                VerilogLowering.Options.auto(Device.UP5K, "bwn test")));
        Map<String, String> c = CGenerator.generate(net, COptions.defaults()).files();
        Map<String, String> plain = VerilogGenerator.files(VerilogLowering.lower(base,
                VerilogLowering.Options.auto(Device.UP5K, "bwn test")));
        long added = size(verilog) - size(plain);
        assertTrue(added < verilog.size() * 3_000L, "the provenance added " + added + " bytes to " + verilog.size() + " files");
        int stamped = 0;
        for (Map<String, String> files : java.util.List.of(verilog, c)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                String text = f.getValue();
                assertFalse(text.contains("z".repeat(201)) || text.contains("fact0030"), f.getKey());
                if (text.contains("fact0029")) {
                    stamped++;
                    assertTrue(text.contains("[cut: 20000000 characters in all]"), f.getKey() + " does not mark the cut");
                    assertTrue(text.contains("970 more provenance facts; see the model file"), f.getKey());
                }
            }
        }
        assertTrue(stamped > 10, "provenance in only " + stamped + " files");
    }

    private static long size(Map<String, String> files) {
        return files.values().stream().mapToLong(String::length).sum();
    }
}
