package dev.bwn.hwtests.c;

import dev.bwn.hwtests.Processes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stack an inference needs on a target, from the compiler's own figures: the model source compiled with
 * {@code -fcallgraph-info=su} (gcc 10 and later, avr-gcc and arm-none-eabi-gcc included) gives every function's frame
 * and the calls between them; the deepest chain from {@code NAME_infer_with} is the stack it needs. Every frame must be
 * static (no alloca, no VLA) and the graph acyclic (no recursion), or the figure would not be a bound. The only calls
 * outside the file are leaf routines the compiler adds: memset/memcpy/memmove for zeroing and copying loops, and
 * libgcc's arithmetic helpers ({@code __aeabi_lmul} on Cortex-M0, {@code __mulsi3} on AVR, names starting with
 * {@code __}); each is counted as {@link #LIBRARY_LEAF_BYTES} (newlib's Thumb-1 memcpy, the largest of them here,
 * pushes five registers: 20 bytes).
 */
public final class StackUsage {
    /**
     * A compiler and its flags for one target, e.g. Cortex-M4 {@code arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os}.
     * {@code objdump} is null for compilers with {@code -fcallgraph-info}; for older ones (Debian's avr-gcc 5.4) the
     * frames come from {@code -fstack-usage} and the calls from the object's relocations, and every call adds
     * {@code returnAddressBytes} (which AVR's frame figures leave out).
     */
    public record Target(String name, List<String> command, String objdump, long returnAddressBytes) {
        public static final Target X86_64 = new Target("x86-64 gcc -O2", List.of("gcc", "-std=c99", "-O2"), null, 0);
        public static final Target CORTEX_M0 = new Target("Cortex-M0 arm-none-eabi-gcc -Os",
                List.of("arm-none-eabi-gcc", "-mcpu=cortex-m0", "-mthumb", "-std=c99", "-Os"), null, 0);
        public static final Target CORTEX_M4 = new Target("Cortex-M4 arm-none-eabi-gcc -Os",
                List.of("arm-none-eabi-gcc", "-mcpu=cortex-m4", "-mthumb", "-std=c99", "-Os"), null, 0);
        public static final Target AVR = new Target("ATmega328P avr-gcc -Os",
                List.of("avr-gcc", "-mmcu=atmega328p", "-std=c99", "-Os"), "avr-objdump", 2);
        public static final List<Target> ALL = List.of(X86_64, CORTEX_M0, CORTEX_M4, AVR);
    }

    /** The deepest call chain from the root: total bytes and the functions on it. */
    public record Chain(long bytes, List<String> functions, String command) {
    }

    private static final Pattern NODE = Pattern.compile(
            "node: \\{ title: \"([^\"]+)\" label: \"([^\"\\\\]+)\\\\n[^\"]*?(?:\\\\n(\\d+) bytes \\((\\w+)\\))?\" \\}");
    private static final Pattern EDGE = Pattern.compile("edge: \\{ sourcename: \"([^\"]+)\" targetname: \"([^\"]+)\"");

    /** Stack allowed for a library leaf the compiler calls (memset, memcpy, memmove, libgcc helpers). */
    public static final long LIBRARY_LEAF_BYTES = 32;
    private static final java.util.Set<String> LIBRARY_LEAVES = java.util.Set.of("memset", "memcpy", "memmove");

    private StackUsage() {
    }

    /** Compiles {@code source} for {@code target} in {@code workDir} and returns the deepest chain from {@code root}. */
    public static Chain measure(Path source, Target target, String root, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        String stem = target.command().get(0) + "-" + Integer.toHexString(target.name().hashCode());
        List<String> command = new ArrayList<>(target.command());
        if (target.objdump() != null) {
            command.addAll(List.of("-fstack-usage", "-ffunction-sections", "-c", source.toAbsolutePath().toString(), "-o",
                    stem + ".o"));
            Processes.run(command, workDir, Duration.ofMinutes(3)).orThrow();
            String frames = Files.readString(workDir.resolve(stem + ".su"), StandardCharsets.UTF_8);
            String disassembly = Processes.run(List.of(target.objdump(), "-dr", stem + ".o"), workDir, Duration.ofMinutes(1))
                    .orThrow().output();
            return deepest(graphFromRelocations(frames, disassembly, target.returnAddressBytes()), root, String.join(" ", command));
        }
        command.addAll(List.of("-fcallgraph-info=su", "-c", source.toAbsolutePath().toString(), "-o", stem + ".o"));
        Processes.run(command, workDir, Duration.ofMinutes(3)).orThrow();
        String graph = Files.readString(workDir.resolve(stem + ".ci"), StandardCharsets.UTF_8);
        return deepest(graph, root, String.join(" ", command));
    }

    private static final Pattern SU_LINE = Pattern.compile("^[^\\t]*:(\\w+)\\t(\\d+)\\t(\\w+)", Pattern.MULTILINE);
    private static final Pattern FUNCTION_START = Pattern.compile("^[0-9a-f]+ <(\\w+)>:$");
    private static final Pattern CALL = Pattern.compile("\\t(?:r?call|r?jmp)\\t");
    private static final Pattern RELOCATION = Pattern.compile("R_AVR_(?:CALL|13_PCREL)\\t(?:\\.text\\.)?(\\w+)");

    /**
     * The same {@code .ci} text gcc 10 writes, built from {@code -fstack-usage} frames (each plus the return address its
     * call pushes) and from the calls and jumps whose relocation names another function (a tail jump counted as a
     * call: an over-estimate, never an under-estimate).
     */
    /** The title gcc's {@code .ci} gives a function of the compiled file ({@code FILE:NAME}); library leaves keep theirs. */
    private static String local(String function) {
        return LIBRARY_LEAVES.contains(function) || function.startsWith("__") ? function : "object:" + function;
    }

    static String graphFromRelocations(String frames, String disassembly, long returnAddressBytes) {
        StringBuilder graph = new StringBuilder();
        Matcher f = SU_LINE.matcher(frames);
        while (f.find()) {
            graph.append("node: { title: \"").append(local(f.group(1))).append("\" label: \"").append(f.group(1)).append("\\nsu\\n")
                    .append(Long.parseLong(f.group(2)) + returnAddressBytes).append(" bytes (").append(f.group(3)).append(")\" }\n");
        }
        String function = null;
        boolean afterCall = false;
        for (String line : disassembly.split("\n")) {
            Matcher start = FUNCTION_START.matcher(line);
            Matcher relocation = RELOCATION.matcher(line);
            if (start.find()) {
                function = start.group(1);
                afterCall = false;
            } else if (CALL.matcher(line).find()) {
                afterCall = true;
            } else if (afterCall && relocation.find()) {
                if (function != null && !relocation.group(1).equals(function)) {
                    graph.append("edge: { sourcename: \"").append(local(function)).append("\" targetname: \"")
                            .append(local(relocation.group(1))).append("\" }\n");
                }
                afterCall = false;
            } else {
                afterCall = false;
            }
        }
        return graph.toString();
    }

    /** The deepest chain of a {@code .ci} call graph from the function named {@code root}. */
    static Chain deepest(String graph, String root, String command) {
        Map<String, Long> frames = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        Map<String, List<String>> calls = new HashMap<>();
        Matcher n = NODE.matcher(graph);
        while (n.find()) {
            names.put(n.group(1), n.group(2));
            if (n.group(3) == null) {
                frames.put(n.group(1), -1L); // a function of another file or library: no figure
            } else if (!n.group(4).equals("static")) {
                throw new IllegalStateException(n.group(2) + " has a " + n.group(4) + " frame; the stack has no static bound");
            } else {
                frames.put(n.group(1), Long.parseLong(n.group(3)));
            }
        }
        Matcher e = EDGE.matcher(graph);
        while (e.find()) {
            calls.computeIfAbsent(e.group(1), k -> new ArrayList<>()).add(e.group(2));
        }
        String start = frames.keySet().stream().filter(t -> names.get(t).equals(root)).findFirst()
                .orElseThrow(() -> new IllegalStateException(root + " is not in the call graph"));
        return walk(start, frames, names, calls, new ArrayList<>(), command);
    }

    private static Chain walk(String node, Map<String, Long> frames, Map<String, String> names,
                              Map<String, List<String>> calls, List<String> path, String command) {
        if (path.contains(node)) {
            throw new IllegalStateException("recursion through " + names.get(node) + "; the stack has no static bound");
        }
        long own = frames.getOrDefault(node, -1L);
        if (own < 0 && (LIBRARY_LEAVES.contains(node) || node.startsWith("__"))) {
            return new Chain(LIBRARY_LEAF_BYTES, List.of(node + " (library leaf, " + LIBRARY_LEAF_BYTES + " B allowed)"), command);
        }
        if (own < 0 && node.contains(":")) {
            // a function of this file without a node: gcc merged it into an identical one (ipa-icf, same address);
            // it is one of the file's functions, so the deepest chain from any of them bounds it
            Chain worst = null;
            for (String other : frames.keySet()) {
                boolean callsIntoPath = calls.getOrDefault(other, List.of()).stream().anyMatch(path::contains);
                if (frames.get(other) >= 0 && !path.contains(other) && !callsIntoPath) {
                    Chain c = walk(other, frames, names, calls, path, command);
                    worst = worst == null || c.bytes() > worst.bytes() ? c : worst;
                }
            }
            if (worst == null) {
                throw new IllegalStateException(node + " is called but its frame is unknown");
            }
            return worst;
        }
        if (own < 0) {
            throw new IllegalStateException(names.getOrDefault(node, node) + " is called but its frame is unknown");
        }
        path.add(node);
        Chain best = null;
        for (String callee : calls.getOrDefault(node, List.of())) {
            Chain c = walk(callee, frames, names, calls, path, command);
            if (best == null || c.bytes() > best.bytes()) {
                best = c;
            }
        }
        path.remove(path.size() - 1);
        List<String> functions = new ArrayList<>();
        functions.add(names.get(node));
        if (best != null) {
            functions.addAll(best.functions());
        }
        return new Chain(own + (best == null ? 0 : best.bytes()), List.copyOf(functions), command);
    }
}
