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
    void theResidualExampleOnTheUp5kRunsOutOfLogicAndBlockRam() {
        VerilogDesign d = lowered("mnist-resnet8.bwn.json", Device.UP5K);
        assertFalse(AutoFolder.fits(d));
        String why = AutoFolder.shortfall(d);
        assertTrue(why.contains("logic cells") && why.contains("> 5,174 (98% of 5,280)"), why);
        assertTrue(why.contains("block RAMs " + String.format(java.util.Locale.ROOT, "%,d", d.estimatedBlockRams()) + " > 30"), why);
    }

    @Test
    void theWideLenet5WhichNextpnrPlacesFits() {
        // nextpnr-ice40 placed and routed it at 5,149 of 5,280 logic cells (docs/BENCHMARKS.md): the rule must agree
        VerilogDesign d = lowered("mnist-lenet5.bwn.json", Device.UP5K);
        assertTrue(AutoFolder.fits(d), AutoFolder.shortfall(d));
        assertTrue(d.estimatedLogicCells() > Device.UP5K.logicCells() * AutoFolder.LOGIC_UTILIZATION,
                "over the auto-folder's target, under what nextpnr places: " + d.estimatedLogicCells());
    }

    @Test
    void aDesignThatFitsHasNoShortfall() {
        VerilogDesign d = lowered("mnist-tiny.bwn.json", Device.UP5K);
        assertTrue(AutoFolder.fits(d));
        assertEquals("", AutoFolder.shortfall(d));
    }
}
