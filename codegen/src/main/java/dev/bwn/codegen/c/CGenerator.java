package dev.bwn.codegen.c;

import dev.bwn.codegen.TemplateEngine;
import dev.bwn.model.Network;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The C backend: lowers a network with {@link CLowering} and renders the templates under {@code c/}. Output is a
 * pure function of the model and the options (no timestamps), so regenerating gives identical bytes.
 */
public final class CGenerator {
    private CGenerator() {
    }

    /** The generated files, by file name, in a stable order, and the lowered model they came from. */
    public record Output(CModel model, Map<String, String> files) {
    }

    public static Output generate(Network net, COptions options) {
        CModel m = CLowering.lower(net, options);
        Map<String, Object> data = Map.of("m", m);
        Map<String, String> files = new LinkedHashMap<>();
        if (m.singleHeader()) {
            files.put(m.headerFile(), TemplateEngine.render("c/model_single.h.ftl", data));
        } else {
            files.put(m.headerFile(), TemplateEngine.render("c/model.h.ftl", data));
            files.put(m.sourceFile(), TemplateEngine.render("c/model.c.ftl", data));
        }
        files.put(m.exampleFile(), TemplateEngine.render("c/example.c.ftl", data));
        files.put("Makefile", TemplateEngine.render("c/Makefile.ftl", data));
        return new Output(m, java.util.Collections.unmodifiableMap(files));
    }
}
