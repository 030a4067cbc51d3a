package dev.bwn.codegen;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The one FreeMarker configuration of bwn, set up as FreeMarker advises: pinned incompatible-improvements version,
 * exceptions rethrown (never printed into the output), UTF-8, and a number format that can never print "3,000".
 * Templates live in the templates module under {@code dev/bwn/templates/}; they only lay out what Java computed.
 */
public final class TemplateEngine {
    private static final Configuration CONFIG = create();

    private TemplateEngine() {
    }

    private static Configuration create() {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setClassForTemplateLoading(TemplateEngine.class, "/dev/bwn/templates");
        cfg.setDefaultEncoding(StandardCharsets.UTF_8.name());
        cfg.setOutputEncoding(StandardCharsets.UTF_8.name());
        cfg.setLocale(Locale.ROOT);
        cfg.setNumberFormat("computer");
        cfg.setBooleanFormat("c");
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        cfg.setAPIBuiltinEnabled(false);
        return cfg;
    }

    /** Renders {@code templateName} (e.g. {@code "c/model.c.ftl"}) with {@code data}; template errors become {@link GenerationException}. */
    public static String render(String templateName, Map<String, ?> data) {
        try {
            Template t = CONFIG.getTemplate(templateName);
            StringWriter out = new StringWriter();
            t.process(data, out);
            return out.toString();
        } catch (TemplateException e) {
            throw new GenerationException("template " + templateName + ": " + e.getMessageWithoutStackTop(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load template " + templateName, e);
        }
    }
}
