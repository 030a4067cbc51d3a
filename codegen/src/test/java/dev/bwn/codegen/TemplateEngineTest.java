package dev.bwn.codegen;

import freemarker.template.SimpleNumber;
import freemarker.template.TemplateModelException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TemplateEngineTest {
    @Test
    void msbIsTheTopBitIndexOfAWidth() throws TemplateModelException {
        assertEquals(7L, ((SimpleNumber) TemplateEngine.msb(List.of(new SimpleNumber(8)))).getAsNumber().longValue());
        assertEquals(0L, ((SimpleNumber) TemplateEngine.msb(List.of(new SimpleNumber(1)))).getAsNumber().longValue());
        assertEquals(3_000_000L, ((SimpleNumber) TemplateEngine.msb(List.of(new SimpleNumber(3_000_001)))).getAsNumber().longValue());
    }

    @Test
    void msbRejectsWidthsThatNoVectorHas() {
        assertThrows(TemplateModelException.class, () -> TemplateEngine.msb(List.of(new SimpleNumber(0))));
        assertThrows(TemplateModelException.class, () -> TemplateEngine.msb(List.of(new SimpleNumber(2.5))));
        assertThrows(TemplateModelException.class, () -> TemplateEngine.msb(List.of()));
    }
}
