package dev.bwn.codegen.c;

import dev.bwn.codegen.TemplateEngine;
import dev.bwn.model.Network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        /** Writes every file into {@code dir} (created if needed), overwriting files of the same name. */
        public void writeTo(Path dir) throws IOException {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> e : files.entrySet()) {
                Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
        }
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
