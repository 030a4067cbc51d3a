package dev.bwn.model;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The limits table in docs/SEMANTICS.md (section 8) lists exactly the constants of {@link Limits}, with their values. */
class LimitsTableTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([A-Z_]+)` \\| (\\d+) \\|", Pattern.MULTILINE);

    @Test
    void theDocumentedTableEqualsTheCode() throws IOException, IllegalAccessException {
        String semantics = Files.readString(RepoRoot.find().resolve("docs/SEMANTICS.md"));
        String section = semantics.substring(semantics.indexOf("## 8. Limits"));
        Map<String, Long> documented = new TreeMap<>();
        Matcher m = ROW.matcher(section);
        while (m.find()) {
            documented.put(m.group(1), Long.parseLong(m.group(2)));
        }
        Map<String, Long> code = new TreeMap<>();
        for (Field f : Limits.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && (f.getType() == int.class || f.getType() == long.class)) {
                code.put(f.getName(), ((Number) f.get(null)).longValue());
            }
        }
        assertEquals(code, documented);
    }

    @Test
    void byteCountsReadAsBinaryUnits() {
        assertEquals("17 bytes", Limits.bytes(17));
        assertEquals("1.0 GiB", Limits.bytes(1L << 30));
        assertEquals("30.0 GiB", Limits.bytes(30L << 30));
        assertEquals("8.0 EiB", Limits.bytes(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, Limits.imageBytes(Long.MAX_VALUE / 2, 1000));
    }
}
