package dev.bwn.codegen.verilog;

import dev.bwn.codegen.GenerationException;
import dev.bwn.model.Network;

import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * The one place that decides between the pipeline and the layer-sequential engine ({@link Engine}), for
 * {@code bwn gen verilog}, {@code bwn verify} and the demo alike. Under {@link Engine#AUTO} the pipeline stays when it
 * fits the device, or when the caller asked for a pipeline's shape (a fold file, unfused pools); otherwise the engine
 * is taken when it fits, and when neither fits the pipeline is kept with its shortfall, as before the engine existed.
 *
 * @param note one line saying the engine was chosen and why, or empty
 */
public record EngineChoice(VerilogDesign design, String note) {

    /**
     * {@code extraLogicCells}: logic around the network that the fit must leave room for (a board core's), given the
     * design. Throws {@link GenerationException} when {@link Engine#SEQUENTIAL} cannot run the network.
     */
    public static EngineChoice choose(Network net, VerilogLowering.Options options, Engine engine, boolean pipelineShapeAsked,
                                      ToIntFunction<VerilogDesign> extraLogicCells) {
        if (engine == Engine.SEQUENTIAL) {
            return new EngineChoice(sequential(net, options), "");
        }
        VerilogDesign pipeline = VerilogLowering.lower(net, options);
        if (engine == Engine.PIPELINE || pipelineShapeAsked || AutoFolder.fits(pipeline, extraLogicCells.applyAsInt(pipeline))) {
            return new EngineChoice(pipeline, "");
        }
        VerilogDesign engineDesign;
        try {
            engineDesign = sequential(net, options);
        } catch (GenerationException e) {
            // a layer the engine cannot run: the pipeline stays, with its shortfall
            return new EngineChoice(pipeline, "");
        }
        if (!AutoFolder.fits(engineDesign, extraLogicCells.applyAsInt(engineDesign))) {
            return new EngineChoice(pipeline, "");
        }
        return new EngineChoice(engineDesign, String.format(Locale.ROOT, "engine: layer-sequential (the pipeline does not fit "
                + "the %s: %s; --engine pipeline writes it anyway)", options.device().spelling(), AutoFolder.shortfall(pipeline)));
    }

    /** With no logic around the network. */
    public static EngineChoice choose(Network net, VerilogLowering.Options options, Engine engine) {
        return choose(net, options, engine, false, d -> 0);
    }

    private static VerilogDesign sequential(Network net, VerilogLowering.Options options) {
        return SequentialLowering.lower(net, options.device(), options.weightMemory(), options.weightSource(),
                options.toolVersion());
    }
}
