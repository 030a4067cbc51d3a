package dev.bwn.codegen.verilog;

import dev.bwn.model.Network;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.RepoRoot;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A design that does not fit names each resource it runs out of, with estimate and budget; one that fits names none. */
class AutoFolderShortfallTest {
    private static VerilogDesign lowered(String example, Device device) {
        Network net = ModelIo.read(RepoRoot.find().resolve("examples").resolve(example));
        return VerilogLowering.lower(net, VerilogLowering.Options.auto(device, "test").withFolds(Map.of(), true));
    }

    @Test
    void theResidualExampleOnTheUp5kRunsOutOfLogicBlockRamAndDsps() {
        VerilogDesign d = lowered("mnist-resnet8.bwn.json", Device.UP5K);
        assertFalse(AutoFolder.fits(d));
        String why = AutoFolder.shortfall(d);
        assertTrue(why.contains("logic cells") && why.contains("> 5,174 (98% of 5,280)"), why);
        assertTrue(why.contains("block RAMs " + String.format(java.util.Locale.ROOT, "%,d", d.estimatedBlockRams()) + " > 30"), why);
        // nextpnr's first error on its board design was the 9th SB_MAC16 (docs/BENCHMARKS.md)
        assertTrue(why.endsWith("DSPs 13 > 8"), why);
    }

    /** Nine small dense layers, each with a multiplying requantization: little logic, one DSP block each. */
    static Network nineMultiplyingLayers() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(12);
        java.util.List<dev.bwn.model.Layer> layers = new java.util.ArrayList<>();
        layers.add(new dev.bwn.model.Flatten("flat"));
        int in = 4;
        for (int i = 0; i < 9; i++) {
            int out = 2;
            layers.add(new dev.bwn.model.Dense("d" + i, out, dev.bwn.model.random.RandomNetworks.randomWeights(rnd, out, in),
                    dev.bwn.model.random.RandomNetworks.randomRequant(rnd, out, in, dev.bwn.model.ActivationType.UINT8,
                            dev.bwn.model.ActivationType.UINT8, dev.bwn.model.RequantMode.MULTIPLY), dev.bwn.model.ActivationType.UINT8));
            in = out;
        }
        return new Network("nine", new dev.bwn.model.Provenance("test", "none", null, null, null, null, null, Map.of()),
                new dev.bwn.model.Shape(1, 2, 2), dev.bwn.model.ActivationType.UINT8, dev.bwn.model.RequantMode.MULTIPLY, layers);
    }

    @Test
    void dspsOverTheDeviceAloneMakeADesignNotFit() {
        VerilogDesign d = VerilogLowering.lower(nineMultiplyingLayers(), VerilogLowering.Options.auto(Device.UP5K, "test")
                .withFolds(Map.of(), true));
        assertEquals("DSPs " + d.estimatedDsps() + " > 8", AutoFolder.shortfall(d), AutoFolder.resources(d));
        assertFalse(AutoFolder.fits(d));
        assertTrue(AutoFolder.bindingResource(d).startsWith("DSPs "), AutoFolder.resources(d));
        // the same layers on a device without DSP blocks build their multipliers from logic, and fit
        VerilogDesign generic = VerilogLowering.lower(nineMultiplyingLayers(), VerilogLowering.Options.auto(Device.GENERIC, "test")
                .withFolds(Map.of(), true));
        assertEquals(0, generic.estimatedDsps());
        assertTrue(AutoFolder.fits(generic), AutoFolder.shortfall(generic));
    }

    @Test
    void theWideLenet5WhichNextpnrPlacesFits() {
        // nextpnr-ice40 placed and routed its board design at 4,978 of 5,280 logic cells (docs/BENCHMARKS.md): the rule
        // must agree, and the estimate must stay near that figure (it was 5,149 placed before the saturating requantizer)
        VerilogDesign d = lowered("mnist-lenet5.bwn.json", Device.UP5K);
        assertTrue(AutoFolder.fits(d), AutoFolder.shortfall(d));
        assertTrue(Math.abs(d.estimatedLogicCells() - 4978) <= 4978 / 20, "estimate " + d.estimatedLogicCells()
                + " is more than 5% off the 4,978 cells nextpnr placed");
    }

    @Test
    void aDesignThatFitsHasNoShortfall() {
        VerilogDesign d = lowered("mnist-tiny.bwn.json", Device.UP5K);
        assertTrue(AutoFolder.fits(d));
        assertEquals("", AutoFolder.shortfall(d));
    }
}
