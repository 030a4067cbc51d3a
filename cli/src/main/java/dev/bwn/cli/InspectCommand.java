package dev.bwn.cli;

import dev.bwn.model.ModelSummary;
import dev.bwn.model.Network;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print a per-layer summary of a model: shapes, binary weights, packed bytes, activation and accumulator bits.")
final class InspectCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A .bwn.json model file.")
    Path model;

    @Override
    public Integer call() throws Exception {
        Network net = Models.load(model);
        spec.commandLine().getOut().print(ModelSummary.render(net));
        spec.commandLine().getOut().flush();
        return Main.EXIT_OK;
    }
}
