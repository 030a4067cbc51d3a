package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.verilog.AutoFolder;
import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.codegen.verilog.VerilogLowering;
import dev.bwn.codegen.verilog.WeightMemory;
import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.Network;
import dev.bwn.model.RepoRoot;
import dev.bwn.model.RequantMode;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Weights in SPRAM, loaded from SPI flash at start-up, are bit-exact in Verilator: mnist-tiny forced into SPRAM
 * ({@link WeightMemory#SPRAM}) and two random networks, each simulated from reset through the whole flash load (the
 * harness's SPI flash model serves the design's {@code TOP_weights.bin}, yosys' SB_SPRAM256KA behaviour holds the
 * words), then the vectors. The same design with one flipped byte in its flash image must fail its CRC check and take
 * no image, and one whose top reads another flash address must fail with the flash model's error.
 * Every design is lint-clean under {@code verilator -Wall} first.
 */
class SpramWeightsBitExactTest {
    private static final int VECTORS = 3;

    @Test
    void weightsLoadedFromFlashIntoSpramAreBitExact() throws Exception {
        RequireTools.require("verilator");
        Path work = Designs.fresh("spram");
        Network tiny = ModelIo.read(RepoRoot.find().resolve("examples/mnist-tiny.bwn.json"));
        VerilogDesign tinyDesign = VerilogLowering.lower(tiny, VerilogLowering.Options.auto(Device.UP5K, "bwn test")
                .withWeightMemory(WeightMemory.SPRAM));
        assertEquals(4, tinyDesign.estimatedSprams(), "one SPRAM per weighted stage of mnist-tiny");
        assertTrue(AutoFolder.fits(tinyDesign), AutoFolder.shortfall(tinyDesign));
        List<Designs.Written> written = new ArrayList<>();
        written.add(Designs.write(tiny, tinyDesign, null, work, VECTORS, 2026));
        for (long seed : new long[]{41, 42}) {
            Designs.Case c = new Designs.Case(seed, seed % 2 == 0 ? Designs.Kinds.DENSE_ONLY : Designs.Kinds.CONV_POOL_DENSE,
                    Designs.Widths.BYTE, RequantMode.MULTIPLY, Designs.Folding.AUTO_UP5K);
            Network net = Designs.network(c);
            VerilogDesign d = VerilogLowering.lower(net, VerilogLowering.Options.auto(Device.UP5K, "bwn test")
                    .withWeightMemory(WeightMemory.SPRAM));
            assertTrue(d.estimatedSprams() > 0);
            written.add(Designs.write(net, d, c, work, VECTORS, seed));
        }
        for (Designs.Written w : written) {
            assertTrue(Files.size(w.designDir().resolve(VerilogGenerator.weightImageFile(w.design())))
                    == 2 * w.design().weightLoad().words());
            assertFalse(Files.exists(w.designDir().resolve(w.design().stages().get(0).moduleName() + "_weights.hex")),
                    "weights in SPRAM must not also be a $readmemh image");
        }
        // lint-clean under verilator -Wall, with the SB_SPRAM256KA model
        for (Designs.Written w : written) {
            DesignSummary d = DesignSummary.read(w.designDir());
            List<String> lint = new ArrayList<>(List.of("verilator", "--lint-only", "-Wall", "--top-module", d.top()));
            VerilatorRunner.lintSources(d, work.resolve("models")).forEach(p -> lint.add(p.toString()));
            Processes.Result l = Processes.run(lint, w.designDir(), Duration.ofMinutes(2));
            assertEquals(0, l.exitCode(), l.output());
            assertTrue(l.output().isBlank(), l.output());
        }
        VerilatorRunner.Result r = VerilatorRunner.run(written.stream().map(Designs.Written::job).toList(),
                VerilatorRunner.Options.defaults(Designs.CACHE));
        for (VerilatorRunner.DesignResult d : r.designs()) {
            assertTrue(d.passed(), d.top() + ": " + d.failure() + "\n" + r.output());
        }

        // a flipped byte in the flash image: the CRC of what the design read is not the image's, so it raises
        // weights_error and takes no image (the harness reports it instead of waiting)
        Designs.Written t = written.get(0);
        Path image = t.designDir().resolve(VerilogGenerator.weightImageFile(t.design()));
        byte[] bytes = Files.readAllBytes(image);
        bytes[1] ^= (byte) 0xFF;
        Files.write(image, bytes);
        VerilatorRunner.Result corrupted = VerilatorRunner.run(List.of(t.job()), VerilatorRunner.Options.defaults(Designs.CACHE));
        assertFalse(corrupted.passed(), "a corrupted flash image must not pass");
        assertTrue(corrupted.designs().get(0).failure().startsWith("STOPPED design=mnist_tiny vector=0 inputs_taken=0"),
                corrupted.designs().get(0).failure());
        assertTrue(corrupted.output().contains("WEIGHTS_ERROR design=mnist_tiny"), corrupted.output());

        // a top that reads another flash address: the flash model refuses it
        Path other = work.resolve("other-offset");
        GeneratedFolder.write(other, OutputKind.VERILOG_DESIGN, VerilogGenerator.files(tinyDesign));
        Path summary = other.resolve(VerilogGenerator.DESIGN_SUMMARY);
        Files.writeString(summary, Files.readString(summary).replace("flash_offset 0x100000", "flash_offset 0x200000"));
        VerilatorRunner.Result wrongOffset = VerilatorRunner.run(List.of(new VerilatorRunner.Job(other, t.vectorsDir())),
                VerilatorRunner.Options.defaults(Designs.CACHE));
        assertFalse(wrongOffset.passed());
        assertTrue(wrongOffset.designs().get(0).failure().startsWith("STOPPED design=mnist_tiny vector=0 inputs_taken=0"),
                wrongOffset.designs().get(0).failure());
        assertTrue(wrongOffset.output().contains("FLASH_ERROR design=mnist_tiny read from address 100000, the image is at 200000"),
                wrongOffset.output());
    }
}
