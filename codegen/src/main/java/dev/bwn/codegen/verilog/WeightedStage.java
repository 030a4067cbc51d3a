package dev.bwn.codegen.verilog;

import dev.bwn.model.ActivationType;
import dev.bwn.model.BinaryWeights;
import dev.bwn.model.Requant;
import dev.bwn.model.ValueRange;

import java.util.ArrayList;
import java.util.List;

/**
 * A conv2d or dense layer in hardware. A dense layer is the window walk whose kernel covers its whole input (a
 * dense layer after a flatten keeps the pre-flatten [C,H,W] view: its fan-in order c*H*W + y*W + x is exactly the
 * conv2d order (c, ky, kx) over a full-size kernel). Per cycle, {@code pe} dot-product units each take {@code simd}
 * input channels of {@code taps} kernel positions from the line buffer ({@link KernelTaps}); accumulators sum the steps of an output-channel group,
 * a group FIFO serializes the pe sums, one shared requantizer per layer turns each into the output type (one
 * multiplier per layer at most), and the packer emits each output pixel as one beat. With {@code weightsInSpram} the
 * weight ROM is a block of SB_SPRAM256KA loaded from SPI flash at start-up ({@link Sprams}) instead of block RAM.
 */
public record WeightedStage(int layerIndex, String layerName, String kind, String moduleName, StageGeometry geometry,
                            boolean vectorInput, boolean wholeInputKernel, Fold fold, ActivationType inputType, ActivationType outputType,
                            BinaryWeights weights, Requant requant, int accumulatorBits, int registerEvery,
                            String dotModuleName, int outputBeatChannels, boolean vectorOutput, FusedPool pool,
                            PartNames parts, boolean weightsInSpram) implements HardwareStage, WeightLoad.SpramContents {

    @Override
    public java.util.Optional<WeightLoad.SpramContents> spramWeights() {
        return weightsInSpram ? java.util.Optional.of(this) : java.util.Optional.empty();
    }

    public WeightedStage {
        if (geometry.outChannels() % fold.pe() != 0) {
            throw new IllegalArgumentException(layerName + ": pe " + fold.pe() + " must divide " + geometry.outChannels() + " output channels");
        }
        if (geometry.channels() % fold.simd() != 0) {
            throw new IllegalArgumentException(layerName + ": simd " + fold.simd() + " must divide " + geometry.channels() + " input channels");
        }
        if (fold.taps() > 1 && vectorInput || !KernelTaps.allowed(geometry.kernelHeight(), geometry.kernelWidth(), fold.taps())) {
            throw new IllegalArgumentException(layerName + ": taps " + fold.taps() + " do not cover its kernel");
        }
    }

    /** How the fold's taps cover the kernel. */
    public KernelTaps kernelTaps() {
        return new KernelTaps(geometry.kernelHeight(), geometry.kernelWidth(), fold.taps());
    }

    public int fanIn() {
        return geometry.channels() * geometry.kernelPositions();
    }

    @Override
    public int groupSize() {
        return fold.pe();
    }

    @Override
    public int resultBits() {
        return accumulatorBits;
    }

    @Override
    public LineBuffer lines() {
        return new LineBuffer(geometry, fold.simd(), inputType.bits(), vectorInput, pool == null ? 1 : pool.height(), fold.taps());
    }

    @Override
    public WindowWalk walk() {
        return new WindowWalk(lines(), geometry.outChannels() / fold.pe(), geometry.channels() / fold.simd(), false,
                pool == null ? 1 : pool.height(), pool == null ? 1 : pool.width(), kernelTaps());
    }

    @Override
    public dev.bwn.model.Shape outputShape() {
        WindowWalk w = walk();
        return new dev.bwn.model.Shape(geometry.outChannels(), w.outHeight(), w.outWidth());
    }

    @Override
    public int outputLayerIndex() {
        return pool == null ? layerIndex : pool.layerIndex();
    }

    @Override
    public String outputLayerName() {
        return pool == null ? layerName : pool.layerName();
    }

    public DotProductUnit dot() {
        return new DotProductUnit(dotModuleName, dotLanes(), inputType, registerEvery, pairsLanes(fold));
    }

    /**
     * Whether the dot-product units of a stage under {@code fold} take their lanes in pairs: with kernel taps, where
     * yosys measured them 4% to 14% cheaper (docs/BENCHMARKS.md). Without taps the units stay as they were, so the
     * estimate, and with it the auto fold, of a design without taps does not change.
     */
    public static boolean pairsLanes(Fold fold) {
        return fold.taps() > 1;
    }

    public RequantPlan requantPlan() {
        ValueRange sums = ValueRange.binaryTerm(inputType).sumOf(fanIn());
        return new RequantPlan(requant, accumulatorBits, sums.min(), sums.max(), outputType);
    }

    /** Products each dot-product unit sums per cycle: simd channels of each tap. */
    public int dotLanes() {
        return fold.simd() * fold.taps();
    }

    public int romWidth() {
        return fold.pe() * dotLanes();
    }

    public int romDepth() {
        return walk().romDepth();
    }

    public boolean romInBlockRam() {
        return !weightsInSpram && BlockRams.inBlockRam(romWidth(), romDepth());
    }

    /** The same stage with its weight ROM in SPRAM. */
    public WeightedStage withWeightsInSpram() {
        return new WeightedStage(layerIndex, layerName, kind, moduleName, geometry, vectorInput, wholeInputKernel, fold,
                inputType, outputType, weights, requant, accumulatorBits, registerEvery, dotModuleName, outputBeatChannels,
                vectorOutput, pool, parts, true);
    }

    /** SB_SPRAM256KA blocks of the weight ROM (0 unless it lives in SPRAM). */
    public int spramBlocks() {
        return weightsInSpram ? Sprams.blocks(romWidth(), romDepth()) : 0;
    }

    /**
     * The weight ROM image, read in step order for every output pixel: word {@code o*stepsPerPixel + step} holds, at bit
     * {@code (p*taps + t)*simd + lane}, the weight of output channel {@code o*pe + p} for input channel
     * {@code innerGroup*simd + lane} at the kernel position of the step's tap t (bit 1 = +1, as in the model file; a
     * tap masked beyond the kernel has bit 0, never used).
     */
    public List<String> romImage() {
        return romWords().stream().map(word -> RequantPlan.hexWord(word, romWidth())).toList();
    }

    /** The words of {@link #romImage()} as numbers. */
    public List<java.math.BigInteger> romWords() {
        StageGeometry g = geometry;
        WindowWalk w = walk();
        KernelTaps taps = w.taps();
        int pe = fold.pe();
        int simd = fold.simd();
        List<java.math.BigInteger> lines = new ArrayList<>(romDepth());
        for (int o = 0; o < w.outer(); o++) {
            for (int gi = 0; gi < w.innerGroups(); gi++) {
                for (int rowStep = 0; rowStep < taps.rowSteps(); rowStep++) {
                    for (int columnStep = 0; columnStep < taps.columnSteps(); columnStep++) {
                        java.math.BigInteger word = java.math.BigInteger.ZERO;
                        for (int p = 0; p < pe; p++) {
                            for (int t = 0; t < taps.taps(); t++) {
                                if (!taps.inside(t, rowStep, columnStep)) {
                                    continue;
                                }
                                int ky = rowStep * taps.rows() + taps.rowOffset(t);
                                int kx = columnStep * taps.columns() + taps.columnOffset(t);
                                for (int lane = 0; lane < simd; lane++) {
                                    int c = gi * simd + lane;
                                    // a vector input holds value kx*simd + c in channel c of pixel kx
                                    int i = vectorInput ? kx * g.channels() + c : (c * g.kernelHeight() + ky) * g.kernelWidth() + kx;
                                    if (weights.sign(o * pe + p, i) > 0) {
                                        word = word.setBit((p * taps.taps() + t) * simd + lane);
                                    }
                                }
                            }
                        }
                        lines.add(word);
                    }
                }
            }
        }
        return lines;
    }

    /** Width of an output-channel index (the group FIFO's tags, the requantizer's parameter address). */
    public int channelBits() {
        return Bits.unsignedBits(geometry.outChannels() - 1);
    }

    @Override
    public List<TemplateViews.View> moduleViews(VerilogDesign design) {
        WindowWalkerView walker = WindowWalkerView.of(this, this);
        return List.of(LineBufferView.of(design, this), walker, GroupFifoView.of(this, channelBits()), PackerView.of(this),
                RequantView.of(design, this), WeightedLayerView.of(design, this, StageView.of(design, this, walker)));
    }

    @Override
    public java.util.Map<String, List<String>> memoryImages() {
        java.util.Map<String, List<String>> images = new java.util.LinkedHashMap<>();
        if (!weightsInSpram) {
            // weights in SPRAM come from the flash image instead (WeightLoad)
            images.put(VerilogGenerator.weightFile(this), romImage());
        }
        images.put(VerilogGenerator.requantFile(this), requantPlan().parameterImage());
        return images;
    }

    @Override
    public List<Fold> largerFolds() {
        List<Fold> out = new ArrayList<>();
        AutoFolder.nextDivisor(geometry.outChannels(), fold.pe()).ifPresent(pe -> out.add(new Fold(pe, fold.simd(), fold.taps())));
        // a vector input's SIMD lanes read along the whole vector, a pixel's along its channels
        AutoFolder.nextDivisor(vectorInput ? fanIn() : geometry.channels(), fold.simd())
                .ifPresent(simd -> out.add(new Fold(fold.pe(), simd, fold.taps())));
        // more kernel positions per cycle: what a conv with few input channels needs (a vector input's SIMD already
        // runs along its whole kernel)
        if (!vectorInput) {
            kernelTaps().next().ifPresent(taps -> out.add(fold.withTaps(taps)));
        }
        return out;
    }

    @Override
    public List<DotProductUnit> dotUnits() {
        return List.of(dot());
    }

    @Override
    public java.util.Optional<RequantPlan> multiplyingRequant() {
        return requantPlan().multiplierFree() ? java.util.Optional.empty() : java.util.Optional.of(requantPlan());
    }

    @Override
    public int issueToFifoLatency() {
        // walker register, buffer/ROM read, dot-product pipeline, accumulator, FIFO push register
        return 1 + 1 + dot().latency() + 1 + 1;
    }

    @Override
    public int fifoDepth() {
        return HardwareStage.fifoDepthFor(issueToFifoLatency(), walk().stepsPerPixel(), fold.pe());
    }

    /** Requantizer pipeline: parameter read, product, sum, shift and clamp. */
    public static final int REQUANT_LATENCY = 4;

    @Override
    public StageEstimate estimate() {
        long compute = HardwareStage.computeCycles(this);
        DotProductUnit dot = dot();
        RequantPlan rq = requantPlan();
        int pe = fold.pe();
        // the pair pre-adders depend on the activations only: synthesis merges the units' copies into one
        int dotLuts = pe * dot.adderBits() + dot.preAdderBits();
        int accumulatorLuts = pe * accumulatorBits;
        int requantLuts;
        int multipliers = 0;
        if (rq.multiplierFree()) {
            requantLuts = rq.productBits() * (rq.powerBits() + 1);
        } else {
            multipliers = 1;
            requantLuts = 0;
        }
        // the sum's carry chain, the shifter over the aligned bits (a LUT4 level muxes two shift steps) and the
        // saturation: an OR over the bits above the output and a mux per output bit (calibrated on yosys 0.23 synth_ice40)
        int aligned = rq.alignedBits();
        requantLuts += rq.sumBits() + aligned * rq.shiftBits() / 2
                + (rq.clampLow() || rq.clampHigh() ? RequantView.saturationLuts(outputType, aligned) : 0)
                // the per-channel constants are mostly shared high bits, which synthesis folds well below romLuts
                + (rq.parametersInBlockRam() ? 0 : rq.parameterBits() * Bits.ceilDiv(rq.channels(), 16));
        int romLuts = romInBlockRam() || weightsInSpram ? 0 : BlockRams.romLuts(romWidth(), romDepth());
        if (weightsInSpram) {
            // the load counters (column, address) and their range decode, and the row mux of a ROM deeper than one block
            romLuts = 2 * (Sprams.ADDRESS_BITS + Bits.unsignedBits(Sprams.rows(romDepth()))) + 24
                    + (Sprams.rows(romDepth()) > 1 ? romWidth() * (Sprams.rows(romDepth()) - 1) : 0);
        }
        // synthesis shares some of the control and constant logic once flattened (90% of the summed parts, calibrated
        // with yosys 0.23 synth_ice40 on mnist-tiny and random networks)
        int luts = dotLuts + accumulatorLuts + (HardwareStage.plumbingLuts(this) + requantLuts + romLuts) * 9 / 10;
        int flipFlops = HardwareStage.plumbingFlipFlops(this) + pe * (dot.registerBits() + accumulatorBits)
                + rq.sumBits() + rq.alignedBits() + rq.productBits() + rq.parameterBits() + outputType.bits()
                + (romInBlockRam() || weightsInSpram ? 0 : romWidth())
                + (weightsInSpram ? 2 * Sprams.ADDRESS_BITS + 8 : 0);
        int brams = lines().blockRams() + (romInBlockRam() ? BlockRams.blocks(romWidth(), romDepth()) : 0)
                + (rq.parametersInBlockRam() ? rq.parameterBlockRams() : 0);
        int latency = issueToFifoLatency() + pe + REQUANT_LATENCY;
        return new StageEstimate(lines().writeCycles(), compute, latency, luts, flipFlops, brams, multipliers, spramBlocks());
    }
}
