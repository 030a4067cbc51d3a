package dev.bwn.codegen.verilog;

import dev.bwn.codegen.GenerationException;
import dev.bwn.codegen.Identifiers;
import dev.bwn.codegen.TemplateEngine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AXI4-Stream wrapper of a design ({@code bwn gen verilog --interface axis}), as the template
 * {@code verilog/axis/axis_top.v.ftl} lays it out: every width, literal and slice computed here.
 *
 * <p>Input: one beat per core input beat (one pixel, all channels; or a vector's run of SIMD values), each value in
 * its own {@code valueBytes} bytes, value c at byte {@code c*valueBytes}, low bits used; TDATA is the smallest power
 * of two bytes that holds them (AXI DMA stream widths). Result: one packet per image, beats of {@code fieldBits}:
 * the class alone (one beat), or the class then logit 0..classes-1 (sign- or zero-extended), TLAST on the last beat.
 *
 * @param valueSlices per value c, the bits of {@code s_axis_tdata} it comes from
 * @param logitSlices per class k, the bits of {@code core_out_logits} that hold logit k
 * @param resultFields the result packet as one vector, beat 0 in the low bits
 * @param unusedSlices inputs the wrapper ignores (spare TDATA bits, the logits when only the class is sent): tied to a
 *                     wire named {@code unused_*}, which Verilator's lint leaves alone
 */
public record AxisStreamWrapper(String moduleName, String coreModule, String modelName,
                                int valueBits, int valueBytes, int beatValues, int inputTdataBits, int corePixelBits,
                                List<String> valueSlices, String coreDataConcat, List<String> unusedSlices,
                                int beatsPerImage, int beatBits, String beatZero, String beatOne, String beatLast,
                                String corePixelZero,
                                int classes, int classBits, int logitBits, String logitType, String logitExtension, int logitBusBits,
                                boolean withLogits, int fieldBits, int resultBeats, int resultBeatBits,
                                String resultBeatZero, String resultBeatOne, String resultBeatLast,
                                List<String> logitSlices, String resultFields, int resultBits,
                                int inputBytesPerImage, int resultBytesPerImage) {

    /**
     * The data of the wrapper's templates ({@code axis/axis_top.v.ftl} and the {@code design.txt} and README sections
     * it adds): the provenance every file repeats and the wrapper.
     */
    public record View(TemplateViews.DesignFacts design, AxisStreamWrapper w) {
    }

    /** Bits of the status output: early TLAST, missing TLAST. */
    public static final int STATUS_BITS = 2;

    /**
     * The wrapper for {@code design}, named so that it collides with none of {@code takenModules} (the design's own
     * modules, e.g. a layer called "axis").
     */
    public static AxisStreamWrapper of(VerilogDesign design, List<String> takenModules, boolean withLogits) {
        Identifiers ids = new Identifiers();
        takenModules.forEach(ids::reserve);
        String name = ids.unique(design.topModule() + "_axis");
        int valueBits = design.inputBits();
        int valueBytes = Bits.ceilDiv(valueBits, 8);
        int beatValues = design.inputBeatChannels();
        int tdataBytes = powerOfTwoAtLeast(beatValues * valueBytes);
        List<String> slices = new ArrayList<>();
        for (int c = 0; c < beatValues; c++) {
            int low = c * valueBytes * 8;
            slices.add("s_axis_tdata[" + (low + valueBits - 1) + ":" + low + "]");
        }
        StringBuilder concat = new StringBuilder(beatValues == 1 ? "" : "{");
        for (int c = beatValues - 1; c >= 0; c--) {
            concat.append(slices.get(c)).append(c > 0 ? ", " : beatValues == 1 ? "" : "}");
        }
        List<String> unused = new ArrayList<>();
        for (int c = 0; c < beatValues && valueBits < valueBytes * 8; c++) {
            unused.add("s_axis_tdata[" + ((c + 1) * valueBytes * 8 - 1) + ":" + (c * valueBytes * 8 + valueBits) + "]");
        }
        if (tdataBytes > beatValues * valueBytes) {
            unused.add("s_axis_tdata[" + (tdataBytes * 8 - 1) + ":" + (beatValues * valueBytes * 8) + "]");
        }
        if (!withLogits) {
            unused.add("core_out_logits");
        }
        int inputSize = design.network().inputSize();
        if (inputSize % beatValues != 0) {
            throw new GenerationException("internal: " + inputSize + " input values do not split into beats of " + beatValues);
        }
        int beats = inputSize / beatValues;
        int beatBits = Bits.unsignedBits(beats - 1);
        int classes = design.classes();
        int classBits = design.classBits();
        int logitBits = design.logitType().bits();
        int fieldBytes = powerOfTwoAtLeast(Math.max(Bits.ceilDiv(classBits, 8), withLogits ? Bits.ceilDiv(logitBits, 8) : 1));
        int fieldBits = fieldBytes * 8;
        int resultBeats = withLogits ? classes + 1 : 1;
        int resultBeatBits = Bits.unsignedBits(resultBeats - 1);
        List<String> logitSlices = new ArrayList<>();
        StringBuilder fields = new StringBuilder("{");
        for (int k = classes - 1; withLogits && k >= 0; k--) {
            logitSlices.add(0, "core_out_logits[" + ((k + 1) * logitBits - 1) + ":" + (k * logitBits) + "]");
            String logit = "logit_" + k;
            fields.append(design.logitType().signed() ? Bits.signExtend(logit, logitBits, fieldBits)
                    : Bits.zeroExtend(logit, logitBits, fieldBits)).append(", ");
        }
        fields.append(Bits.zeroExtend("core_out_class", classBits, fieldBits)).append('}');
        return new AxisStreamWrapper(name, design.topModule(), Identifiers.commentText(design.network().name()).replace("\"", "'"),
                valueBits, valueBytes, beatValues, tdataBytes * 8, design.inputPixelBits(), slices, concat.toString(), unused,
                beats, beatBits, Bits.unsignedLiteral(beatBits, 0), Bits.unsignedLiteral(beatBits, beats > 1 ? 1 : 0),
                Bits.unsignedLiteral(beatBits, beats - 1), Bits.unsignedLiteral(design.inputPixelBits(), 0),
                classes, classBits, logitBits, design.logitType().label(), design.logitType().signed() ? "sign" : "zero",
                logitBits * classes,
                withLogits, fieldBits, resultBeats, resultBeatBits, Bits.unsignedLiteral(resultBeatBits, 0),
                Bits.unsignedLiteral(resultBeatBits, resultBeats > 1 ? 1 : 0), Bits.unsignedLiteral(resultBeatBits, resultBeats - 1),
                logitSlices, fields.toString(), resultBeats * fieldBits, beats * tdataBytes, resultBeats * fieldBytes);
    }

    /**
     * Adds the wrapper to a design's generated files: its module (after the core's, as the file list puts dependencies
     * first), its line in the file list and in the FuseSoC core (whose toplevel it becomes), its facts in
     * {@code design.txt} (read by the harness) and a README section.
     */
    public static Map<String, String> addTo(VerilogDesign design, Map<String, String> files, boolean withLogits) {
        List<String> modules = VerilogGenerator.verilogFiles(files).stream().map(f -> f.substring(0, f.length() - 2)).toList();
        AxisStreamWrapper w = of(design, modules, withLogits);
        View data = new View(VerilogGenerator.designFacts(design), w);
        String file = w.moduleName() + ".v";
        String list = design.topModule() + VerilogGenerator.FILE_LIST_SUFFIX;
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : files.entrySet()) {
            if (e.getKey().equals(design.topModule() + ".v")) {
                out.put(e.getKey(), e.getValue());
                out.put(file, TemplateEngine.render("verilog/axis/axis_top.v.ftl", data));
            } else if (e.getKey().equals(list)) {
                out.put(list, e.getValue() + file + "\n");
            } else if (e.getKey().equals(design.topModule() + ".core")) {
                out.put(e.getKey(), replaceOnce(replaceOnce(e.getValue(), "      - " + design.topModule() + ".v\n",
                        "      - " + design.topModule() + ".v\n      - " + file + "\n"),
                        "    toplevel: " + design.topModule() + "\n", "    toplevel: " + w.moduleName() + "\n"));
            } else if (e.getKey().equals(VerilogGenerator.DESIGN_SUMMARY)) {
                out.put(e.getKey(), e.getValue() + TemplateEngine.render("verilog/axis/design.txt.ftl", data));
            } else if (e.getKey().equals("README.md")) {
                out.put(e.getKey(), e.getValue() + TemplateEngine.render("verilog/axis/README.md.ftl", data));
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        if (!out.containsKey(file)) {
            throw new GenerationException("internal: no top module file " + design.topModule() + ".v to wrap");
        }
        return out;
    }

    private static String replaceOnce(String text, String what, String with) {
        int at = text.indexOf(what);
        if (at < 0 || text.indexOf(what, at + 1) >= 0) {
            throw new GenerationException("internal: the FuseSoC core does not hold \"" + what.strip() + "\" exactly once");
        }
        return text.substring(0, at) + with + text.substring(at + what.length());
    }

    static int powerOfTwoAtLeast(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }
}
