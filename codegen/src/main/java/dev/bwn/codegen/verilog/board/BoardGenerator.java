package dev.bwn.codegen.verilog.board;

import dev.bwn.codegen.TemplateEngine;
import dev.bwn.codegen.verilog.Bits;
import dev.bwn.codegen.verilog.SimulationModels;
import dev.bwn.codegen.verilog.TemplateViews;
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

        TemplateViews.DesignFacts facts = VerilogGenerator.designFacts(d);
        BoardTopView top = BoardTopView.of(b);
        BuildFlowView flowView = BuildFlowView.of(b, flow);
        String section = render("verilog/board/build.md.ftl", facts, "board", top, "flow", flowView, "protocol", ProtocolView.of(b));

        Map<String, String> out = new LinkedHashMap<>(VerilogGenerator.files(d, section));
        put(out, names.uartRx() + ".v", render("verilog/board/uart_rx.v.ftl", facts, "rx", UartView.of(b, names.uartRx())));
        put(out, names.uartTx() + ".v", render("verilog/board/uart_tx.v.ftl", facts, "tx", UartView.of(b, names.uartTx())));
        put(out, names.core() + ".v", render("verilog/board/board_core.v.ftl", facts, "core", BoardCoreView.of(b)));
        put(out, names.top() + ".v", render("verilog/board/board_top.v.ftl", facts, "board", top));
        put(out, names.top() + VerilogGenerator.FILE_LIST_SUFFIX, String.join("\n", synthesized) + "\n");
        put(out, b.baseName() + ".pcf", render("verilog/board/pins.pcf.ftl", facts, "board", top));
        put(out, "Makefile", render("verilog/board/Makefile.ftl", facts, "board", top, "flow", flowView));
        put(out, BuildFlow.REPORT_SCRIPT, render("verilog/board/report.py.ftl", facts));
        put(out, BuildFlow.HOST_SCRIPT, render("verilog/board/host.py.ftl", facts, "host", HostView.of(b)));
        put(out, BOARD_SUMMARY, summary(b, simulated));
        // a design that loads its weights from flash is simulated inside a top that adds the flash serving its image
        String simulationTop = b.flashLoad() ? names.flashSimulation() : names.core();
        List<String> simulationVerilog = new ArrayList<>();
        List<String> simulationData = new ArrayList<>(List.of(SIM_SCRIPT, SIM_EXPECTED));
        if (b.flashLoad()) {
            String image = VerilogGenerator.weightImageFile(d);
            simulationVerilog.add(SimulationModels.path(SimulationModels.FLASH));
            simulationVerilog.add(SimulationModels.path(names.flashSimulation() + ".v"));
            put(out, simulationVerilog.get(0), SimulationModels.flash(facts.tool()));
            put(out, simulationVerilog.get(1), SimulationModels.flashHarness(names.flashSimulation(), names.core(), image,
                    WeightLoad.DEFAULT_FLASH_OFFSET, facts.tool()));
            simulationData.add(image);
        }
        String simulation = names.top() + "_sim.cpp";
        put(out, simulation, testbench(simulationTop, names.core(), b.cyclesPerBit(), b.timeoutCycles(), facts.tool()));
        simulationVectors(b, out);
        FuseSocCoreView core = new FuseSocCoreView(names.top(), b.board().title(), names.core(), simulationTop, names.top() + ".v",
                simulated, memories, VerilogGenerator.simulationModelFiles(network), b.baseName() + ".pcf", simulationVerilog, simulation,
                simulationData,
                List.of(b.board().nextpnrDevice(), "--package", b.board().nextpnrPackage(), "--freq", BoardDesign.plain(b.clockMhz())));
        put(out, names.top() + ".core", render("verilog/board/board.core.ftl", facts, "core", core));
        return out;
    }

    /** Renders {@code template} with the design's provenance as {@code design} and the given name-view pairs. */
    private static String render(String template, TemplateViews.DesignFacts facts, Object... namesAndViews) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("design", facts);
        for (int i = 0; i < namesAndViews.length; i += 2) {
            data.put((String) namesAndViews[i], namesAndViews[i + 1]);
        }
        return TemplateEngine.render(template, data);
    }

    /**
     * The board testbench ({@code verilog/harness/board_testbench.cpp.ftl}): a UART line model on each side of the
     * core; without arguments it runs {@link #SIM_SCRIPT} and checks {@link #SIM_EXPECTED}. {@code top} is the module
     * Verilator simulates: the core, or a harness around it (the SPI flash model of a design that loads weights).
     */
    public static String testbench(String top, String core, int cyclesPerBit, long timeoutCycles, String tool) {
        // the board may stay silent for a frame's timeout plus the network's pass; beyond 4 timeouts it has hung
        TestbenchView view = new TestbenchView(top, core, tool, SIM_PASS_LINE, Integer.toString(cyclesPerBit), SIM_SCRIPT,
                SIM_EXPECTED, SIM_ANSWERS, Long.toString(4 * timeoutCycles + 100_000));
        return TemplateEngine.render("verilog/harness/board_testbench.cpp.ftl", Map.of("tb", view));
    }

    /**
     * The template data of the board testbench: the simulated top and the core, the pass line, the bit period, and the
     * files and timeout it uses when run without arguments.
     */
    public record TestbenchView(String top, String core, String tool, String passLine, String cyclesPerBit, String defaultScript,
                                String defaultCheck, String defaultAnswers, String defaultTimeout) {
    }

    /** Frames of the all-minimum image ('C') and the all-maximum image ('L'), and the reference's answers to them. */
    private static void simulationVectors(BoardDesign b, Map<String, String> out) {
        var net = b.design().network();
        UartProtocol p = b.protocol();
        StringBuilder script = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        if (b.flashLoad()) {
            // a frame sent while the weights load from flash would be an overrun: wait for the load, as the host does
            script.append("idle ").append(b.design().weightLoad().loadCycles()).append('\n');
        }
        if (b.uartLoad()) {
            // the weights first: the core answers no frame before a weight load
            script.append("send ").append(java.util.HexFormat.of().formatHex(UartProtocol.loadFrame(b.design().weightLoad().image())))
                    .append('\n');
            expected.append(Bits.hex(UartProtocol.WEIGHTS_LOADED, 8)).append('\n');
        }
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

    static String orderText(UartProtocol p) {
        if (p.vectorOrder()) {
            return "in the order of the flat input vector";
        }
        return p.channels() == 1 ? "row after row (CHW order)"
                : "pixel after pixel, row after row, the " + p.channels() + " channels of each pixel together (HWC order)";
    }

    static String timeoutText(BoardDesign b) {
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
        if (!p.logitsAnswer()) {
            s.append("logits_answer 0\n");
        }
        s.append("sim_files ").append(String.join(" ", simulated)).append('\n');
        WeightLoad load = b.design().weightLoad();
        if (b.uartLoad()) {
            s.append("uart_weight_image ").append(VerilogGenerator.weightImageFile(b.design())).append('\n');
        } else if (!load.isEmpty()) {
            s.append("flash_image ").append(VerilogGenerator.weightImageFile(b.design())).append('\n');
            s.append("flash_offset ").append(String.format(Locale.ROOT, "0x%06X", WeightLoad.DEFAULT_FLASH_OFFSET)).append('\n');
            s.append("weight_load_cycles ").append(load.loadCycles()).append('\n');
        }
        return s.toString();
    }
}
