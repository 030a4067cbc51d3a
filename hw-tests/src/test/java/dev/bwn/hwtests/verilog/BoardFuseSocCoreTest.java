package dev.bwn.hwtests.verilog;

import dev.bwn.codegen.verilog.Device;
import dev.bwn.codegen.verilog.SimulationModels;
import dev.bwn.codegen.verilog.VerilogDesign;
import dev.bwn.codegen.verilog.VerilogLowering;
import dev.bwn.codegen.verilog.WeightLoad;
import dev.bwn.codegen.verilog.WeightMemory;
import dev.bwn.codegen.verilog.board.Board;
import dev.bwn.codegen.verilog.board.BoardDesign;
import dev.bwn.codegen.verilog.board.BoardGenerator;
import dev.bwn.codegen.verilog.board.BuildFlow;
import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.Network;
import dev.bwn.model.RequantMode;
import dev.bwn.model.random.RandomNetworks;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The board design's FuseSoC core ({@code NAME_board.core}) follows the CAPI2 format (keys, file types and tool
 * options as FuseSoC's CAPI2 reference and edalize's verilator and icestorm backends define them; fusesoc itself is
 * not installed here), and each target works: the commands edalize derives for {@code lint} and {@code sim} run here
 * and pass, and {@code synth}'s yosys and nextpnr options are those of the Makefile, whose run BoardBitstreamTest checks.
 * For a design whose weights load from flash into SPRAM, lint and sim add the simulation-only SPRAM and flash models
 * (sim from reset, the weight load included), synthesis never sees them, and the network's own core lints as well.
 */
class BoardFuseSocCoreTest {
    private static final Set<String> FILE_TYPES = Set.of("verilogSource", "user", "PCF", "cppSource");
    private static final Set<String> FILE_ATTRIBUTES = Set.of("file_type", "copyto");

    /** The designs checked: every weight in ROM; weights loaded into SPRAM from flash; or over the UART. */
    enum Kind { ROM_WEIGHTS, SPRAM_WEIGHTS_FROM_FLASH, SPRAM_WEIGHTS_OVER_UART }

    @ParameterizedTest
    @EnumSource(Kind.class)
    @SuppressWarnings("unchecked")
    void lintSimAndSynthTargetsAreValidAndWork(Kind kind) throws Exception {
        RequireTools.require("verilator");
        VerilogDesign lowered;
        if (kind == Kind.ROM_WEIGHTS) {
            // a small network with odd widths (several input channels of fewer than 8 bits, logits not whole bytes), so
            // that lint sees the frame interface's packing and sign extension, and the build is quick
            Network net = RandomNetworks.generate(3, new RandomNetworks.Options(1, 1, 4, 8, 16, 2, 8, RequantMode.MULTIPLY, true));
            assertTrue(net.inputShape().channels() > 1 && net.inputType().bits() < 8 && net.logitType().bits() % 8 != 0, "widths");
            lowered = VerilogLowering.lower(net, VerilogLowering.Options.auto(Device.UP5K, "bwn"));
        } else {
            // the sim target starts from reset: the flash model serves the weight image, the SPRAM model holds it
            Network net = Designs.network(new Designs.Case(42, Designs.Kinds.DENSE_ONLY, Designs.Widths.BYTE, RequantMode.MULTIPLY,
                    Designs.Folding.AUTO_UP5K));
            VerilogLowering.Options options = VerilogLowering.Options.auto(Device.UP5K, "bwn").withWeightMemory(WeightMemory.SPRAM);
            // over the UART, the sim target's script sends the weights as its first frame
            lowered = VerilogLowering.lower(net, kind == Kind.SPRAM_WEIGHTS_OVER_UART ? options.withWeightSource(WeightLoad.Source.UART) : options);
            assertTrue(lowered.estimatedSprams() > 0);
        }
        Path work = Designs.fresh("board-fusesoc-" + kind.name().toLowerCase(java.util.Locale.ROOT));
        Path design = work.resolve("design");
        BoardDesign board = BoardDesign.of(lowered, Board.ICEBREAKER, BoardDesign.DEFAULT_CLOCK_MHZ, BoardDesign.DEFAULT_BAUD);
        Map<String, String> files = BoardGenerator.files(board);
        GeneratedFolder.write(design, OutputKind.VERILOG_DESIGN, files);
        if (kind != Kind.ROM_WEIGHTS) {
            // the network's own core lints too: its lint target adds the SPRAM model, its synth target never does
            Map<String, Object> networkCore = new Yaml().load(Files.readString(design.resolve(lowered.topModule() + ".core")));
            Map<String, Map<String, Object>> sets = (Map<String, Map<String, Object>>) networkCore.get("filesets");
            Map<String, Map<String, Object>> networkTargets = (Map<String, Map<String, Object>>) networkCore.get("targets");
            List<String> synthSources = files(sets, networkTargets.get("synth"), "verilogSource");
            assertTrue(synthSources.stream().noneMatch(f -> f.startsWith(SimulationModels.FOLDER + "/")), synthSources.toString());
            assertLintClean(design, sets, networkTargets.get("lint"));
        }
        String text = Files.readString(design.resolve(lowered.topModule() + "_board.core"));
        assertTrue(text.startsWith("CAPI=2:\n"), "a CAPI2 core starts with the CAPI=2: line");
        Map<String, Object> core = new Yaml().load(text);
        assertEquals(Set.of("CAPI=2", "name", "description", "filesets", "targets"), core.keySet());
        assertTrue(core.get("name").toString().matches("[a-z]+:[a-z]+:[a-z0-9_]+:[0-9]+"), "VLNV name: " + core.get("name"));
        Map<String, Map<String, Object>> filesets = (Map<String, Map<String, Object>>) core.get("filesets");
        for (var fs : filesets.entrySet()) {
            for (Object f : (List<Object>) fs.getValue().get("files")) {
                String name = f instanceof Map<?, ?> m ? m.keySet().iterator().next().toString() : f.toString();
                assertTrue(Files.isRegularFile(design.resolve(name)), fs.getKey() + ": " + name + " is not in the design");
                assertTrue(FILE_TYPES.contains(fileType(fs.getValue(), f)), name + ": file_type " + fileType(fs.getValue(), f));
                if (f instanceof Map<?, ?> m) {
                    assertTrue(FILE_ATTRIBUTES.containsAll(((Map<String, Object>) m.values().iterator().next()).keySet()), f.toString());
                }
            }
        }
        Map<String, Map<String, Object>> targets = (Map<String, Map<String, Object>>) core.get("targets");
        assertTrue(targets.keySet().containsAll(List.of("lint", "sim", "synth")), targets.keySet().toString());
        for (var t : targets.entrySet()) {
            assertTrue(filesets.keySet().containsAll((List<String>) t.getValue().get("filesets")), t.getKey());
            String toplevel = t.getValue().get("toplevel").toString();
            assertTrue(files(filesets, t.getValue(), "verilogSource").stream().anyMatch(f -> declares(design.resolve(f), toplevel)),
                    t.getKey() + ": no file of the target declares the toplevel " + toplevel);
            if (t.getValue().containsKey("default_tool")) {
                assertTrue(((Map<String, Object>) t.getValue().get("tools")).containsKey(t.getValue().get("default_tool")), t.getKey());
            }
        }

        assertLintClean(design, filesets, targets.get("lint"));

        // sim: mode cc with the C++ testbench, built, then run with no arguments in a work root holding the copied files
        Map<String, Object> sim = targets.get("sim");
        Map<String, Object> simTool = tool(sim, "verilator");
        assertEquals("cc", simTool.get("mode"));
        Path root = work.resolve("sim-root");
        Files.createDirectories(root);
        for (String f : files(filesets, sim, "user")) {
            Files.copy(design.resolve(f), root.resolve(f));
        }
        String top = sim.get("toplevel").toString();
        List<String> build = new ArrayList<>(List.of("verilator", "--Mdir", root.resolve("obj").toString(), "--cc", "--build", "-j", "2"));
        files(filesets, sim, "verilogSource").forEach(f -> build.add(design.resolve(f).toString()));
        build.addAll(List.of("--top-module", top, "--exe"));
        files(filesets, sim, "cppSource").forEach(f -> build.add(design.resolve(f).toString()));
        build.addAll((List<String>) simTool.get("verilator_options"));
        Processes.Result built = Processes.run(build, root, Duration.ofMinutes(10));
        assertEquals(0, built.exitCode(), Processes.tail(built.output(), 3000));
        Processes.Result ran = Processes.run(List.of(root.resolve("obj").resolve("V" + top).toString()), root, Duration.ofMinutes(5));
        assertEquals(0, ran.exitCode(), ran.output());
        assertTrue(ran.output().contains(BoardGenerator.SIM_PASS_LINE), ran.output());

        // synth: the icestorm backend runs yosys synth_ice40 YOSYS_SYNTH_OPTIONS -top TOPLEVEL and nextpnr-ice40
        // NEXTPNR_OPTIONS --pcf PCF; the Makefile's commands (built in BoardBitstreamTest) carry the same top, options,
        // constraints and sources
        Map<String, Object> synth = targets.get("synth");
        Map<String, Object> icestorm = tool(synth, "icestorm");
        assertEquals("next", icestorm.get("pnr"));
        BuildFlow flow = BoardGenerator.flow(board, files);
        String yosys = flow.bitstreamCommands().get(0);
        String nextpnr = flow.bitstreamCommands().get(1);
        assertTrue(yosys.contains("synth_ice40 " + String.join(" ", (List<String>) icestorm.get("yosys_synth_options"))
                + " -top " + synth.get("toplevel") + " "), yosys);
        assertTrue(nextpnr.startsWith("nextpnr-ice40 "), nextpnr);
        List<String> nextpnrOptions = (List<String>) icestorm.get("nextpnr_options");
        for (int i = 0; i < nextpnrOptions.size(); i++) {
            String option = nextpnrOptions.get(i);
            boolean valued = i + 1 < nextpnrOptions.size() && !nextpnrOptions.get(i + 1).startsWith("--");
            String expected = valued ? option + " " + nextpnrOptions.get(++i) : option;
            assertTrue((nextpnr + " ").contains(" " + expected + " "), nextpnr + " lacks " + expected);
        }
        assertTrue(nextpnr.contains("--pcf " + files(filesets, synth, "PCF").get(0)), nextpnr);
        Set<String> coreSources = new LinkedHashSet<>(files(filesets, synth, "verilogSource"));
        Set<String> makeSources = new LinkedHashSet<>(List.of(yosys.split("read_verilog -defer ")[1].split(";")[0].split(" ")));
        assertEquals(makeSources, coreSources);
    }

    /** Lint as edalize's verilator backend runs it: the target's Verilog files, --top-module, verilator_options. */
    @SuppressWarnings("unchecked")
    private static void assertLintClean(Path design, Map<String, Map<String, Object>> filesets, Map<String, Object> lint) {
        Map<String, Object> lintTool = tool(lint, "verilator");
        assertEquals("lint-only", lintTool.get("mode"));
        List<String> cmd = new ArrayList<>(List.of("verilator", "--lint-only"));
        cmd.addAll(files(filesets, lint, "verilogSource"));
        cmd.addAll(List.of("--top-module", lint.get("toplevel").toString()));
        cmd.addAll((List<String>) lintTool.get("verilator_options"));
        Processes.Result linted = Processes.run(cmd, design, Duration.ofMinutes(5));
        assertEquals(0, linted.exitCode(), linted.output());
        assertTrue(linted.output().isBlank(), linted.output());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tool(Map<String, Object> target, String name) {
        return (Map<String, Object>) ((Map<String, Object>) target.get("tools")).get(name);
    }

    @SuppressWarnings("unchecked")
    private static String fileType(Map<String, Object> fileset, Object file) {
        if (file instanceof Map<?, ?> m) {
            Object t = ((Map<String, Object>) m.values().iterator().next()).get("file_type");
            if (t != null) {
                return t.toString();
            }
        }
        return String.valueOf(fileset.get("file_type"));
    }

    private static boolean declares(Path verilog, String module) {
        try {
            return java.util.regex.Pattern.compile("(?m)^module " + module + "\\b").matcher(Files.readString(verilog)).find();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The names of the files of {@code type} in the target's filesets, in order. */
    @SuppressWarnings("unchecked")
    private static List<String> files(Map<String, Map<String, Object>> filesets, Map<String, Object> target, String type) {
        List<String> out = new ArrayList<>();
        for (String fs : (List<String>) target.get("filesets")) {
            for (Object f : (List<Object>) filesets.get(fs).get("files")) {
                if (fileType(filesets.get(fs), f).equals(type)) {
                    out.add(f instanceof Map<?, ?> m ? m.keySet().iterator().next().toString() : f.toString());
                }
            }
        }
        return out;
    }
}
