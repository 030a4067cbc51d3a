package dev.bwn.model.output;

import dev.bwn.cli.Main;

import java.io.PrintWriter;
import java.util.Arrays;

/** Child process for crash tests: runs a bwn command and halts the JVM, like a kill -9, at one named write or rename. */
public final class CrashAt {
    /** The exit code of a JVM halted at its step; any other code means the step was never reached. */
    static final int HALTED = 86;

    private CrashAt() {
    }

    public static void main(String[] args) {
        String at = args[0];
        GeneratedFolder.crashPoint = step -> {
            if (step.equals(at)) {
                Runtime.getRuntime().halt(HALTED);
            }
        };
        System.exit(Main.run(Arrays.copyOfRange(args, 1, args.length), new PrintWriter(System.out, true),
                new PrintWriter(System.err, true)));
    }
}
