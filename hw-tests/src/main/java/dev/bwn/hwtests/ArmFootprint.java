package dev.bwn.hwtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Flash and RAM of a generated C model on a Cortex-M, measured the way a firmware engineer would: compile the model
 * source alone with {@code arm-none-eabi-gcc -mthumb -Os} and read the sections with {@code arm-none-eabi-size}.
 * Flash = text + data (initializers live in flash); RAM = data + bss (the scratch arena). The stack is not counted.
 */
public final class ArmFootprint {
    public record Result(String cpu, long text, long data, long bss) {
        public long flashBytes() {
            return text + data;
        }

        public long ramBytes() {
            return data + bss;
        }

        public String summary() {
            return String.format(Locale.ROOT, "flash %,d B, RAM %,d B (%s, -Os)", flashBytes(), ramBytes(), cpu);
        }
    }

    private ArmFootprint() {
    }

    /** Compiles {@code source} (with its header beside it) for {@code cpu}, e.g. {@code cortex-m4}. */
    public static Result measure(Path source, String cpu, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path object = workDir.toAbsolutePath().resolve(source.getFileName().toString().replaceAll("\\.[ch]$", "") + "." + cpu + ".o");
        Processes.run(List.of("arm-none-eabi-gcc", "-mcpu=" + cpu, "-mthumb", "-Os", "-std=c99", "-ffunction-sections",
                "-fdata-sections", "-c", source.toAbsolutePath().toString(), "-o", object.toString()), workDir, Duration.ofMinutes(2)).orThrow();
        String out = Processes.run(List.of("arm-none-eabi-size", "-B", object.toString()), workDir, Duration.ofMinutes(1))
                .orThrow().output();
        // Berkeley format: "   text    data     bss     dec     hex filename" then the numbers.
        String[] lines = out.strip().split("\n");
        String[] fields = lines[lines.length - 1].trim().split("\\s+");
        return new Result(cpu, Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2]));
    }
}
