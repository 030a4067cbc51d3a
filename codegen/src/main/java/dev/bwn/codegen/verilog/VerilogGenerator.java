package dev.bwn.codegen.verilog;

import dev.bwn.codegen.GenerationException;
import dev.bwn.codegen.Identifiers;
import dev.bwn.codegen.TemplateEngine;
import dev.bwn.model.ActivationType;
import dev.bwn.model.Shape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link VerilogDesign}: one module per {@code .v} file, the {@code $readmemh} images, a file list, a FuseSoC
 * core, the folding it used, a README and the estimate report. Every number a template prints is prepared here.
 */
public final class VerilogGenerator {
    /** The file list of a design ({@code TOP.f}): its Verilog files, dependencies first. */
    public static final String FILE_LIST_SUFFIX = ".f";
    /** Key-value summary of a generated design (top module, port widths, estimates) for test harnesses. */
    public static final String DESIGN_SUMMARY = "design.txt";

    private VerilogGenerator() {
    }

    /** File name to content, in a stable order: Verilog modules (dependencies first), then the rest. */
    public static Map<String, String> files(VerilogDesign design) {
        Map<String, Object> common = new LinkedHashMap<>();
        common.put("design", designFacts(design));
        Map<String, String> out = new LinkedHashMap<>();
        List<String> verilog = new ArrayList<>();
        render(out, verilog, design.ramModule() + ".v", "verilog/ram.v.ftl", common, Map.of("name", design.ramModule()));
        render(out, verilog, design.romModule() + ".v", "verilog/rom.v.ftl", common, Map.of("name", design.romModule()));
        for (DotProductUnit dot : design.dotUnits()) {
            render(out, verilog, dot.moduleName() + ".v", "verilog/dot.v.ftl", common, Map.of("dot", dotData(dot)));
        }
        for (HardwareStage s : design.stages()) {
            PartNames parts = s.parts();
            render(out, verilog, parts.lines() + ".v", "verilog/line_buffer.v.ftl", common, Map.of("lb", linesData(design, s)));
            render(out, verilog, parts.walker() + ".v", "verilog/window_walker.v.ftl", common, Map.of("walk", walkData(s)));
            render(out, verilog, parts.fifo() + ".v", "verilog/group_fifo.v.ftl", common, Map.of("fifo", fifoData(s)));
            render(out, verilog, parts.packer() + ".v", "verilog/packer.v.ftl", common, Map.of("pk", packerData(s)));
            if (s instanceof WeightedStage w) {
                render(out, verilog, parts.requant() + ".v", "verilog/requant.v.ftl", common, Map.of("rq", requantData(design, w)));
                render(out, verilog, w.moduleName() + ".v", "verilog/weighted_layer.v.ftl", common, Map.of("layer", weightedData(design, w)));
                out.put(weightFile(w), String.join("\n", w.romImage()) + "\n");
                out.put(requantFile(w), String.join("\n", w.requantPlan().parameterImage()) + "\n");
            } else if (s instanceof MaxPoolStage p) {
                render(out, verilog, p.moduleName() + ".v", "verilog/maxpool.v.ftl", common, Map.of("layer", poolData(design, p)));
            }
        }
        for (StreamElement e : design.elements()) {
            GraphTemplates.View view = e.templateView();
            if (view != null) {
                render(out, verilog, e.moduleName() + ".v", view.template(), common, Map.of("m", GraphTemplates.model(view)));
            }
        }
        render(out, verilog, design.argmaxModule() + ".v", "verilog/argmax.v.ftl", common, Map.of("argmax", argmaxData(design)));
        render(out, verilog, design.topModule() + ".v", "verilog/top.v.ftl", common, Map.of("top", topData(design)));
        List<String> memories = out.keySet().stream().filter(n -> n.endsWith(".hex")).toList();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("verilogFiles", verilog);
        meta.put("memoryFiles", memories);
        meta.put("top", topData(design));
        meta.put("report", reportData(design));
        meta.put("folding", FoldFile.format(design).strip());
        meta.put("summary", Map.of("inputSize", design.network().inputSize()));
        out.put("folding.txt", FoldFile.format(design));
        out.put(DESIGN_SUMMARY, TemplateEngine.render("verilog/design.txt.ftl", merged(common, meta)));
        out.put("report.md", TemplateEngine.render("verilog/report.md.ftl", merged(common, meta)));
        out.put("README.md", TemplateEngine.render("verilog/README.md.ftl", merged(common, meta)));
        out.put(design.topModule() + ".core", TemplateEngine.render("verilog/core.ftl", merged(common, meta)));
        out.put(design.topModule() + FILE_LIST_SUFFIX, String.join("\n", verilog) + "\n");
        return out;
    }

    /** The Verilog source files of a design, dependencies first (the order of the file list). */
    public static List<String> verilogFiles(Map<String, String> files) {
        return files.keySet().stream().filter(n -> n.endsWith(".v")).toList();
    }

    public static String weightFile(WeightedStage w) {
        return w.moduleName() + "_weights.hex";
    }

    public static String requantFile(WeightedStage w) {
        return w.parts().requant() + ".hex";
    }

    private static void render(Map<String, String> out, List<String> verilog, String file, String template,
                               Map<String, Object> common, Map<String, Object> data) {
        if (out.containsKey(file)) {
            throw new GenerationException("internal: two generated files are named " + file);
        }
        out.put(file, TemplateEngine.render(template, merged(common, data)));
        verilog.add(file);
    }

    private static Map<String, Object> merged(Map<String, Object> a, Map<String, ?> b) {
        Map<String, Object> m = new LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }

    static Map<String, Object> designFacts(VerilogDesign d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tool", Identifiers.commentText(d.toolVersion()));
        m.put("modelName", Identifiers.commentText(d.network().name()).replace("\"", "'"));
        List<String> facts = new ArrayList<>();
        Identifiers.provenanceComments(d.network().provenance().facts()).forEach((k, v) -> facts.add(k + ": " + v));
        m.put("provenance", facts);
        return m;
    }

    private static String u(int bits, long value) {
        return Bits.unsignedLiteral(bits, value);
    }

    private static String s(int bits, long value) {
        return Bits.signedLiteral(bits, value);
    }

    /** The template data of a dot-product unit (also used by the benchmark's baseline units). */
    public static Map<String, Object> dotData(DotProductUnit dot) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", dot.moduleName());
        m.put("lanes", dot.lanes());
        m.put("inputType", dot.inputType().label());
        m.put("registerEvery", dot.registerEvery());
        m.put("latency", dot.latency());
        m.put("outputBits", dot.outputBits());
        m.put("xBits", dot.lanes() * dot.inputType().bits());
        List<List<Map<String, Object>>> levels = new ArrayList<>();
        for (List<DotProductUnit.Node> level : dot.levels()) {
            List<Map<String, Object>> nodes = new ArrayList<>();
            for (DotProductUnit.Node n : level) {
                nodes.add(Map.of("name", n.name(), "bits", n.bits(), "expression", n.expression(), "registered", n.registered()));
            }
            levels.add(nodes);
        }
        m.put("levels", levels);
        m.put("root", dot.root().name());
        return m;
    }

    static Map<String, Object> linesData(VerilogDesign d, HardwareStage s) {
        LineBuffer lb = s.lines();
        Map<String, Object> m = new LinkedHashMap<>();
        int sb = lb.sliceBits();
        int cb = lb.columnBits();
        int ab = lb.addressBits();
        int ob = lb.occupiedBits();
        int fb = lb.filledBits();
        m.put("name", s.parts().lines());
        m.put("layer", s.moduleName());
        m.put("ramModule", d.ramModule());
        m.put("channels", lb.channels());
        m.put("elementBits", lb.elementBits());
        m.put("width", lb.width());
        m.put("height", lb.height());
        m.put("rows", lb.rows());
        m.put("slices", lb.slices());
        m.put("lanes", lb.lanes());
        m.put("depth", lb.depth());
        m.put("block", lb.inBlockRam() ? 1 : 0);
        m.put("pixelBits", lb.pixelBits());
        m.put("wordBits", lb.wordBits());
        m.put("sliceBits", sb);
        m.put("columnBits", cb);
        m.put("addressBits", ab);
        m.put("occupiedBits", ob);
        m.put("filledBits", fb);
        m.put("releaseBits", lb.releaseBits());
        List<Map<String, Object>> slices = new ArrayList<>();
        for (int i = 0; i < lb.slices(); i++) {
            slices.add(Map.of("index", i, "low", i * lb.wordBits(), "high", (i + 1) * lb.wordBits() - 1));
        }
        m.put("sliceRanges", slices);
        counter(m, "slice", sb, lb.slices());
        counter(m, "column", cb, lb.width());
        int slotBits = lb.slotBits();
        int wordBits = lb.rowWordBits();
        m.put("hasSlot", slotBits > 0);
        m.put("hasWord", wordBits > 0);
        m.put("slotBits", Math.max(1, slotBits));
        m.put("rowWordBits", Math.max(1, wordBits));
        counter(m, "slot", Math.max(1, slotBits), lb.rows());
        counter(m, "word", Math.max(1, wordBits), lb.rowWords());
        m.put("rowWords", lb.rowWords());
        m.put("rowStride", lb.rowStride());
        m.put("writeAddress", ringAddress("write_slot", slotBits, "write_word", wordBits));
        m.put("rowsLiteral", s(ob, lb.rows()));
        m.put("occupiedZero", s(ob, 0));
        m.put("filledZero", u(fb, 0));
        m.put("heightFilled", u(fb, lb.height()));
        m.put("openedExtended", Bits.zeroExtend("row_opened", 1, ob));
        m.put("releaseExtended", Bits.zeroExtend("release_rows", lb.releaseBits(), ob));
        m.put("completeExtended", Bits.zeroExtend("row_complete", 1, fb));
        return m;
    }

    /** The ring address {slot, word}, with either part left out when it has no bits. */
    static String ringAddress(String slot, int slotBits, String word, int wordBits) {
        if (slotBits > 0 && wordBits > 0) {
            return "{" + slot + ", " + word + "}";
        }
        return slotBits > 0 ? slot : wordBits > 0 ? word : "1'b0";
    }

    static Map<String, Object> packerData(HardwareStage s) {
        Map<String, Object> m = new LinkedHashMap<>();
        int channels = s.outputBeatChannels();
        int bits = s.outputType().bits();
        int countBits = Bits.unsignedBits(channels - 1);
        m.put("name", s.parts().packer());
        m.put("layer", s.moduleName());
        m.put("channels", channels);
        m.put("bits", bits);
        m.put("pixelBits", s.outputPixelBits());
        m.put("countBits", countBits);
        counter(m, "count", countBits, channels);
        WindowWalk w = s.walk();
        int window = w.poolHeight() * w.poolWidth();
        int windowBits = Bits.unsignedBits(window - 1);
        m.put("pooled", w.pooled());
        m.put("window", window);
        m.put("windowBits", windowBits);
        counter(m, "window", windowBits, window);
        m.put("signedKeyword", s.outputType().signed() ? "signed " : "");
        m.put("comparison", s.outputType().signed() ? "signed" : "unsigned");
        m.put("poolShiftIn", channels == 1 ? "kept" : "{kept, out_data[" + (channels * bits - 1) + ":" + bits + "]}");
        m.put("shiftIn", channels == 1 ? "in_data" : "{in_data, out_data[" + (channels * bits - 1) + ":" + bits + "]}");
        return m;
    }

    static Map<String, Object> walkData(HardwareStage s) {
        WindowWalk w = s.walk();
        LineBuffer lb = s.lines();
        StageGeometry g = s.geometry();
        int pb = w.positionBits();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.parts().walker());
        m.put("layer", s.moduleName());
        m.put("outer", w.outer());
        m.put("outerWhat", s instanceof WeightedStage ? "output-channel group(s)" : "channel group(s)");
        m.put("outHeight", w.outHeight());
        m.put("outWidth", w.outWidth());
        m.put("pooled", w.pooled());
        m.put("poolHeight", w.poolHeight());
        m.put("poolWidth", w.poolWidth());
        m.put("poolRowBits", w.poolRowBits());
        m.put("poolColumnBits", w.poolColumnBits());
        counter(m, "poolRow", w.poolRowBits(), w.poolHeight());
        counter(m, "poolColumn", w.poolColumnBits(), w.poolWidth());
        m.put("innerGroups", w.innerGroups());
        m.put("kernelHeight", g.kernelHeight());
        m.put("kernelWidth", g.kernelWidth());
        m.put("height", g.height());
        m.put("depth", lb.depth());
        m.put("rowWords", lb.rowWords());
        m.put("slices", lb.slices());
        m.put("padded", s instanceof WeightedStage && g.padded());
        m.put("hasRom", s instanceof WeightedStage);
        m.put("sliceFollowsOuter", w.sliceFollowsOuter());
        m.put("addressBits", lb.addressBits());
        m.put("filledBits", lb.filledBits());
        m.put("releaseBits", lb.releaseBits());
        m.put("positionBits", pb);
        m.put("outerBits", w.outerBits());
        m.put("outRowBits", w.outRowBits());
        m.put("outColumnBits", w.outColumnBits());
        m.put("innerBits", w.innerBits());
        m.put("kernelRowBits", w.kernelRowBits());
        m.put("kernelColumnBits", w.kernelColumnBits());
        counter(m, "outer", w.outerBits(), w.outer());
        counter(m, "outRow", w.outRowBits(), w.outHeight());
        counter(m, "outColumn", w.outColumnBits(), w.outWidth());
        counter(m, "inner", w.innerBits(), w.innerGroups());
        counter(m, "kernelRow", w.kernelRowBits(), g.kernelHeight());
        counter(m, "kernelColumn", w.kernelColumnBits(), g.kernelWidth());
        if (pb <= lb.filledBits()) {
            throw new GenerationException("internal: position width " + pb + " cannot compare " + lb.filledBits() + "-bit row counts");
        }
        m.put("filledSigned", "$signed(" + Bits.zeroExtend("filled", lb.filledBits(), pb) + ")");
        m.put("releaseZero", u(lb.releaseBits(), 0));
        m.put("positionZero", s(pb, 0));
        m.put("positionOne", s(pb, 1));
        m.put("firstRow", s(pb, g.minRow()));
        m.put("firstColumn", s(pb, g.minColumn()));
        int fb = w.offsetBits();
        m.put("offsetBits", fb);
        m.put("offsetZero", s(fb, 0));
        m.put("offsetOne", s(fb, 1));
        m.put("firstColumnOffset", s(fb, (long) g.minColumn() * lb.slices()));
        m.put("heightLiteral", s(pb, g.height()));
        m.put("widthLiteral", s(pb, g.width()));
        // an output row's window: the kernel's rows, or those of a fused pool window's convolutions
        m.put("windowRowStart", w.pooled() ? "window_row_start" : "row_start");
        m.put("windowRowsLiteral", s(pb, lb.windowRows()));
        m.put("windowStrideLiteral", s(pb, lb.windowStride()));
        m.put("windowColumnStepLiteral", s(pb, (long) w.poolWidth() * g.strideX()));
        m.put("windowOffsetStepLiteral", s(w.offsetBits(), (long) w.poolWidth() * g.strideX() * lb.slices()));
        // rows the first output row needs: its window's, or the whole image when it is also the last
        m.put("firstRowsNeeded", s(pb, w.outHeight() == 1 ? g.height() : Math.min(g.height(), g.minRow() + lb.windowRows())));
        // with a single output row there is no next row; the comparison must still be well formed
        m.put("outRowBeforeLast", u(w.outRowBits(), Math.max(0, w.outHeight() - 2)));
        m.put("strideXLiteral", s(pb, g.strideX()));
        m.put("strideYLiteral", s(pb, g.strideY()));
        m.put("slicesLiteral", s(fb, lb.slices()));
        m.put("columnStepLiteral", s(fb, (long) g.strideX() * lb.slices()));
        int slotBits = lb.slotBits();
        int wordBits = lb.rowWordBits();
        m.put("hasSlot", slotBits > 0);
        m.put("rowSlots", lb.rows());
        m.put("slotBits", Math.max(1, slotBits));
        m.put("slotZero", u(Math.max(1, slotBits), 0));
        m.put("imageStepSlots", u(Math.max(1, slotBits), lb.imageStepSlots()));
        m.put("rowSlotBits", slotBits > 0 ? "row[" + (slotBits - 1) + ":0]" : "");
        m.put("wordBits", Math.max(1, wordBits));
        m.put("readAddress", ringAddress("slot", slotBits, "word", wordBits));
        m.put("hasWord", wordBits > 0);

        if (s instanceof WeightedStage ws) {
            int rb = w.romAddressBits();
            int cb = channelBits(ws);
            m.put("romAddressBits", rb);
            m.put("channelBits", cb);
            m.put("romZero", u(rb, 0));
            m.put("romOne", u(rb, w.romDepth() > 1 ? 1 : 0));
            m.put("channelZero", u(cb, 0));
            // with one output-channel group the base never moves, and pe need not fit the channel width
            m.put("peLiteral", u(cb, w.outer() > 1 ? ws.fold().pe() : 0));
        }
        return m;
    }

    private static void counter(Map<String, Object> m, String name, int bits, int count) {
        m.put(name + "Zero", u(bits, 0));
        m.put(name + "One", u(bits, count > 1 ? 1 : 0));
        m.put(name + "Last", u(bits, count - 1));
    }

    static int channelBits(WeightedStage w) {
        return Bits.unsignedBits(w.geometry().outChannels() - 1);
    }

    static Map<String, Object> fifoData(HardwareStage s) {
        Map<String, Object> m = new LinkedHashMap<>();
        int depth = s.fifoDepth();
        int pointerBits = Bits.unsignedBits(depth - 1);
        int countBits = Bits.unsignedBits(depth);
        int memberBits = Bits.unsignedBits(s.groupSize() - 1);
        m.put("name", s.parts().fifo());
        m.put("layer", s.moduleName());
        m.put("depth", depth);
        m.put("groupSize", s.groupSize());
        m.put("resultBits", s.resultBits());
        m.put("groupBits", s.groupSize() * s.resultBits());
        List<Map<String, Object>> members = new ArrayList<>();
        for (int member = 0; member < s.groupSize(); member++) {
            members.add(Map.of("index", member, "low", member * s.resultBits(), "high", member * s.resultBits() + s.resultBits() - 1));
        }
        m.put("members", members);
        m.put("pointerBits", pointerBits);
        m.put("countBits", countBits);
        m.put("memberBits", memberBits);
        m.put("pointerZero", u(pointerBits, 0));
        m.put("pointerOne", u(pointerBits, depth > 1 ? 1 : 0));
        m.put("pointerLast", u(pointerBits, depth - 1));
        m.put("countZero", u(countBits, 0));
        m.put("countFull", u(countBits, depth));
        m.put("memberZero", u(memberBits, 0));
        m.put("memberOne", u(memberBits, s.groupSize() > 1 ? 1 : 0));
        m.put("memberLast", u(memberBits, s.groupSize() - 1));
        m.put("pushExtended", Bits.zeroExtend("push", 1, countBits));
        m.put("popExtended", Bits.zeroExtend("pop_group", 1, countBits));
        m.put("takeExtended", Bits.zeroExtend("take_credit", 1, countBits));
        boolean tagged = s instanceof WeightedStage;
        m.put("tagged", tagged);
        if (tagged) {
            int cb = channelBits((WeightedStage) s);
            m.put("channelBits", cb);
            if (memberBits > cb) {
                throw new GenerationException("internal: group of " + s.groupSize() + " wider than the channel index");
            }
            m.put("memberExtended", Bits.zeroExtend("member", memberBits, cb));
        }
        return m;
    }

    static Map<String, Object> requantData(VerilogDesign d, WeightedStage w) {
        RequantPlan rq = w.requantPlan();
        Map<String, Object> m = new LinkedHashMap<>();
        int ab = w.accumulatorBits();
        int pb = rq.productBits();
        int tb = rq.sumBits();
        int bb = rq.biasBits();
        int ob = w.outputType().bits();
        int multField = rq.multiplierFree() ? rq.powerBits() + 1 : rq.multiplierBits();
        m.put("name", w.parts().requant());
        m.put("layer", w.moduleName());
        m.put("romModule", d.romModule());
        m.put("parameterFile", requantFile(w));
        m.put("outputType", w.outputType().label());
        m.put("multiplierFree", rq.multiplierFree());
        m.put("accumulatorBits", ab);
        m.put("multiplierBits", rq.multiplierBits());
        m.put("powerBits", rq.powerBits());
        m.put("channelBits", channelBits(w));
        m.put("channels", rq.channels());
        m.put("outputBits", ob);
        m.put("parameterBits", rq.parameterBits());
        m.put("parameterBlock", rq.parametersInBlockRam() ? 1 : 0);
        m.put("shiftLow", rq.parameterBits() - rq.shiftBits());
        m.put("biasBits", bb);
        m.put("biasLow", multField);
        m.put("biasHigh", multField + bb - 1);
        m.put("variableShift", rq.shiftBits() > 0);
        m.put("shiftBits", Math.max(1, rq.shiftBits()));
        m.put("productBits", pb);
        m.put("sumBits", tb);
        m.put("accumulatorExtended", Bits.signExtend("stage1_accumulator", ab, pb));
        m.put("sumExpression", Bits.signExtend("stage2_product", pb, tb) + " + " + Bits.signExtend("stage2_bias", bb, tb));
        String shifted;
        if (rq.shiftBits() > 0) {
            shifted = "stage3_sum >>> stage3_shift";
        } else if (rq.constantShift() == 0) {
            shifted = "stage3_sum";
        } else {
            shifted = "stage3_sum >>> " + rq.constantShift();
        }
        m.put("shiftExpression", shifted);
        ActivationType out = w.outputType();
        String clamp = "shifted";
        if (rq.clampHigh()) {
            clamp = "shifted > " + s(tb, out.max()) + " ? " + s(tb, out.max()) + " : " + clamp;
        }
        if (rq.clampLow()) {
            clamp = "shifted < " + s(tb, out.min()) + " ? " + s(tb, out.min()) + " : " + (rq.clampHigh() ? "(" + clamp + ")" : clamp);
        }
        m.put("clampExpression", clamp);
        m.put("outputExpression", ob <= tb ? (ob == tb ? "clamped" : "clamped[" + (ob - 1) + ":0]") : Bits.signExtend("clamped", tb, ob));
        return m;
    }

    private static String shape(Shape s) {
        return "[" + s.channels() + "," + s.height() + "," + s.width() + "]";
    }

    /** Lane i of a line-buffer word: bits [i*bits +: bits]. */
    private static List<Map<String, Object>> lanes(int count, int bits) {
        List<Map<String, Object>> lanes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lanes.add(Map.of("index", i, "low", i * bits, "high", (i + 1) * bits - 1));
        }
        return lanes;
    }

    private static String concat(String prefix, int count) {
        if (count == 1) {
            return prefix + "0";
        }
        StringBuilder sb = new StringBuilder("{");
        for (int i = count - 1; i >= 0; i--) {
            sb.append(prefix).append(i).append(i > 0 ? ", " : "}");
        }
        return sb.toString();
    }

    private static Map<String, Object> stageCommon(VerilogDesign d, HardwareStage s) {
        Map<String, Object> m = new LinkedHashMap<>();
        LineBuffer lb = s.lines();
        m.put("name", s.moduleName());
        m.put("modelName", Identifiers.commentText(s.layerName()).replace("\"", "'"));
        m.put("index", s.layerIndex());
        m.put("kind", s.kind());
        m.put("fold", s.fold().toString());
        m.put("pe", s.fold().pe());
        m.put("simd", s.fold().simd());
        m.put("inputShape", shape(d.network().plan().get(s.layerIndex()).inputShape()));
        m.put("viewShape", shape(s.geometry().input()));
        m.put("outputShape", shape(d.network().plan().get(s.outputLayerIndex()).outputShape()));
        m.put("fusedPool", s.walk().pooled());
        m.put("poolName", Identifiers.commentText(s.outputLayerName()).replace("\"", "'"));
        m.put("poolHeight", s.walk().poolHeight());
        m.put("poolWidth", s.walk().poolWidth());
        m.put("inputType", s.inputType().label());
        m.put("outputType", s.outputType().label());
        m.put("inputBits", s.inputType().bits());
        m.put("outputBits", s.outputType().bits());
        m.put("inputPixelBits", lb.pixelBits());
        m.put("outputPixelBits", s.outputPixelBits());
        m.put("outputBeatChannels", s.outputBeatChannels());
        m.put("outputAsRow", s.vectorOutput() || s.outputBeatChannels() != s.geometry().outChannels());
        m.put("ringRows", lb.rows());
        m.put("wordBits", lb.wordBits());
        m.put("bufferAddressBits", lb.addressBits());
        m.put("filledBits", lb.filledBits());
        m.put("releaseBits", lb.releaseBits());
        m.put("stepsPerPixel", s.walk().stepsPerPixel());
        m.put("lanes", lanes(lb.lanes(), s.inputType().bits()));
        m.put("linesModule", s.parts().lines());
        m.put("walkerModule", s.parts().walker());
        m.put("fifoModule", s.parts().fifo());
        m.put("packerModule", s.parts().packer());
        m.put("ramModule", d.ramModule());
        m.put("romModule", d.romModule());
        return m;
    }

    static Map<String, Object> weightedData(VerilogDesign d, WeightedStage w) {
        Map<String, Object> m = stageCommon(d, w);
        DotProductUnit dot = w.dot();
        int dl = dot.latency();
        int ab = w.accumulatorBits();
        int db = dot.outputBits();
        int simd = w.fold().simd();
        m.put("fanIn", w.fanIn());
        m.put("accumulatorBits", ab);
        m.put("padded", w.geometry().padded());
        m.put("romWidth", w.romWidth());
        m.put("romDepth", w.romDepth());
        m.put("romAddressBits", w.walk().romAddressBits());
        m.put("romBlock", w.romInBlockRam() ? 1 : 0);
        m.put("weightFile", weightFile(w));
        m.put("channelBits", channelBits(w));
        m.put("dotModule", dot.moduleName());
        m.put("dotBits", db);
        m.put("dotLatency", dl);
        m.put("channelPipeBits", dl * channelBits(w));
        m.put("channelPipeLastLow", (dl - 1) * channelBits(w));
        m.put("dotInputBits", simd * w.inputType().bits());
        m.put("dotInputZero", u(simd * w.inputType().bits(), 0));
        m.put("dotPipeZero", u(dl, 0));
        m.put("dotValidShift", dl == 1 ? "read_valid" : "{dot_valid_pipe[" + (dl - 2) + ":0], read_valid}");
        m.put("dotFirstShift", dl == 1 ? "read_first" : "{dot_first_pipe[" + (dl - 2) + ":0], read_first}");
        int cb = channelBits(w);
        m.put("dotChannelShift", dl == 1 ? "read_channel_base"
                : "{dot_channel_pipe[" + ((dl - 1) * cb - 1) + ":0], read_channel_base}");
        m.put("dotLastShift", dl == 1 ? "read_last" : "{dot_last_pipe[" + (dl - 2) + ":0], read_last}");
        List<Map<String, Object>> units = new ArrayList<>();
        for (int p = 0; p < w.fold().pe(); p++) {
            units.add(Map.of("index", p, "weightLow", p * simd, "weightHigh", p * simd + simd - 1,
                    "sumExtended", Bits.signExtend("dot_sum_" + p, db, ab)));
        }
        m.put("units", units);
        m.put("accumulatorConcat", concat("accumulator_", w.fold().pe()));
        m.put("fifoModule", w.parts().fifo());
        m.put("requantModule", w.parts().requant());
        return m;
    }

    static Map<String, Object> poolData(VerilogDesign d, MaxPoolStage p) {
        Map<String, Object> m = stageCommon(d, p);
        StageGeometry g = p.geometry();
        m.put("kernelHeight", g.kernelHeight());
        m.put("kernelWidth", g.kernelWidth());
        m.put("strideY", g.strideY());
        m.put("strideX", g.strideX());
        m.put("comparison", p.inputType().signed() ? "signed" : "unsigned");
        m.put("signedKeyword", p.inputType().signed() ? "signed " : "");
        m.put("maximumConcat", concat("maximum_", p.lanes()));
        return m;
    }

    static Map<String, Object> argmaxData(VerilogDesign d) {
        Map<String, Object> m = new LinkedHashMap<>();
        int lb = d.logitType().bits();
        int cb = d.classBits();
        m.put("name", d.argmaxModule());
        m.put("classes", d.classes());
        m.put("logitType", d.logitType().label());
        m.put("logitBits", lb);
        m.put("classBits", cb);
        m.put("logitBusBits", lb * d.classes());
        m.put("signedKeyword", d.logitType().signed() ? "signed " : "");
        counter(m, "class", cb, d.classes());
        List<Map<String, Object>> logits = new ArrayList<>();
        for (int k = 0; k < d.classes(); k++) {
            logits.add(Map.of("index", k, "low", k * lb, "high", k * lb + lb - 1));
        }
        m.put("logits", logits);
        int channels = d.outputBeatChannels();
        int pixels = d.classes() / channels;
        int pixelBits = Bits.unsignedBits(pixels - 1);
        m.put("serial", channels == 1);
        m.put("pixels", pixels);
        m.put("channels", channels);
        m.put("beatBits", channels * lb);
        m.put("pixelBits", pixelBits);
        counter(m, "pixel", pixelBits, pixels);
        // channel c's run of logits, c*pixels .. c*pixels + pixels-1, shifts in its value from the top
        StringBuilder shift = new StringBuilder("{");
        for (int c = channels - 1; c >= 0; c--) {
            shift.append("in_data[").append((c + 1) * lb - 1).append(':').append(c * lb).append(']');
            if (pixels > 1) {
                shift.append(", logits[").append((c + 1) * pixels * lb - 1).append(':').append((c * pixels + 1) * lb).append(']');
            }
            shift.append(c > 0 ? ", " : "}");
        }
        m.put("collectShift", shift.toString());
        return m;
    }

    static Map<String, Object> topData(VerilogDesign d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.topModule());
        m.put("modelName", Identifiers.commentText(d.network().name()).replace("\"", "'"));
        m.put("inputType", d.network().inputType().label());
        m.put("inputShape", shape(d.network().inputShape()));
        m.put("inputBits", d.inputPixelBits());
        m.put("inputChannels", d.inputBeatChannels());
        boolean inputAsRow = !d.isGraph() && d.stages().get(0).lines().vector();
        m.put("inputAsRow", inputAsRow);
        m.put("regenerateFlags", d.fusePools() ? "" : " --no-fuse");
        m.put("inputOrder", inputAsRow ? "vector" : "chw");
        m.put("inputElementBits", d.inputBits());
        m.put("classes", d.classes());
        m.put("classBits", d.classBits());
        m.put("logitBits", d.logitType().bits());
        m.put("logitType", d.logitType().label());
        m.put("logitBusBits", d.logitType().bits() * d.classes());
        m.put("argmaxModule", d.argmaxModule());
        List<Map<String, Object>> links = new ArrayList<>();
        for (int i = 0; i < d.graph().linkBits().size(); i++) {
            links.add(Map.of("index", i, "bits", d.graph().linkBits().get(i)));
        }
        List<Map<String, Object>> stages = new ArrayList<>();
        for (StreamGraph.Wired w : d.graph().elements()) {
            StreamElement e = w.element();
            List<Map<String, Object>> ports = new ArrayList<>();
            for (StreamGraph.Port p : w.ports()) {
                ports.add(Map.of("name", p.name(), "link", p.link()));
            }
            stages.add(Map.of("module", e.moduleName(), "instance", "u_" + e.moduleName().substring(d.topModule().length() + 1),
                    "ports", ports, "summary", Identifiers.commentText(e.summary())));
        }
        m.put("outputLink", d.graph().outputLink());
        m.put("links", links);
        m.put("stages", stages);
        m.put("taps", taps(d));
        return m;
    }

    /**
     * One tap per stage for the Verilator harness: the top's wire bundle {@code linkN} that carries the stage's output
     * stream (one output pixel per beat, all channels side by side), the model layer it computes, and its shape, from
     * which the harness finds each value's index in the reference's CHW layer file.
     */
    static List<Map<String, Object>> taps(VerilogDesign d) {
        List<Map<String, Object>> taps = new ArrayList<>();
        for (StreamGraph.TensorLink l : d.graph().tensorLinks()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("link", "link" + l.link());
            t.put("layer", l.layer());
            t.put("channels", l.beatChannels());
            t.put("pixels", l.beats());
            t.put("bits", l.bits());
            t.put("order", l.vectorOrder() ? "vector" : "chw");
            t.put("name", Identifiers.sanitize(l.layerName()));
            taps.add(t);
        }
        return taps;
    }

    static Map<String, Object> reportData(VerilogDesign d) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < d.stages().size(); i++) {
            HardwareStage s = d.stages().get(i);
            StageEstimate e = s.estimate();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("layer", Identifiers.commentText(s.layerName()).replace("|", "/"));
            r.put("kind", s.kind());
            r.put("module", s.moduleName());
            r.put("pe", s.fold().pe());
            r.put("simd", s.fold().simd());
            r.put("ringRows", s.lines().rows());
            r.put("write", e.writeCycles());
            r.put("compute", e.computeCycles());
            r.put("cycles", e.cyclesPerImage());
            r.put("luts", e.luts());
            r.put("flipFlops", e.flipFlops());
            r.put("blockRams", e.blockRams());
            r.put("multipliers", e.multipliers());
            rows.add(r);
        }
        m.put("stages", rows);
        List<Map<String, Object>> plumbing = new ArrayList<>();
        for (StreamElement e : d.elements()) {
            if (!(e instanceof HardwareStage)) {
                StageEstimate est = e.estimate();
                plumbing.add(Map.of("summary", Identifiers.commentText(e.summary()).replace("|", "/"), "module", e.moduleName(),
                        "cycles", est.cyclesPerImage(), "luts", est.luts(), "flipFlops", est.flipFlops(),
                        "blockRams", est.blockRams(), "multipliers", est.multipliers()));
            }
        }
        m.put("graphElements", plumbing);
        List<String> skips = new ArrayList<>();
        for (StreamElement e : d.elements()) {
            if (e instanceof SkipFifo q) {
                skips.add("`" + q.moduleName() + "`: " + q.depth() + " beat(s) before input " + q.input() + " of add \""
                        + Identifiers.commentText(q.addName()) + "\"");
            }
        }
        m.put("skipFifos", skips);
        StageEstimate total = d.total();
        m.put("device", d.device().spelling());
        m.put("deviceLogicCells", d.device().logicCells());
        m.put("deviceBlockRams", d.device().blockRams());
        m.put("luts", d.estimatedLuts());
        m.put("flipFlops", total.flipFlops());
        m.put("logicCells", d.estimatedLogicCells());
        m.put("blockRams", d.estimatedBlockRams());
        m.put("multipliers", total.multipliers());
        m.put("multiplierLuts", d.multiplierLuts());
        m.put("argmaxLuts", d.argmaxEstimate().luts());
        m.put("initiationInterval", d.initiationInterval());
        m.put("latency", d.latencyCycles());
        m.put("fits", AutoFolder.fits(d));
        m.put("utilizationPercent", Math.round(AutoFolder.LOGIC_UTILIZATION * 100));
        m.put("imagesPerSecondAt24MHz", String.format(Locale.ROOT, "%.0f", 24e6 / d.initiationInterval()));
        return m;
    }
}
