package dev.bwn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bwn import onnx}: integer models from networks trained elsewhere. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import a binary-weight network trained elsewhere as an integer model.",
        subcommands = {ImportOnnxCommand.class})
final class ImportCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a format: " + String.join(", ", spec.subcommands().keySet()));
    }
}
