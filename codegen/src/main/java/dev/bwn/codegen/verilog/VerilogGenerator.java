package dev.bwn.codegen.verilog;

import dev.bwn.codegen.GenerationException;
import dev.bwn.codegen.TemplateEngine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link VerilogDesign}'s files: one module per {@code .v} file, each rendered from its typed view
 * ({@link TemplateViews}), the {@code $readmemh} images, a file list, a FuseSoC core, the folding it used, a README,
 * the design summary and the estimate report. Every number a template prints is prepared by the views.
 */
public final class VerilogGenerator {
    /** The file list of a design ({@code TOP.f}): its Verilog files, dependencies first. */
    public static final String FILE_LIST_SUFFIX = ".f";
    /** Key-value summary of a generated design (top module, port widths, estimates) for test harnesses. */
    public static final String DESIGN_SUMMARY = "design.txt";
    /** The flash image of a design with weights in SPRAM is {@code TOP_weights.bin}. */
    public static final String WEIGHT_IMAGE_SUFFIX = "_weights.bin";

    private VerilogGenerator() {
    }

    /** The files of the FuseSoC core: Verilog sources in file-list order, then the memory images. */
    /**
     * The data of the files that describe a design rather than implement it ({@code design.txt.ftl},
     * {@code report.md.ftl}, {@code README.md.ftl}, {@code core.ftl}): each reads the top module's ports, the estimate
     * and the file list from this one record, so they cannot disagree. {@code boardSection} is the board build's README
     * section, empty without a board.
     */
    public record DocumentsView(TemplateViews.DesignFacts design, TopView top, ReportView report, String boardSection,
                                FileList files) {
    }

    /**
     * The design's files by role: its Verilog (synthesized and simulated), its ROM images, and the simulation-only
     * models in {@link SimulationModels#FOLDER} that lint and simulation add (the SPRAM model, with weights in SPRAM).
     */
    public record FileList(List<String> verilog, List<String> memories, List<String> simulationModels) {
        public FileList {
            verilog = List.copyOf(verilog);
            memories = List.copyOf(memories);
            simulationModels = List.copyOf(simulationModels);
        }
    }

    /** File name to content, in a stable order: Verilog modules (dependencies first), then the rest. */
    public static Map<String, String> files(VerilogDesign design) {
        return files(design, "");
    }

    /**
     * As {@link #files(VerilogDesign)}, with {@code boardSection} (Markdown: how to build and use the design on a
     * board, from {@code dev.bwn.codegen.verilog.board}) in the README in place of the generic top's build commands.
     */
    public static Map<String, String> files(VerilogDesign design, String boardSection) {
        TemplateViews.DesignFacts facts = TemplateViews.DesignFacts.of(design);
        Map<String, String> out = new LinkedHashMap<>();
        List<String> verilog = new ArrayList<>();
        render(out, verilog, facts, new TemplateViews.NamedModule("verilog/ram.v.ftl", design.ramModule()));
        render(out, verilog, facts, new TemplateViews.NamedModule("verilog/rom.v.ftl", design.romModule()));
        WeightLoad load = design.weightLoad();
        if (!load.isEmpty()) {
            render(out, verilog, facts, new TemplateViews.NamedModule("verilog/spram_rom.v.ftl", design.spramRomModule()));
            render(out, verilog, facts, new TemplateViews.NamedModule(load.source() == WeightLoad.Source.UART
                    ? "verilog/uart_loader.v.ftl" : "verilog/flash_loader.v.ftl", design.weightLoaderModule()));
            // bytes as chars 0-255: GeneratedFolder writes a .bin file in ISO-8859-1, one byte per char
            out.put(weightImageFile(design), new String(load.image(), java.nio.charset.StandardCharsets.ISO_8859_1));
            // SB_SPRAM256KA is a primitive to synthesis; a simulator or linter needs its behaviour
            out.put(SimulationModels.path(SimulationModels.SPRAM), SimulationModels.spram(facts.tool()));
        }
        for (DotProductUnit dot : design.dotUnits()) {
            render(out, verilog, facts, DotView.of(dot));
        }
        for (HardwareStage s : design.stages()) {
            for (TemplateViews.View view : s.moduleViews(design)) {
                render(out, verilog, facts, view);
            }
            s.memoryImages().forEach((file, words) -> out.put(file, String.join("\n", words) + "\n"));
        }
        for (StreamElement e : design.elements()) {
            TemplateViews.View view = e.templateView(design);
            if (view != null) {
                render(out, verilog, facts, view);
            }
            if (!e.lineBufferStage()) {
                e.memoryImages().forEach((file, words) -> out.put(file, String.join("\n", words) + "\n"));
            }
        }
        render(out, verilog, facts, ArgmaxView.of(design));
        TopView top = TopView.of(design);
        render(out, verilog, facts, top);
        DocumentsView data = new DocumentsView(facts, top, ReportView.of(design), boardSection,
                new FileList(verilog, out.keySet().stream().filter(n -> n.endsWith(".hex")).toList(), simulationModelFiles(out)));
        out.put("folding.txt", FoldFile.format(design));
        out.put(DESIGN_SUMMARY, TemplateEngine.render("verilog/design.txt.ftl", data));
        out.put("report.md", TemplateEngine.render("verilog/report.md.ftl", data));
        out.put("README.md", TemplateEngine.render("verilog/README.md.ftl", data));
        out.put(design.topModule() + ".core", TemplateEngine.render("verilog/core.ftl", data));
        out.put(design.topModule() + FILE_LIST_SUFFIX, String.join("\n", verilog) + "\n");
        return out;
    }

    /** The provenance every generated file's header repeats (tool, model name, provenance facts). */
    public static TemplateViews.DesignFacts designFacts(VerilogDesign design) {
        return TemplateViews.DesignFacts.of(design);
    }

    /**
     * The Verilog source files of a design, dependencies first (the order of the file list); not the simulation-only
     * models of {@link SimulationModels#FOLDER}.
     */
    public static List<String> verilogFiles(Map<String, String> files) {
        return files.keySet().stream().filter(n -> n.endsWith(".v") && !n.contains("/")).toList();
    }

    /** The simulation-only Verilog of a design's files ({@link SimulationModels#FOLDER}), in order. */
    public static List<String> simulationModelFiles(Map<String, String> files) {
        return files.keySet().stream().filter(n -> n.startsWith(SimulationModels.FOLDER + "/") && n.endsWith(".v")).toList();
    }

    /** The flash image of the weights in SPRAM: exactly the bytes to write at the flash offset. */
    public static String weightImageFile(VerilogDesign d) {
        return d.topModule() + WEIGHT_IMAGE_SUFFIX;
    }

    public static String weightFile(WeightedStage w) {
        return w.moduleName() + "_weights.hex";
    }

    public static String requantFile(WeightedStage w) {
        return w.parts().requant() + ".hex";
    }

    /**
     * Renders a module: its template reads the view as {@code m} and the provenance as {@code design}. Used also for
     * modules outside a design (the benchmark's baseline units).
     */
    public static String render(TemplateViews.DesignFacts facts, TemplateViews.View view) {
        return TemplateEngine.render(view.template(), Map.of("design", facts, "m", view));
    }

    private static void render(Map<String, String> out, List<String> verilog, TemplateViews.DesignFacts facts,
                               TemplateViews.View view) {
        String file = view.name() + ".v";
        if (out.containsKey(file)) {
            throw new GenerationException("internal: two generated files are named " + file);
        }
        out.put(file, render(facts, view));
        verilog.add(file);
    }
}
