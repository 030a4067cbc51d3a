package dev.bwn.codegen.c;

import dev.bwn.codegen.TemplateEngine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bare-metal Cortex-M project of a generated C folder ({@code cortex-m/}): start-up code with the vector table,
 * a linker script whose MEMORY block is the only board-specific part, a main that runs the test vectors, and a
 * Makefile with {@code make qemu}. The start-up code and linker script are also what the hw-tests' QEMU runs link
 * against ({@link #startupSource}, {@link #linkerScript}), so there is one copy of each.
 */
public final class CortexMProject {
    public static final String FOLDER = "cortex-m";
    public static final String STARTUP_FILE = "startup.c";
    public static final String LINKER_SCRIPT_FILE = "cortex_m.ld";

    private CortexMProject() {
    }

    public static String startupSource() {
        return TemplateEngine.render("c/cortex-m/startup.c.ftl", Map.of("generator", CLowering.BACKEND));
    }

    public static String linkerScript() {
        return TemplateEngine.render("c/cortex-m/cortex_m.ld.ftl", Map.of("generator", CLowering.BACKEND));
    }

    /** The project's files, by path in the generated folder. */
    static Map<String, String> files(CModel m) {
        Map<String, Object> data = Map.of("m", m);
        Map<String, String> out = new LinkedHashMap<>();
        out.put(FOLDER + "/main.c", TemplateEngine.render("c/cortex-m/main.c.ftl", data));
        out.put(FOLDER + "/" + STARTUP_FILE, startupSource());
        out.put(FOLDER + "/" + LINKER_SCRIPT_FILE, linkerScript());
        out.put(FOLDER + "/Makefile", TemplateEngine.render("c/cortex-m/Makefile.ftl", data));
        return out;
    }
}
