package dev.bwn.codegen.verilog;

import dev.bwn.model.LayerInfo;
import dev.bwn.model.Network;

import java.util.List;

/**
 * Lowers a network to a design around the layer-sequential engine: the engine is the only element between the input
 * port and the argmax, so the top, the board top, the UART protocol and the harnesses are those of any design.
 */
public final class SequentialLowering {
    private SequentialLowering() {
    }

    /**
     * The engine's constants go to SPRAM (loaded from flash) on a device with SPRAM unless {@code weightMemory} is
     * {@link WeightMemory#EBR}. Throws {@link dev.bwn.codegen.GenerationException}, naming the layer or the option, for
     * what the engine cannot do.
     */
    public static VerilogDesign lower(Network net, Device device, WeightMemory weightMemory, String toolVersion) {
        return lower(net, device, weightMemory, WeightLoad.Source.FLASH, toolVersion);
    }

    /** {@link #lower(Network, Device, WeightMemory, String)} with the SPRAM constants loaded from {@code source}. */
    public static VerilogDesign lower(Network net, Device device, WeightMemory weightMemory, WeightLoad.Source source,
                                      String toolVersion) {
        if (weightMemory == WeightMemory.SPRAM && device.sprams() == 0) {
            throw new dev.bwn.codegen.GenerationException("--weights-in spram: the " + device.spelling() + " has no SPRAM");
        }
        SequentialProgram program = SequentialProgram.lower(net);
        VerilogLowering.Naming naming = new VerilogLowering.Naming(net, false);
        List<LayerInfo> plan = net.plan();
        LayerInfo last = plan.get(plan.size() - 1);
        SequentialEngine engine = new SequentialEngine(naming.engineModule(), program, device, last.index(),
                last.layer().name(), net.classes(), naming.rom, naming.ram, naming.spramRom,
                device.sprams() > 0 && weightMemory != WeightMemory.EBR);
        int inputBits = program.inputBeatValues() * net.inputType().bits();
        StreamGraph graph = new StreamGraph(List.of(inputBits, engine.outputBits()),
                List.of(new StreamGraph.Wired(engine, List.of(new StreamGraph.Port("in", 0)), List.of(new StreamGraph.Port("out", 1)))),
                1, List.of(engine.tensorLink(1)));
        return new VerilogDesign(net, device, naming.top, List.of(), naming.argmax, naming.ram, naming.rom, naming.spramRom,
                naming.loader(source), source, toolVersion, true, graph);
    }
}
