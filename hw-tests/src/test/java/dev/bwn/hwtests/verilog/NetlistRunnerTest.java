package dev.bwn.hwtests.verilog;

import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two things the gate-level harness changes about yosys' iCE40 cell models hold: flip-flops lose their zero
 * initial value (so they start random), and a netlist that would rely on a port default the models are read without
 * (an enable left unconnected) is refused instead of simulated with the enable off.
 */
class NetlistRunnerTest {
    @Test
    void cellModelsStartFlipFlopsUnknown() throws Exception {
        RequireTools.require("yosys");
        String models = NetlistRunner.cellModelsWithoutInitialValues();
        assertFalse(models.contains(NetlistRunner.DFF_ZERO_INIT));
        assertTrue(models.contains(NetlistRunner.DFF_NO_INIT + "\n") && models.contains("module SB_DFFESR"));
    }

    @Test
    void anEnableLeftToItsDefaultIsRefused() {
        String connected = "  SB_RAM40_4K #(\n    .READ_MODE(2'h1)\n  ) \\mem  (\n    .RCLK(clk),\n    .RCLKE(1'h1),\n"
                + "    .WCLKE(we)\n  );\n  SB_DFFE \\q  (\n    .C(clk),\n    .E(en)\n  );\n";
        assertDoesNotThrow(() -> NetlistRunner.checkEnablesConnected(connected));
        String missing = connected.replace("    .RCLKE(1'h1),\n", "");
        Processes.ToolFailure f = assertThrows(Processes.ToolFailure.class, () -> NetlistRunner.checkEnablesConnected(missing));
        assertTrue(f.getMessage().contains("SB_RAM40_4K") && f.getMessage().contains(".RCLKE("), f.getMessage());
        assertThrows(Processes.ToolFailure.class, () -> NetlistRunner.checkEnablesConnected(connected.replace(".E(en)", ".D(d)")));
    }
}
