package dev.bwn.codegen.verilog;

import dev.bwn.codegen.Identifiers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The estimate report of {@code report.md.ftl} (and the figures {@code README.md.ftl} and {@code design.txt.ftl}
 * repeat): one row per line-buffer stage, one per other element, the skip FIFOs, and the design's totals against
 * the device. A row's {@code dsps} are the SB_MAC16 blocks its requantization multipliers take ({@link Dsps}); a stage's {@code sprams} are the SB_SPRAM256KA blocks of its weights (loaded from flash). Text that lands in a Markdown table has its {@code |} replaced.
 */
public record ReportView(List<StageRow> stages, List<ElementRow> graphElements, List<String> skipFifos, String device,
                         int deviceLogicCells, int deviceBlockRams, long luts, long flipFlops, long logicCells,
                         long blockRams, long multipliers, long dsps, long multiplierLuts, long argmaxLuts,
                         long initiationInterval, long latency, boolean fits, long utilizationPercent,
                         String imagesPerSecondAt24MHz, String resources, String bindingResource, String shortfall,
                         List<EngineOpRow> engineOps, long engineCopyCycles) {

    public ReportView {
        stages = List.copyOf(stages);
        graphElements = List.copyOf(graphElements);
        skipFifos = List.copyOf(skipFifos);
        engineOps = List.copyOf(engineOps);
    }

    /** An op of the layer-sequential engine: the layer it runs, what it does, its output values and cycles. */
    public record EngineOpRow(int index, String layer, String kind, long values, long cycles) {
    }

    /** A line-buffer stage's folding and estimate. */
    public record StageRow(String layer, String kind, String module, int pe, int simd, int taps, int ringRows, long write,
                           long compute, long cycles, long luts, long flipFlops, long blockRams, long dsps,
                           long sprams) {
    }

    /** Any other element's estimate. */
    public record ElementRow(String summary, String module, long cycles, long luts, long flipFlops, long blockRams,
                             long dsps) {
    }

    static ReportView of(VerilogDesign d) {
        List<StageRow> rows = new ArrayList<>();
        for (HardwareStage s : d.stages()) {
            StageEstimate e = s.estimate();
            rows.add(new StageRow(table(s.layerName()), s.kind(), s.moduleName(), s.fold().pe(), s.fold().simd(), s.fold().taps(),
                    s.lines().rows(), e.writeCycles(), e.computeCycles(), e.cyclesPerImage(), e.luts(), e.flipFlops(),
                    e.blockRams(), d.multiplierCost(s).dsps(), e.sprams()));
        }
        List<ElementRow> others = new ArrayList<>();
        List<String> skips = new ArrayList<>();
        for (StreamElement e : d.elements()) {
            skips.addAll(e.reportNotes());
            if (!e.lineBufferStage()) {
                StageEstimate est = e.estimate();
                others.add(new ElementRow(table(e.summary()), e.moduleName(), est.cyclesPerImage(), est.luts(), est.flipFlops(),
                        est.blockRams(), d.multiplierCost(e).dsps()));
            }
        }
        StageEstimate total = d.total();
        return new ReportView(rows, others, skips, d.device().spelling(), d.device().logicCells(), d.device().blockRams(),
                d.estimatedLuts(), total.flipFlops(), d.estimatedLogicCells(), d.estimatedBlockRams(), total.multipliers(),
                d.estimatedDsps(), d.multiplierLuts(), d.argmaxEstimate().luts(), d.initiationInterval(), d.latencyCycles(), AutoFolder.fits(d),
                Math.round(AutoFolder.PLACEABLE_UTILIZATION * 100), String.format(Locale.ROOT, "%.0f", 24e6 / d.initiationInterval()),
                AutoFolder.resources(d), AutoFolder.bindingResource(d), AutoFolder.shortfall(d), engineOps(d),
                d.sequentialEngine().map(e -> e.program().copyCycles()).orElse(0L));
    }

    private static List<EngineOpRow> engineOps(VerilogDesign d) {
        List<EngineOpRow> rows = new ArrayList<>();
        d.sequentialEngine().ifPresent(e -> {
            SequentialProgram p = e.program();
            for (int i = 0; i < p.ops().size(); i++) {
                SequentialOp op = p.ops().get(i);
                rows.add(new EngineOpRow(i, table(op.layerName()), op.kind().name(), op.values(), p.opCycles(op)));
            }
        });
        return rows;
    }

    private static String table(String text) {
        return Identifiers.commentText(text).replace("|", "/");
    }
}
