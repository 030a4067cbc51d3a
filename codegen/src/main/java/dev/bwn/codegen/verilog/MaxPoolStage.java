package dev.bwn.codegen.verilog;

import dev.bwn.model.ActivationType;

/**
 * A max-pool layer in hardware: {@code lanes} channels are pooled side by side; for each output pixel and channel
 * group the walker reads the window's positions from the line buffer and a comparator per lane keeps the largest
 * (signed or unsigned as the type says).
 */
public record MaxPoolStage(int layerIndex, String layerName, String moduleName, StageGeometry geometry, int lanes,
                           ActivationType inputType, int outputBeatChannels, boolean vectorOutput, PartNames parts)
        implements HardwareStage {

    public MaxPoolStage {
        if (geometry.channels() % lanes != 0) {
            throw new IllegalArgumentException(layerName + ": lanes " + lanes + " must divide " + geometry.channels() + " channels");
        }
    }

    @Override
    public String kind() {
        return "maxpool";
    }

    @Override
    public Fold fold() {
        return new Fold(lanes, lanes);
    }

    @Override
    public ActivationType outputType() {
        return inputType;
    }

    @Override
    public int groupSize() {
        return lanes;
    }

    @Override
    public int resultBits() {
        return inputType.bits();
    }

    @Override
    public LineBuffer lines() {
        return new LineBuffer(geometry, lanes, inputType.bits(), false, 1);
    }

    @Override
    public WindowWalk walk() {
        return new WindowWalk(lines(), geometry.channels() / lanes, 1, true);
    }

    @Override
    public java.util.List<TemplateViews.View> moduleViews(VerilogDesign design) {
        WindowWalkerView walker = WindowWalkerView.of(this, null);
        return java.util.List.of(LineBufferView.of(design, this), walker, GroupFifoView.of(this, 0), PackerView.of(this),
                MaxPoolView.of(this, StageView.of(design, this, walker)));
    }

    /** Lanes pool side by side: one parallelism, both fold numbers. */
    @Override
    public java.util.List<Fold> largerFolds() {
        return AutoFolder.nextDivisor(geometry.channels(), lanes).map(l -> java.util.List.of(new Fold(l, l))).orElse(java.util.List.of());
    }

    @Override
    public int issueToFifoLatency() {
        // walker register, buffer read, running maximum, FIFO push register
        return 4;
    }

    @Override
    public int fifoDepth() {
        return HardwareStage.fifoDepthFor(issueToFifoLatency(), walk().stepsPerPixel(), lanes);
    }

    @Override
    public StageEstimate estimate() {
        long compute = HardwareStage.computeCycles(this);
        int bits = inputType.bits();
        int luts = HardwareStage.plumbingLuts(this) + lanes * 2 * bits;
        int flipFlops = HardwareStage.plumbingFlipFlops(this) + lanes * bits;
        return new StageEstimate(lines().writeCycles(), compute, issueToFifoLatency() + lanes, luts, flipFlops,
                lines().blockRams(), 0);
    }
}
