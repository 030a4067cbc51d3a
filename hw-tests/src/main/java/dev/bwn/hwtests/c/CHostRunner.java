package dev.bwn.hwtests.c;

import dev.bwn.codegen.Identifiers;
import dev.bwn.hwtests.Processes;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds generated C designs with a host compiler and runs them on their test vectors. Several designs go into one
 * program (one compile, one run), each running its example; the result per design says which vectors matched the
 * Java reference bit for bit. Used by the hw-tests suites and by {@code bwn verify --target c}.
 *
 * <pre>
 * CDesign d = CDesign.generate(net, COptions.defaults(), dir.resolve("c"), vectorsDir); // or CDesign.existing(...)
 * CRunResult r = CHostRunner.run(List.of(d), workDir, CHostRunner.Options.defaults()).get(0);
 * r.passed(); r.results(); r.mismatches(); r.toTargetResult("c", seconds);
 * </pre>
 */
public final class CHostRunner {
    /** The warning flags every generated file must pass. */
    public static final List<String> STRICT_FLAGS = List.of("-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic");

    /**
     * @param compiler executable ({@code gcc}, {@code clang}, {@code cc})
     * @param flags    compiler flags (optimization, warnings, sanitizers)
     * @param debug    compile with {@code PREFIX_DEBUG}: every layer's output is checked, not only the logits
     * @param timeout  for the compile and for the run, each
     */
    public record Options(String compiler, List<String> flags, boolean debug, Duration timeout) {
        public static Options defaults() {
            List<String> flags = new ArrayList<>(STRICT_FLAGS);
            flags.add("-O2");
            return new Options("gcc", List.copyOf(flags), true, Duration.ofMinutes(5));
        }

        public Options withCompiler(String c) {
            return new Options(c, flags, debug, timeout);
        }

        public Options withFlags(List<String> f) {
            return new Options(compiler, List.copyOf(f), debug, timeout);
        }

        public Options withDebug(boolean d) {
            return new Options(compiler, flags, d, timeout);
        }

        /** UndefinedBehaviorSanitizer and AddressSanitizer, stopping at the first report. */
        public Options withSanitizers() {
            List<String> f = new ArrayList<>(STRICT_FLAGS);
            f.addAll(List.of("-O1", "-g", "-fsanitize=undefined,address", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer"));
            return withFlags(f);
        }
    }

    private CHostRunner() {
    }

    /**
     * Compiles every design with its example and a batch driver into {@code workDir/bwn_c_batch}, runs it, and returns
     * one result per design, in order. Throws {@link Processes.ToolFailure} when the compiler fails (any warning, with
     * {@code -Werror}); a crash or sanitizer report shows as an incomplete or mismatching result.
     */
    public static List<CRunResult> run(List<CDesign> designs, Path workDir, Options options) throws IOException {
        Path binary = compile(designs, workDir, options, false);
        Processes.Result run = Processes.run(List.of(binary.toString()), workDir, options.timeout());
        return CRuns.parse(designs, run.output() + "\n[exit " + run.exitCode() + "]");
    }

    /**
     * Compiles one design into a program that reads its vectors from the folder it is started in; run it on each
     * slice of the vectors with {@link #runSlice}.
     */
    public static Path compileForSlices(CDesign design, Path workDir, Options options) throws IOException {
        return compile(List.of(design), workDir, options, true);
    }

    /** Runs a program from {@link #compileForSlices} on the vectors in {@code sliceVectors}. */
    public static CRunResult runSlice(Path binary, CDesign design, Path sliceVectors, Options options) {
        return CRuns.runSlice(List.of(binary.toString()), design, sliceVectors, options.timeout());
    }

    private static Path compile(List<CDesign> designs, Path workDir, Options options, boolean vectorsInWorkingFolder)
            throws IOException {
        Path main = CRuns.writeBatchMain(designs, workDir, vectorsInWorkingFolder);
        Path binary = workDir.resolve(Identifiers.C_BATCH_PROGRAM);
        List<String> cmd = new ArrayList<>();
        cmd.add(options.compiler());
        cmd.addAll(options.flags());
        cmd.addAll(CRuns.batchArguments(designs, main, options.debug()));
        cmd.add("-o");
        cmd.add(binary.toString());
        Processes.run(cmd, workDir, options.timeout()).orThrow();
        return binary;
    }
}
