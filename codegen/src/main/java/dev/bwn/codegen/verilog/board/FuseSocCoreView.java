package dev.bwn.codegen.verilog.board;

import java.util.List;

/**
 * The template data of the board design's FuseSoC CAPI2 core ({@code board.core.ftl}): its name and title, the core
 * module (lint and sim top) and the board top (synth top), the file sets, and nextpnr's options.
 */
public record FuseSocCoreView(String name, String title, String coreModule, String boardTop, List<String> simulated,
                              List<String> memories, String pcf, String simulation, List<String> simulationFiles,
                              List<String> nextpnrOptions) {
    public FuseSocCoreView {
        simulated = List.copyOf(simulated);
        memories = List.copyOf(memories);
        simulationFiles = List.copyOf(simulationFiles);
        nextpnrOptions = List.copyOf(nextpnrOptions);
    }
}
