package dev.bwn.codegen.verilog.board;

import java.util.List;

/**
 * The template data of the board design's FuseSoC CAPI2 core ({@code board.core.ftl}): its name and title, the core
 * module (lint top), the simulation top (the core, or a harness that adds the flash serving the weights), the board top
 * (synth top), the file sets, and nextpnr's options. {@code simulationModels} (the SPRAM's behaviour, for lint and sim)
 * and {@code simulationVerilog} (the flash model and the harness, sim only) are never synthesized.
 */
public record FuseSocCoreView(String name, String title, String coreModule, String simulationTop, String boardTop,
                              List<String> simulated, List<String> memories, List<String> simulationModels, String pcf,
                              List<String> simulationVerilog, String simulation, List<String> simulationFiles,
                              List<String> nextpnrOptions) {
    public FuseSocCoreView {
        simulated = List.copyOf(simulated);
        memories = List.copyOf(memories);
        simulationModels = List.copyOf(simulationModels);
        simulationVerilog = List.copyOf(simulationVerilog);
        simulationFiles = List.copyOf(simulationFiles);
        nextpnrOptions = List.copyOf(nextpnrOptions);
    }

    /** The default target's file sets (what a core that depends on this one gets): the sources and ROM images. */
    public List<String> defaultFilesets() {
        return filesets(false, false);
    }

    /** The lint target's file sets: the sources, their ROM images, and the SPRAM model when the design uses SPRAM. */
    public List<String> lintFilesets() {
        return filesets(!simulationModels.isEmpty(), false);
    }

    /** The sim target's file sets: the lint target's and the testbench with its inputs. */
    public List<String> simFilesets() {
        return filesets(!simulationModels.isEmpty(), true);
    }

    /** The synth target's file sets: the sources with the board top, their ROM images, the pin constraints. */
    public List<String> synthFilesets() {
        List<String> sets = new java.util.ArrayList<>(List.of("rtl", "board"));
        if (hasMemories()) {
            sets.add("memories");
        }
        sets.add("constraints");
        return sets;
    }

    /** Whether there are ROM images (a design with all weights in SPRAM has none: an empty file set is left out). */
    public boolean hasMemories() {
        return !memories.isEmpty();
    }

    private List<String> filesets(boolean models, boolean simulation) {
        List<String> sets = new java.util.ArrayList<>(List.of("rtl"));
        if (hasMemories()) {
            sets.add("memories");
        }
        if (models) {
            sets.add("simulation_models");
        }
        if (simulation) {
            sets.add("simulation");
        }
        return sets;
    }
}
