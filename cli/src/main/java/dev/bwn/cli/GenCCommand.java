package dev.bwn.cli;

import dev.bwn.codegen.c.CGenerator;
import dev.bwn.codegen.c.CKernel;
import dev.bwn.codegen.c.CModel;
import dev.bwn.codegen.c.COptions;
import dev.bwn.codegen.c.CPackage;
import dev.bwn.model.Network;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;
import dev.bwn.model.output.OutputPaths;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code bwn gen c MODEL -o DIR}: the C backend. The design replaces DIR whole ({@link GeneratedFolder}): header and
 * source always come from the same run.
 */
@Command(name = "c", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate C99 for microcontrollers: NAME.h + NAME.c (or one stb-style header), NAME_example.c and a Makefile.",
                "Bit-exact with the Java reference; no malloc, no floating point, one static scratch arena.",
                "The folder also holds test vectors (NAME_vectors.h: `make run` checks them), a README and a bare-metal "
                        + "Cortex-M project (cortex-m/, `make qemu`)."})
final class GenCCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A .bwn.json model file.")
    Path model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "Folder for the design (created; replaced whole if it holds an earlier bwn output, refused if it holds other files).")
    Path output;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Base of file names and C symbols (default: the model's name), made a safe C identifier.")
    String name;

    @Option(names = "--single-header", description = "Emit one stb-style NAME.h (define NAME_IMPLEMENTATION in one C file).")
    boolean singleHeader;

    @Option(names = "--kernel", defaultValue = "auto", paramLabel = "auto|addsub|lut4|lut4v|lut4swar",
            description = "Dot-product kernel: per layer by estimated speed within the RAM budget (auto, default), "
                    + "add/subtract per weight (smallest RAM), 4-input lookup tables, or lookup tables shared across a band of "
                    + "conv output rows (fastest on stride-1 convs; falls back to lut4 elsewhere), or the same with four 16-bit "
                    + "lanes per 64-bit add (lut4swar, for compilers that do not vectorize; lut4v where lanes could carry).")
    String kernel;

    @Option(names = "--ram-budget", paramLabel = "BYTES",
            description = "With --kernel auto, use lookup tables only while the scratch arena stays within BYTES (default: no limit).")
    Long ramBudget;

    @Option(names = "--no-fuse", description = "Do not fuse a conv with the max-pool after it (stores the full conv map).")
    boolean noFuse;

    @Option(names = "--package", split = ",", paramLabel = "cmake|zephyr|arduino|platformio|plain",
            description = "Also write a build-system package (repeatable or comma-separated): a CMake library target, "
                    + "a Zephyr module, an Arduino library, a PlatformIO library; plain (the default) adds nothing.")
    List<String> packages = List.of();

    @Override
    public Integer call() throws IOException {
        Network net = Models.load(model);
        COptions options = COptions.defaults().withName(name).withSingleHeader(singleHeader).withFusion(!noFuse);
        if (!kernel.equals("auto")) {
            try {
                options = options.withKernel(CKernel.parse(kernel));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--kernel: " + e.getMessage().replace("kernel must be", "expected auto,"));
            }
        }
        if (ramBudget != null) {
            if (ramBudget < 0) {
                throw new BadInputException("--ram-budget must not be negative, got " + ramBudget);
            }
            options = options.withRamBudget(ramBudget);
        }
        if (name != null && name.isBlank()) {
            throw new BadInputException("--name must not be empty");
        }
        Set<CPackage> chosen = EnumSet.of(CPackage.PLAIN);
        for (String p : packages) {
            try {
                chosen.add(CPackage.parse(p.strip()));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--package: " + e.getMessage());
            }
        }
        if (singleHeader && chosen.stream().anyMatch(CPackage::needsSourceFile)) {
            throw new BadInputException("--package " + String.join(",", packages)
                    + " compiles NAME.c as a library source: drop --single-header");
        }
        OutputPaths.checkOutput("-o", output, model);
        CGenerator.Output generated = CGenerator.generate(net, options, chosen);
        GeneratedFolder.write(output, OutputKind.C_DESIGN, generated.files());
        CModel m = generated.model();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("wrote %s to %s%n", String.join(", ", generated.files().keySet()), output);
        out.printf("check it: make -C %s run%n", output);
        out.printf("%s_infer: %d packed weight bytes (floor %d), %d requantization bytes, %d bytes scratch RAM "
                        + "(conv+pool fusion %s)%n", m.prefix(), m.memory().packedWeightBytes(),
                m.memory().weightFloorBytes(), m.memory().requantBytes(), m.memory().arenaBytes(), m.memory().fusionEffect());
        if (m.memory().overBudget() != null) {
            out.printf("note: %s%n", m.memory().overBudget());
        }
        out.flush();
        return Main.EXIT_OK;
    }
}
