package dev.bwn.codegen.verilog.board;

import dev.bwn.codegen.TemplateEngine;
import dev.bwn.codegen.verilog.Bits;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.VerilogGenerator;
import dev.bwn.codegen.verilog.WeightLoad;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link BoardDesign}: the network's files (with a README that says how to build and use it on the board),
 * plus the UART receiver and transmitter, the frame interface around the network, the board top, the pin constraints,
 * the Makefile, the nextpnr report script, the host script and {@link #BOARD_SUMMARY} for the simulation harness.
 */
public final class BoardGenerator {
    /** Key-value facts the Verilator harness reads: module names, bit period, timeout, protocol sizes, source files. */
    public static final String BOARD_SUMMARY = "board.txt";
    /** Printed by the board testbench only when every expected answer byte arrived (and matched, with --check). */
    public static final String SIM_PASS_LINE = "BWN_BOARD_PASS";
    /** The FuseSoC sim target's inputs: frames of the all-minimum and all-maximum images, and their answers. */
    public static final String SIM_SCRIPT = "board_sim_script.txt";
    public static final String SIM_EXPECTED = "board_sim_expected.txt";
    public static final String SIM_ANSWERS = "board_sim_answers.bin";

    private BoardGenerator() {
    }

    public static Map<String, String> files(BoardDesign b) {
        VerilogDesign d = b.design();
        Map<String, String> network = VerilogGenerator.files(d);
        List<String> networkVerilog = VerilogGenerator.verilogFiles(network);
        List<String> memories = network.keySet().stream().filter(n -> n.endsWith(".hex")).toList();
        BoardDesign.Names names = b.names();
        List<String> simulated = new ArrayList<>(networkVerilog);
        simulated.add(names.uartRx() + ".v");
        simulated.add(names.uartTx() + ".v");
        simulated.add(names.core() + ".v");
        List<String> synthesized = new ArrayList<>(simulated);
        synthesized.add(names.top() + ".v");
        BuildFlow flow = BuildFlow.of(b, synthesized, memories);

        Map<String, Object> common = new LinkedHashMap<>();
        common.put("design", VerilogGenerator.designFacts(d));
        Map<String, Object> boardData = BoardTopView.of(b);
        Map<String, Object> flowData = flowData(b, flow);
        String section = TemplateEngine.render("verilog/board/build.md.ftl",
                merged(common, Map.of("board", boardData, "flow", flowData, "protocol", protocolData(b))));

        Map<String, String> out = new LinkedHashMap<>(VerilogGenerator.files(d, section));
        put(out, names.uartRx() + ".v", TemplateEngine.render("verilog/board/uart_rx.v.ftl", merged(common, Map.of("rx", uartData(b, names.uartRx())))));
        put(out, names.uartTx() + ".v", TemplateEngine.render("verilog/board/uart_tx.v.ftl", merged(common, Map.of("tx", uartData(b, names.uartTx())))));
        put(out, names.core() + ".v", TemplateEngine.render("verilog/board/board_core.v.ftl", merged(common, Map.of("core", coreData(b)))));
        put(out, names.top() + ".v", TemplateEngine.render("verilog/board/board_top.v.ftl", merged(common, Map.of("board", boardData))));
        put(out, names.top() + VerilogGenerator.FILE_LIST_SUFFIX, String.join("\n", synthesized) + "\n");
        put(out, b.baseName() + ".pcf", TemplateEngine.render("verilog/board/pins.pcf.ftl", merged(common, Map.of("board", boardData))));
        put(out, "Makefile", TemplateEngine.render("verilog/board/Makefile.ftl", merged(common, Map.of("board", boardData, "flow", flowData))));
        put(out, BuildFlow.REPORT_SCRIPT, TemplateEngine.render("verilog/board/report.py.ftl", common));
        put(out, BuildFlow.HOST_SCRIPT, TemplateEngine.render("verilog/board/host.py.ftl", merged(common, Map.of("host", hostData(b)))));
        put(out, BOARD_SUMMARY, summary(b, simulated));
        String simulation = names.top() + "_sim.cpp";
        put(out, simulation, testbench(names.core(), names.core(), b.cyclesPerBit(), b.timeoutCycles(), VerilogGenerator.designFacts(d).tool()));
        simulationVectors(b, out);
        Map<String, Object> core = new LinkedHashMap<>();
        core.put("name", names.top());
        core.put("coreModule", names.core());
        core.put("simulated", simulated);
        core.put("boardTop", names.top() + ".v");
        core.put("memories", memories);
        core.put("pcf", b.baseName() + ".pcf");
        core.put("simulation", simulation);
        core.put("simulationFiles", List.of(SIM_SCRIPT, SIM_EXPECTED));
        core.put("nextpnrOptions", List.of(b.board().nextpnrDevice(), "--package", b.board().nextpnrPackage(), "--freq",
                BoardDesign.plain(b.clockMhz())));
        core.put("title", b.board().title());
        put(out, names.top() + ".core", TemplateEngine.render("verilog/board/board.core.ftl", merged(common, Map.of("core", core))));
        return out;
    }

    /**
     * The board testbench ({@code verilog/harness/board_testbench.cpp.ftl}): a UART line model on each side of the
     * core; without arguments it runs {@link #SIM_SCRIPT} and checks {@link #SIM_EXPECTED}. {@code top} is the module
     * Verilator simulates: the core, or a harness around it (the SPI flash model of a design that loads weights).
     */
    public static String testbench(String top, String core, int cyclesPerBit, long timeoutCycles, String tool) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("top", top);
        m.put("core", core);
        m.put("tool", tool);
        m.put("passLine", SIM_PASS_LINE);
        m.put("cyclesPerBit", Integer.toString(cyclesPerBit));
        m.put("defaultScript", SIM_SCRIPT);
        m.put("defaultCheck", SIM_EXPECTED);
        m.put("defaultAnswers", SIM_ANSWERS);
        // the board may stay silent for a frame's timeout plus the network's pass; beyond 4 timeouts it has hung
        m.put("defaultTimeout", Long.toString(4 * timeoutCycles + 100_000));
        return TemplateEngine.render("verilog/harness/board_testbench.cpp.ftl", m);
    }

    /** Frames of the all-minimum image ('C') and the all-maximum image ('L'), and the reference's answers to them. */
    private static void simulationVectors(BoardDesign b, Map<String, String> out) {
        var net = b.design().network();
        UartProtocol p = b.protocol();
        StringBuilder script = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        long[] levels = {net.inputType().min(), net.inputType().max()};
        for (int i = 0; i < levels.length; i++) {
            int[] image = new int[p.inputValues()];
            java.util.Arrays.fill(image, (int) levels[i]);
            boolean withLogits = i == 1;
            script.append("send ").append(java.util.HexFormat.of().formatHex(p.frame(image, withLogits))).append('\n');
            var result = net.infer(image);
            for (byte a : p.answer(result.predictedClass(), result.logits(), withLogits)) {
                expected.append(Bits.hex(a & 0xFF, 8)).append('\n');
            }
        }
        put(out, SIM_SCRIPT, script.toString());
        put(out, SIM_EXPECTED, expected.toString());
    }

    /** The commands of the board's build, for tests and benchmarks. */
    public static BuildFlow flow(BoardDesign b, Map<String, String> files) {
        return BuildFlow.of(b, List.of(files.get(b.names().top() + VerilogGenerator.FILE_LIST_SUFFIX).strip().split("\n")),
                files.keySet().stream().filter(n -> n.endsWith(".hex")).toList());
    }

    private static void put(Map<String, String> out, String file, String content) {
        if (out.put(file, content) != null) {
            throw new IllegalStateException("internal: two generated files are named " + file);
        }
    }

    private static Map<String, Object> merged(Map<String, Object> a, Map<String, ?> b) {
        Map<String, Object> m = new LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }

    private static void counter(Map<String, Object> m, String name, int bits, long count) {
        m.put(name + "Bits", bits);
        m.put(name + "Zero", Bits.unsignedLiteral(bits, 0));
        m.put(name + "One", Bits.unsignedLiteral(bits, count > 1 ? 1 : 0));
        m.put(name + "Last", Bits.unsignedLiteral(bits, count - 1));
    }

    private static Map<String, Object> uartData(BoardDesign b, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        int bits = Bits.unsignedBits(b.cyclesPerBit() - 1);
        m.put("name", name);
        m.put("baud", b.baud());
        m.put("clockMhz", BoardDesign.plain(b.clockMhz()));
        m.put("cyclesPerBit", b.cyclesPerBit());
        counter(m, "counter", bits, b.cyclesPerBit());
        m.put("fullBit", Bits.unsignedLiteral(bits, b.cyclesPerBit() - 1));
        m.put("halfBit", Bits.unsignedLiteral(bits, b.cyclesPerBit() / 2 - 1));
        return m;
    }

    private static String orderText(UartProtocol p) {
        if (p.vectorOrder()) {
            return "in the order of the flat input vector";
        }
        return p.channels() == 1 ? "row after row (CHW order)"
                : "pixel after pixel, row after row, the " + p.channels() + " channels of each pixel together (HWC order)";
    }

    private static String timeoutText(BoardDesign b) {
        return String.format(Locale.ROOT, "%.0f ms", b.timeoutCycles() / (b.clockMhz() * 1e3));
    }

    /** Frames that may be inside the network at once: one per frame time of its latency, plus the two at its ends. */
    static int tagDepth(BoardDesign b) {
        long frameCycles = (1L + b.protocol().imageBytes()) * UartProtocol.BITS_PER_BYTE * b.cyclesPerBit();
        long inFlight = 2 + (b.design().latencyCycles() + frameCycles - 1) / frameCycles;
        int depth = 4;
        while (depth < inFlight) {
            depth *= 2;
        }
        return depth;
    }

    static Map<String, Object> coreData(BoardDesign b) {
        VerilogDesign d = b.design();
        UartProtocol p = b.protocol();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", b.names().core());
        m.put("network", d.topModule());
        m.put("uartRx", b.names().uartRx());
        m.put("uartTx", b.names().uartTx());
        m.put("baud", b.baud());
        m.put("clockMhz", BoardDesign.plain(b.clockMhz()));
        m.put("cyclesPerBit", b.cyclesPerBit());
        m.put("classifyHex", "8'h" + Bits.hex(UartProtocol.CLASSIFY, 8));
        m.put("logitsHex", "8'h" + Bits.hex(UartProtocol.CLASSIFY_WITH_LOGITS, 8));
        m.put("errorHex", "8'h" + Bits.hex(UartProtocol.FRAME_ERROR, 8));
        boolean load = !d.weightLoad().isEmpty();
        m.put("load", load);
        m.put("weightsBadHex", "8'h" + Bits.hex(UartProtocol.WEIGHTS_BAD, 8));
        m.put("beatFree", load ? "weights_error || !net_in_valid || beat_taken" : "!net_in_valid || beat_taken");
        // after a failed weight check the network never takes a pixel: frames are counted and answered, not fed
        m.put("feedValid", load ? "!weights_error" : "1'b1");
        m.put("answerFire", load ? "answer_fire" : "tx_fire");
        m.put("classes", d.classes());
        m.put("bytesPerLogit", p.bytesPerLogit());
        m.put("inputValues", p.inputValues());
        m.put("bytesPerValue", p.bytesPerValue());
        m.put("orderText", orderText(p));
        m.put("timeoutCycles", b.timeoutCycles());
        m.put("timeoutText", timeoutText(b));
        int classBits = d.classBits();
        int logitBits = d.logitType().bits();
        m.put("classBits", classBits);
        m.put("classZero", Bits.unsignedLiteral(classBits, 0));
        m.put("beatBits", d.inputPixelBits());
        m.put("beatZero", Bits.unsignedLiteral(d.inputPixelBits(), 0));
        m.put("logitBusBits", logitBits * d.classes());
        m.put("inputBits", p.inputBits());
        counter(m, "timeout", Bits.unsignedBits(b.timeoutCycles() - 1), b.timeoutCycles());
        counter(m, "beatCount", Bits.unsignedBits(p.beatsPerImage() - 1), p.beatsPerImage());
        int bytes = p.bytesPerValue();
        m.put("multiByteValues", bytes > 1);
        if (bytes > 1) {
            counter(m, "byteCount", Bits.unsignedBits(bytes - 1), bytes);
            m.put("valueBytesBits", 8 * (bytes - 1));
            m.put("valueBytesZero", Bits.unsignedLiteral(8 * (bytes - 1), 0));
        }
        m.put("valueWordBits", 8 * bytes);
        String word = bytes > 1 ? "value_word" : "rx_byte";
        m.put("valueExpression", p.inputBits() == 8 * bytes ? word : word + "[" + (p.inputBits() - 1) + ":0]");
        m.put("multiValueBeats", p.valuesPerBeat() > 1);
        if (p.valuesPerBeat() > 1) {
            counter(m, "valueCount", Bits.unsignedBits(p.valuesPerBeat() - 1), p.valuesPerBeat());
            int shiftBits = (p.valuesPerBeat() - 1) * p.inputBits();
            m.put("beatShiftBits", shiftBits);
            m.put("beatShiftZero", Bits.unsignedLiteral(shiftBits, 0));
        }
        int depth = tagDepth(b);
        int pointerBits = Bits.unsignedBits(depth - 1);
        m.put("tagDepthLast", depth - 1);
        counter(m, "tagPointer", pointerBits, depth);
        int lastIndex = d.classes() * p.bytesPerLogit();
        counter(m, "answerIndex", Bits.unsignedBits(lastIndex), lastIndex + 1L);
        List<Map<String, Object>> answer = new ArrayList<>();
        int indexBits = Bits.unsignedBits(lastIndex);
        answer.add(Map.of("index", Bits.unsignedLiteral(indexBits, 0),
                "expression", classBits == 8 ? "net_out_class" : "{" + (8 - classBits) + "'d0, net_out_class}"));
        for (int k = 0; k < d.classes(); k++) {
            int base = k * logitBits;
            String sign = d.logitType().signed() ? "net_out_logits[" + (base + logitBits - 1) + "]" : "1'b0";
            for (int byteIndex = 0; byteIndex < p.bytesPerLogit(); byteIndex++) {
                int low = 8 * byteIndex;
                String e;
                if (low + 8 <= logitBits) {
                    e = "net_out_logits[" + (base + low + 7) + ":" + (base + low) + "]";
                } else {
                    int have = logitBits - low;
                    e = "{{" + (8 - have) + "{" + sign + "}}, net_out_logits[" + (base + logitBits - 1) + ":" + (base + low) + "]}";
                }
                answer.add(Map.of("index", Bits.unsignedLiteral(indexBits, 1L + (long) k * p.bytesPerLogit() + byteIndex), "expression", e));
            }
        }
        m.put("answerBytes", answer);
        return m;
    }

    private static Map<String, Object> flowData(BoardDesign b, BuildFlow flow) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> steps = new ArrayList<>();
        for (BuildFlow.Step s : flow.steps()) {
            steps.add(Map.of("target", s.target(), "prerequisites", s.prerequisites(), "command", s.command(), "why", s.why()));
        }
        String name = b.baseName();
        m.put("steps", steps);
        m.put("bitstream", name + ".bin");
        m.put("bitstreamCommands", flow.bitstreamCommands());
        m.put("reportCommand", flow.step("report").command());
        m.put("progCommand", flow.step("prog").command());
        m.put("hostScript", BuildFlow.HOST_SCRIPT);
        m.put("products", List.of(name + ".json", name + ".asc", name + ".bin", BuildFlow.NEXTPNR_REPORT, BuildFlow.YOSYS_LOG));
        WeightLoad load = b.design().weightLoad();
        if (!load.isEmpty()) {
            m.put("load", Map.of("image", VerilogGenerator.weightImageFile(b.design()),
                    "bytes", String.format(Locale.ROOT, "%,d", 2 * load.words()),
                    "offset", String.format(Locale.ROOT, "0x%06X", WeightLoad.DEFAULT_FLASH_OFFSET),
                    "milliseconds", String.format(Locale.ROOT, "%.0f", load.loadCycles() / (b.clockMhz() * 1e3)),
                    "crc", "0x" + Bits.hex(load.imageCrc(), 16).toUpperCase(Locale.ROOT)));
        }
        return m;
    }

    private static Map<String, Object> protocolData(BoardDesign b) {
        UartProtocol p = b.protocol();
        VerilogDesign d = b.design();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("baud", b.baud());
        m.put("cyclesPerBit", b.cyclesPerBit());
        m.put("actualBaud", String.format(Locale.ROOT, "%.0f", b.actualBaud()));
        m.put("imageBytes", p.imageBytes());
        m.put("inputValues", p.inputValues());
        m.put("bytesPerValue", p.bytesPerValue());
        m.put("inputType", d.network().inputType().label());
        m.put("orderText", orderText(p));
        m.put("classes", p.classes());
        m.put("classesLast", p.classes() - 1);
        m.put("bytesPerLogit", p.bytesPerLogit());
        m.put("logitType", d.logitType().label());
        m.put("timeoutText", timeoutText(b));
        double frameSeconds = (1.0 + p.imageBytes()) * UartProtocol.BITS_PER_BYTE / b.actualBaud();
        m.put("frameMilliseconds", String.format(Locale.ROOT, "%.0f", frameSeconds * 1e3));
        m.put("networkMicroseconds", String.format(Locale.ROOT, "%.0f", d.initiationInterval() / b.clockMhz()));
        return m;
    }

    private static Map<String, Object> hostData(BoardDesign b) {
        UartProtocol p = b.protocol();
        var shape = b.design().network().inputShape();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("boardTitle", b.board().title());
        m.put("top", b.names().top());
        m.put("baud", Integer.toString(b.baud()));
        m.put("timeoutMs", String.format(Locale.ROOT, "%.0f", b.timeoutCycles() / (b.clockMhz() * 1e3)));
        m.put("timeoutSeconds", String.format(Locale.ROOT, "%.3f", b.timeoutCycles() / (b.clockMhz() * 1e6)));
        m.put("frameErrorHex", Bits.hex(UartProtocol.FRAME_ERROR, 8).toUpperCase(Locale.ROOT));
        m.put("weightsBadHex", Bits.hex(UartProtocol.WEIGHTS_BAD, 8).toUpperCase(Locale.ROOT));
        m.put("classifyHex", Bits.hex(UartProtocol.CLASSIFY, 8).toUpperCase(Locale.ROOT));
        m.put("logitsHex", Bits.hex(UartProtocol.CLASSIFY_WITH_LOGITS, 8).toUpperCase(Locale.ROOT));
        m.put("inputValues", Integer.toString(p.inputValues()));
        m.put("channels", Integer.toString(p.channels()));
        m.put("pixels", Integer.toString(p.pixels()));
        m.put("height", Integer.toString(shape.height()));
        m.put("width", Integer.toString(shape.width()));
        m.put("vectorOrder", p.vectorOrder() ? "True" : "False");
        m.put("inputBits", Integer.toString(p.inputBits()));
        m.put("bytesPerValue", Integer.toString(p.bytesPerValue()));
        m.put("classes", Integer.toString(p.classes()));
        m.put("bytesPerLogit", Integer.toString(p.bytesPerLogit()));
        return m;
    }

    private static String summary(BoardDesign b, List<String> simulated) {
        UartProtocol p = b.protocol();
        StringBuilder s = new StringBuilder();
        s.append("# ").append(BOARD_SUMMARY).append(": facts about this board design for bwn's simulation harness; do not edit.\n");
        s.append("board ").append(b.board().spelling()).append('\n');
        s.append("core ").append(b.names().core()).append('\n');
        s.append("clock_mhz ").append(BoardDesign.plain(b.clockMhz())).append('\n');
        s.append("baud ").append(b.baud()).append('\n');
        s.append("cycles_per_bit ").append(b.cyclesPerBit()).append('\n');
        s.append("timeout_cycles ").append(b.timeoutCycles()).append('\n');
        s.append("input_values ").append(p.inputValues()).append('\n');
        s.append("values_per_beat ").append(p.valuesPerBeat()).append('\n');
        s.append("vector_order ").append(p.vectorOrder() ? 1 : 0).append('\n');
        s.append("channels ").append(p.channels()).append('\n');
        s.append("pixels ").append(p.pixels()).append('\n');
        s.append("input_bits ").append(p.inputBits()).append('\n');
        s.append("classes ").append(p.classes()).append('\n');
        s.append("logit_bits ").append(p.logitBits()).append('\n');
        s.append("sim_files ").append(String.join(" ", simulated)).append('\n');
        WeightLoad load = b.design().weightLoad();
        if (!load.isEmpty()) {
            s.append("flash_image ").append(VerilogGenerator.weightImageFile(b.design())).append('\n');
            s.append("flash_offset ").append(String.format(Locale.ROOT, "0x%06X", WeightLoad.DEFAULT_FLASH_OFFSET)).append('\n');
            s.append("weight_load_cycles ").append(load.loadCycles()).append('\n');
        }
        return s.toString();
    }
}
