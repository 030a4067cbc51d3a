package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.verilog.RequantView;
import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.ActivationType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The requantizer's clamp, written as saturation ({@link RequantView#saturation}), against the clamp itself for every
 * value of every width from 1 to 12 bits into signed and unsigned outputs of 2, 3 and 8 bits, in Icarus Verilog. The
 * Verilator tests check it only at the widths their models happen to have; this covers the edges (a 1-bit value, a
 * value narrower than the output, one bit wider).
 */
class RequantSaturationTest {
    private static final int MAX_BITS = 12;
    private static final List<ActivationType> OUTPUTS = List.of(new ActivationType(2, false), new ActivationType(3, false),
            new ActivationType(8, false), new ActivationType(2, true), new ActivationType(3, true), new ActivationType(8, true));

    @Test
    void saturationEqualsTheClampForEveryValue(@TempDir Path dir) throws IOException {
        RequireTools.require("iverilog", "vvp");
        StringBuilder v = new StringBuilder("`default_nettype none\n");
        StringBuilder tb = new StringBuilder("module tb;\n    integer i;\n");
        StringBuilder run = new StringBuilder("    initial begin\n");
        int cases = 0;
        for (ActivationType out : OUTPUTS) {
            for (int bits = 1; bits <= MAX_BITS; bits++) {
                String name = "sat_" + out.label() + "_" + bits;
                v.append("module ").append(name).append(" (input wire signed [").append(bits - 1).append(":0] shifted, output wire [")
                        .append(out.bits() - 1).append(":0] out);\n    assign out = ").append(RequantView.saturation(out, bits))
                        .append(";\nendmodule\n");
                tb.append("    reg signed [").append(bits - 1).append(":0] x_").append(name).append(";\n    wire [")
                        .append(out.bits() - 1).append(":0] y_").append(name).append(";\n    ").append(name).append(" u_")
                        .append(name).append(" (.shifted(x_").append(name).append("), .out(y_").append(name).append("));\n");
                run.append("        for (i = ").append(-(1L << (bits - 1))).append("; i < ").append(1L << (bits - 1))
                        .append("; i = i + 1) begin x_").append(name).append(" = i; #1; $display(\"").append(name)
                        .append(" %0d %0d\", i, y_").append(name).append("); end\n");
                cases++;
            }
        }
        run.append("        $finish;\n    end\nendmodule\n");
        Files.writeString(dir.resolve("sat.v"), v.toString() + tb + run);
        Duration timeout = Duration.ofMinutes(2);
        Processes.run(List.of("iverilog", "-g2012", "-Wall", "-o", "sat.vvp", "sat.v"), dir, timeout).orThrow();
        String output = Processes.run(List.of("vvp", "-n", "sat.vvp"), dir, timeout).orThrow().output();
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (String line : output.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length != 3 || !f[0].startsWith("sat_")) {
                continue;
            }
            ActivationType out = OUTPUTS.stream().filter(t -> f[0].startsWith("sat_" + t.label() + "_")).findFirst().orElseThrow();
            long value = Long.parseLong(f[1]);
            long expected = Math.max(out.min(), Math.min(out.max(), value)) & ((1L << out.bits()) - 1);
            if (Long.parseLong(f[2]) != expected) {
                mismatches.add(line.trim() + " (expected " + expected + ")");
            }
            checked++;
        }
        long values = 0;
        for (int bits = 1; bits <= MAX_BITS; bits++) {
            values += 1L << bits;
        }
        assertEquals(OUTPUTS.size() * values, checked, "values checked of " + cases + " cases");
        assertTrue(mismatches.isEmpty(), mismatches.size() + " mismatches, first: " + mismatches.subList(0, Math.min(5, mismatches.size())));
    }
}
