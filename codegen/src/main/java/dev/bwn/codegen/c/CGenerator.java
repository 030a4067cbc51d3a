package dev.bwn.codegen.c;

import dev.bwn.codegen.TemplateEngine;
import dev.bwn.model.Network;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The C backend: lowers a network with {@link CLowering} and renders the templates under {@code c/}. Output is a
 * pure function of the model and the options (no timestamps), so regenerating gives identical bytes.
 */
public final class CGenerator {
    private CGenerator() {
    }

    /** The generated files, by path in the folder ({@code /}-separated), in a stable order, and the lowered model. */
    public record Output(CModel model, Map<String, String> files) {
    }

    /** Which packages the folder's README describes. */
    public record Packages(boolean cmake, boolean zephyr, boolean arduino, boolean platformio) {
        static Packages of(Set<CPackage> packages) {
            return new Packages(packages.contains(CPackage.CMAKE), packages.contains(CPackage.ZEPHYR),
                    packages.contains(CPackage.ARDUINO), packages.contains(CPackage.PLATFORMIO));
        }
    }

    /** The plain folder, without build-system packages. */
    public static Output generate(Network net, COptions options) {
        return generate(net, options, EnumSet.of(CPackage.PLAIN));
    }

    public static Output generate(Network net, COptions options, Set<CPackage> packages) {
        CModel m = CLowering.lower(net, options);
        Map<String, Object> data = Map.of("m", m);
        Map<String, String> files = new LinkedHashMap<>();
        if (m.singleHeader()) {
            files.put(m.headerFile(), TemplateEngine.render("c/model_single.h.ftl", data));
        } else {
            files.put(m.headerFile(), TemplateEngine.render("c/model.h.ftl", data));
            files.put(m.sourceFile(), TemplateEngine.render("c/model.c.ftl", data));
        }
        files.put(CTestVectors.fileName(m), TemplateEngine.render("c/vectors.h.ftl", Map.of("m", m, "v", CTestVectors.of(net))));
        files.put(m.exampleFile(), TemplateEngine.render("c/example.c.ftl", data));
        files.put("Makefile", TemplateEngine.render("c/Makefile.ftl", data));
        files.putAll(CortexMProject.files(m));
        files.putAll(CPackages.files(m, packages, files));
        files.put("README.md", TemplateEngine.render("c/README.md.ftl",
                Map.of("m", m, "packages", Packages.of(packages), "lib", CPackages.library(m))));
        return new Output(m, Collections.unmodifiableMap(files));
    }
}
