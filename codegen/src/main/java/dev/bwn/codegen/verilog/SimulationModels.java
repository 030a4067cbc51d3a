package dev.bwn.codegen.verilog;

import dev.bwn.codegen.TemplateEngine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Simulation-only Verilog for designs whose weights are in SPRAM: the SB_SPRAM256KA behaviour (the iCE40 primitive
 * that synthesis maps to the block itself, so a simulator or linter needs a model) and a behavioural SPI flash that
 * serves a flash image. A generated design ships them in {@link #FOLDER}, outside its file list, so they reach its
 * FuseSoC lint and sim targets and never synthesis; bwn's own Verilator harnesses compile the same text.
 */
public final class SimulationModels {
    /** The design's subfolder of simulation-only sources. */
    public static final String FOLDER = "sim";
    public static final String SPRAM = "SB_SPRAM256KA.v";
    public static final String FLASH = "bwn_spi_flash_model.v";
    /** The module of {@link #FLASH}. */
    public static final String FLASH_MODULE = "bwn_spi_flash_model";

    private SimulationModels() {
    }

    /** The data of a model's template: only the generator its header names. */
    public record ToolStamp(String tool) {
    }

    /** The SPRAM model and the flash model, file name to source. */
    public static Map<String, String> files(String tool) {
        Map<String, String> models = new LinkedHashMap<>();
        models.put(SPRAM, spram(tool));
        models.put(FLASH, flash(tool));
        return models;
    }

    /** The SPI flash model alone. */
    public static String flash(String tool) {
        return TemplateEngine.render("verilog/sim/spi_flash_model.v.ftl", new ToolStamp(tool));
    }

    /** The SB_SPRAM256KA model alone: what lint and a design without a flash need. */
    public static String spram(String tool) {
        return TemplateEngine.render("verilog/sim/sb_spram256ka.v.ftl", new ToolStamp(tool));
    }

    /** {@code name} inside {@link #FOLDER}, as a generated folder's file key. */
    public static String path(String name) {
        return FOLDER + "/" + name;
    }

    /**
     * The template data of {@code board_flash_harness.v.ftl}: a top module {@code name} around the board core
     * {@code core}, with the flash model serving {@code image} at {@code offset}.
     */
    public record FlashHarnessView(String name, String core, String tool, String image, String offset, String offsetLiteral) {
    }

    /** A simulation top: the board core {@code core} wired to the flash model serving {@code image} at {@code offset}. */
    public static String flashHarness(String name, String core, String image, long offset, String tool) {
        FlashHarnessView view = new FlashHarnessView(name, core, tool, image, String.format(java.util.Locale.ROOT, "0x%06X", offset),
                String.format(java.util.Locale.ROOT, "24'h%06X", offset));
        return TemplateEngine.render("verilog/sim/board_flash_harness.v.ftl", Map.of("h", view));
    }
}
