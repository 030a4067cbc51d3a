package dev.bwn.codegen;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.SimpleNumber;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
        cfg.setSharedVariable("msb", (TemplateMethodModelEx) TemplateEngine::msb);
        return cfg;
    }

    /**
     * {@code msb(width)}: the index of the top bit of a {@code width}-bit vector, for Verilog ranges {@code [msb:0]}.
     * Templates print widths that Java computed; this keeps the "minus one" of every range in Java too.
     */
    static Object msb(List<?> arguments) throws TemplateModelException {
        if (arguments.size() != 1 || !(arguments.get(0) instanceof TemplateNumberModel n)) {
            throw new TemplateModelException("msb(width) takes one number");
        }
        long width = n.getAsNumber().longValue();
        if (width < 1 || width != n.getAsNumber().doubleValue()) {
            throw new TemplateModelException("msb(width) needs a positive integer width, got " + n.getAsNumber());
        }
        return new SimpleNumber(width - 1);
    }

    /** Renders {@code templateName} (e.g. {@code "c/model.c.ftl"}) with {@code data}; template errors become {@link GenerationException}. */
    public static String render(String templateName, Map<String, ?> data) {
        return process(templateName, data);
    }

    /**
     * Renders {@code templateName} with a typed view as its whole data model: the template reads the record's
     * components by name ({@code ${designs}} is {@code view.designs()}), so there are no string keys to get wrong.
     */
    public static String render(String templateName, Record view) {
        return process(templateName, view);
    }

    private static String process(String templateName, Object data) {
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
