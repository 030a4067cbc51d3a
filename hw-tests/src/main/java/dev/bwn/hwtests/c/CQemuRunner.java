package dev.bwn.hwtests.c;

import dev.bwn.codegen.Identifiers;
import dev.bwn.codegen.c.CortexMProject;
import dev.bwn.hwtests.Processes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Cross-compiles generated C designs with {@code arm-none-eabi-gcc} into one bare-metal image (newlib + rdimon
 * semihosting: the examples read the vector files from the host and print through QEMU), with the start-up code and
 * linker script of the generated Cortex-M project ({@link CortexMProject}) and runs it in
 * {@code qemu-system-arm}, by default on the Cortex-M3 board {@code mps2-an385}. Same results as {@link CHostRunner}.
 * Used by the hw-tests suites and by {@code bwn verify --target c-qemu}.
 */
public final class CQemuRunner {
    /**
     * @param machine QEMU board, e.g. {@code mps2-an385} (Cortex-M3) or {@code mps2-an386} (Cortex-M4)
     * @param cpu     {@code -mcpu} for the compiler, matching the board
     * @param flags   extra compiler flags (optimization; floating point flags for the M4)
     * @param debug   compile with {@code PREFIX_DEBUG} (every layer checked)
     */
    public record Options(String machine, String cpu, List<String> flags, boolean debug, Duration timeout) {
        public static Options cortexM3() {
            return new Options("mps2-an385", "cortex-m3", List.of("-O2"), false, Duration.ofMinutes(5));
        }

        public Options withDebug(boolean d) {
            return new Options(machine, cpu, flags, d, timeout);
        }
    }

    private CQemuRunner() {
    }

    public static List<CRunResult> run(List<CDesign> designs, Path workDir, Options options) throws IOException {
        Path image = compile(designs, workDir, options, false);
        Processes.Result run = Processes.run(emulator(image, options), workDir, options.timeout());
        return CRuns.parse(designs, run.output() + "\n[exit " + run.exitCode() + "]");
    }

    /**
     * Cross-compiles one design into an image that reads its vectors (through semihosting) from the folder QEMU is
     * started in; run it on each slice of the vectors with {@link #runSlice}, one QEMU process per slice.
     */
    public static Path compileForSlices(CDesign design, Path workDir, Options options) throws IOException {
        return compile(List.of(design), workDir, options, true);
    }

    /** Runs an image from {@link #compileForSlices} in QEMU on the vectors in {@code sliceVectors}. */
    public static CRunResult runSlice(Path image, CDesign design, Path sliceVectors, Options options) {
        return CRuns.runSlice(emulator(image, options), design, sliceVectors, options.timeout());
    }

    private static List<String> emulator(Path image, Options options) {
        return List.of("qemu-system-arm", "-M", options.machine(), "-nographic", "-monitor", "none", "-serial", "none",
                "-semihosting-config", "enable=on,target=native", "-kernel", image.toAbsolutePath().toString());
    }

    private static Path compile(List<CDesign> designs, Path workDir, Options options, boolean vectorsInWorkingFolder)
            throws IOException {
        Path main = CRuns.writeBatchMain(designs, workDir, vectorsInWorkingFolder);
        Path linkerScript = workDir.resolve(CortexMProject.LINKER_SCRIPT_FILE);
        Files.writeString(linkerScript, CortexMProject.linkerScript(), StandardCharsets.UTF_8);
        Path startup = workDir.resolve(CortexMProject.STARTUP_FILE);
        Files.writeString(startup, CortexMProject.startupSource(), StandardCharsets.UTF_8);
        Path image = workDir.resolve(Identifiers.C_BATCH_PROGRAM + ".elf");
        List<String> cmd = new ArrayList<>(List.of("arm-none-eabi-gcc", "-mcpu=" + options.cpu(), "-mthumb"));
        cmd.addAll(CHostRunner.STRICT_FLAGS);
        cmd.addAll(options.flags());
        cmd.addAll(List.of("--specs=rdimon.specs", "-T", linkerScript.toString(), startup.toString()));
        cmd.addAll(CRuns.batchArguments(designs, main, options.debug()));
        cmd.addAll(List.of("-o", image.toString()));
        Processes.run(cmd, workDir, options.timeout()).orThrow();
        return image;
    }
}
