package dev.bwn.cli;

import dev.bwn.codegen.GenerationException;
import dev.bwn.hwtests.Processes;
import dev.bwn.importer.ImportException;
import dev.bwn.model.DisplayText;
import dev.bwn.model.ModelException;
import dev.bwn.model.data.DatasetException;
import dev.bwn.model.output.OutputException;
import dev.bwn.model.io.InputFileException;
import dev.bwn.trainer.TrainingInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Arrays;

/**
 * The {@code bwn} command. Exit codes: 0 success, 1 a verification or evaluation ran and failed, 2 bad input, usage or
 * I/O (including a read-only or full disk), 70 an internal error. Errors and usage errors print one escaped line naming
 * what is wrong; {@code --verbose} adds the stack trace.
 */
@Command(name = "bwn", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Binary-weight neural networks: train, inspect, generate C and Verilog, verify bit-exactly.",
        subcommands = {TrainCommand.class, ImportCommand.class, InspectCommand.class, EvalCommand.class, GenCommand.class, VerifyCommand.class, JUnitMergeCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;
    /** A bug in bwn (an exception no input explains), never a failed check: sysexits' EX_SOFTWARE. */
    public static final int EXIT_INTERNAL_ERROR = 70;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces with errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** {@code bwn} alone is a usage error like a missing option: one line, exit 2. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a command: " + String.join(", ", spec.subcommands().keySet()));
    }

    /** Runs the command line and returns the exit code; used by tests too. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        CommandLine cmd = new CommandLine(main);
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine.Model.CommandSpec command = ex.getCommandLine().getCommandSpec();
            ex.getCommandLine().getErr().println(usageError(command.qualifiedName(), ex.getMessage()));
            if (Arrays.asList(arguments).contains("--verbose")) {
                ex.printStackTrace(ex.getCommandLine().getErr());
            }
            ex.getCommandLine().getErr().flush();
            return EXIT_BAD_INPUT;
        });
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = parseResult.originalArgs().contains("--verbose");
            int code = exitCode(ex);
            commandLine.getErr().println("bwn: " + (code == EXIT_INTERNAL_ERROR ? "internal error (please report it with "
                    + "the --verbose output): " + ex.getClass().getSimpleName() + ": " : "") + describe(ex));
            if (verbose) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return code;
        });
        return cmd.execute(args);
    }

    /**
     * One line for a usage error, pointing at the command's help instead of printing it:
     * {@code bwn gen c: missing required option: '--output=DIR'. See 'bwn gen c --help'.}
     */
    static String usageError(String command, String message) {
        String text = message == null || message.isBlank() ? "invalid usage" : message.strip();
        text = Character.toLowerCase(text.charAt(0)) + text.substring(1);
        if (text.endsWith(".")) {
            text = text.substring(0, text.length() - 1);
        }
        return command + ": " + DisplayText.terminal(text, DisplayText.MESSAGE_LIMIT) + ". See '" + command + " --help'.";
    }

    /**
     * 2 for anything the user can fix: a bad model, dataset, option or path, and every I/O failure (no such file, no
     * permission, read-only or full disk); 1 for an external tool that ran on the generated code and failed (the
     * verification failed); {@link #EXIT_INTERNAL_ERROR} for anything else.
     */
    static int exitCode(Throwable ex) {
        if (ex instanceof ModelException || ex instanceof DatasetException || ex instanceof GenerationException
                || ex instanceof BadInputException || ex instanceof IOException || ex instanceof UncheckedIOException
                || ex instanceof InvalidPathException || ex instanceof OutputException || ex instanceof InputFileException
                || ex instanceof TrainingInputException || ex instanceof ImportException) {
            return EXIT_BAD_INPUT;
        }
        if (ex instanceof Processes.ToolFailure) {
            return EXIT_FAILED;
        }
        return EXIT_INTERNAL_ERROR;
    }

    /** The error as one escaped, length-capped line: a file's name or content cannot reach the terminal raw. */
    static String describe(Throwable ex) {
        Throwable cause = ex instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : ex;
        String msg;
        if (cause instanceof FileSystemException f && f.getFile() != null) {
            msg = f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": " + fileProblem(f);
        } else {
            msg = cause.getMessage();
            if (msg == null || msg.isBlank()) {
                msg = cause.getClass().getSimpleName();
            }
            if (cause instanceof IOException) {
                msg = "I/O error: " + msg;
            }
        }
        if (ex instanceof Processes.ToolFailure) {
            // the command line stays; the tool's own output (later lines) is for --verbose
            int nl = msg.indexOf('\n');
            msg = nl < 0 ? msg : msg.substring(0, nl);
        }
        return DisplayText.terminal(msg, DisplayText.MESSAGE_LIMIT);
    }

    private static String fileProblem(FileSystemException f) {
        if (f instanceof NoSuchFileException) {
            return "no such file";
        }
        if (f instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (f instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (f instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (f instanceof DirectoryNotEmptyException) {
            return "folder not empty";
        }
        return f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
    }

    /** The version stamped into generated files and provenance. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"bwn " + ToolVersion.get()};
        }
    }
}
