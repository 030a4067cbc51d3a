package dev.bwn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bwn gen c|verilog}: the code generators. */
@Command(name = "gen", mixinStandardHelpOptions = true, description = "Generate C or Verilog from a model.",
        subcommands = {GenCCommand.class, GenVerilogCommand.class})
final class GenCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a target: " + String.join(", ", spec.subcommands().keySet()));
    }
}
