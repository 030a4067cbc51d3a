package dev.bwn.cli;

import dev.bwn.hwtests.JUnitMerge;
import dev.bwn.hwtests.JUnitReport;
import dev.bwn.hwtests.TargetResult;
import dev.bwn.model.output.OutputException;
import dev.bwn.model.output.OutputPaths;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "junit-merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Combine the JUnit reports of `bwn verify --shard K/N --junit FILE` runs (K = 1..N) into the report "
                + "an unsharded run writes: same test cases and totals, the first mismatch in vector order; timings summed.",
                "Exit 0 when every target passed, 1 when the merged report records a failure."})
final class JUnitMergeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The merged report.")
    Path output;

    @Parameters(arity = "1..*", paramLabel = "REPORT", description = "One report per shard, in any order.")
    List<Path> reports;

    @Override
    public Integer call() throws IOException {
        Path target = OutputPaths.checkOutput("-o", output, reports.toArray(Path[]::new));
        if (!JUnitReport.mayReplace(target)) {
            throw new OutputException("-o " + output + ": exists and is not a report bwn wrote; remove it or choose another file");
        }
        List<TargetResult> merged;
        try {
            merged = JUnitMerge.merge(target, reports);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        for (TargetResult r : merged) {
            out.println(r.summaryLine());
        }
        out.flush();
        // the merged report is the verification's verdict: a CI merge step fails like the shard that failed
        return merged.stream().allMatch(TargetResult::passed) ? Main.EXIT_OK : Main.EXIT_FAILED;
    }
}
