package dev.bwn.cli;

import dev.bwn.codegen.GenerationException;
import dev.bwn.model.ModelException;
import dev.bwn.model.data.DatasetException;
import dev.bwn.model.output.OutputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/**
 * The {@code bwn} command. Exit codes: 0 success, 1 a verification or evaluation failed, 2 bad input or usage.
 * Errors print one line naming what is wrong; {@code --verbose} adds the stack trace.
 */
@Command(name = "bwn", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Binary-weight neural networks: train, inspect, generate C and Verilog, verify bit-exactly.",
        subcommands = {TrainCommand.class, InspectCommand.class, EvalCommand.class, GenCommand.class, VerifyCommand.class, JUnitMergeCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces with errors.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code; used by tests too. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        CommandLine cmd = new CommandLine(main);
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = parseResult.originalArgs().contains("--verbose");
            commandLine.getErr().println("bwn: " + describe(ex));
            if (verbose) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return isBadInput(ex) ? EXIT_BAD_INPUT : EXIT_FAILED;
        });
        return cmd.execute(args);
    }

    static boolean isBadInput(Throwable ex) {
        return ex instanceof ModelException || ex instanceof DatasetException || ex instanceof GenerationException
                || ex instanceof BadInputException || ex instanceof OutputException
                || ex instanceof NoSuchFileException || ex instanceof FileNotFoundException
                || ex instanceof UncheckedIOException && ex.getCause() instanceof NoSuchFileException;
    }

    static String describe(Throwable ex) {
        if (ex instanceof NoSuchFileException e) {
            return e.getFile() + ": no such file";
        }
        if (ex instanceof UncheckedIOException e && e.getCause() instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file";
        }
        String msg = ex.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = ex.getClass().getSimpleName();
        }
        if (ex instanceof IOException && !(ex instanceof NoSuchFileException)) {
            msg = "I/O error: " + msg;
        }
        // One line: later lines (tool output) are for --verbose.
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }

    /** The version stamped into generated files and provenance. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"bwn " + ToolVersion.get()};
        }
    }
}
