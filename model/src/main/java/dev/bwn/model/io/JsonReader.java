package dev.bwn.model.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwn.model.Limits;
import dev.bwn.model.ModelException;

import java.util.Iterator;
import java.util.Set;

/**
 * Strict typed access to a JSON object that names the JSON path of whatever is wrong. Every JSON input of bwn (model
 * files, architecture files) is parsed by {@link #MAPPER}: duplicate keys, NaN/Infinity and trailing tokens are errors.
 */
public final class JsonReader {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength((int) Limits.MODEL_FILE_BYTES).maxNestingDepth(32).maxNumberLength(40).build());
    }

    private final JsonNode node;
    private final String path;

    /** {@code json} parsed strictly; an error names the line and column. */
    public static JsonNode parseTree(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ModelException("(json)", "not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new ModelException("(json)", "the file is empty");
        }
        return root;
    }

    public JsonReader(JsonNode node, String path) {
        this.node = node;
        this.path = path;
        if (!node.isObject()) {
            throw new ModelException(path, "expected an object, got " + describe(node));
        }
    }

    public String path() {
        return path;
    }

    public String at(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** Rejects fields this format version does not define, so typos never pass silently. */
    public void allowOnly(Set<String> fields) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String f = names.next();
            if (!fields.contains(f)) {
                throw new ModelException(at(f), "unknown field; expected one of " + new java.util.TreeSet<>(fields));
            }
        }
    }

    public boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    public JsonNode require(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new ModelException(at(field), "missing required field");
        }
        return v;
    }

    public JsonReader object(String field) {
        return new JsonReader(require(field), at(field));
    }

    public String string(String field) {
        JsonNode v = require(field);
        if (!v.isTextual()) {
            throw new ModelException(at(field), "expected a string, got " + describe(v));
        }
        return v.textValue();
    }

    public String optionalString(String field) {
        return has(field) ? string(field) : null;
    }

    public boolean bool(String field) {
        JsonNode v = require(field);
        if (!v.isBoolean()) {
            throw new ModelException(at(field), "expected true or false, got " + describe(v));
        }
        return v.booleanValue();
    }

    public int integer(String field, long min, long max) {
        return (int) longValue(require(field), at(field), min, max);
    }

    Long optionalLong(String field, long min, long max) {
        return has(field) ? longValue(require(field), at(field), min, max) : null;
    }

    Double optionalFraction(String field) {
        if (!has(field)) {
            return null;
        }
        JsonNode v = require(field);
        if (!v.isNumber() || !Double.isFinite(v.doubleValue()) || v.doubleValue() < 0 || v.doubleValue() > 1) {
            throw new ModelException(at(field), "expected a number in 0..1, got " + describe(v));
        }
        return v.doubleValue();
    }

    static long longValue(JsonNode v, String path, long min, long max) {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new ModelException(path, "expected an integer in " + min + ".." + max + ", got " + describe(v));
        }
        long x = v.longValue();
        if (x < min || x > max) {
            throw new ModelException(path, "expected an integer in " + min + ".." + max + ", got " + x);
        }
        return x;
    }

    /** An array of exactly {@code length} integers (any length when negative), each within min..max. */
    long[] longs(String field, int length, long min, long max) {
        JsonNode v = require(field);
        if (!v.isArray()) {
            throw new ModelException(at(field), "expected an array, got " + describe(v));
        }
        if (length >= 0 && v.size() != length) {
            throw new ModelException(at(field), "expected " + length + " entries, got " + v.size());
        }
        long[] out = new long[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = longValue(v.get(i), at(field) + "[" + i + "]", min, max);
        }
        return out;
    }

    int[] ints(String field, int length, int min, int max) {
        long[] l = longs(field, length, min, max);
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = (int) l[i];
        }
        return out;
    }

    /** An array of exactly {@code rows} arrays of exactly {@code length} integers, each within min..max. */
    int[][] intRows(String field, int rows, int length, int min, int max) {
        JsonNode v = require(field);
        if (!v.isArray()) {
            throw new ModelException(at(field), "expected an array, got " + describe(v));
        }
        if (v.size() != rows) {
            throw new ModelException(at(field), "expected " + rows + " arrays, got " + v.size());
        }
        int[][] out = new int[rows][];
        for (int r = 0; r < rows; r++) {
            JsonNode row = v.get(r);
            String rowPath = at(field) + "[" + r + "]";
            if (!row.isArray()) {
                throw new ModelException(rowPath, "expected an array, got " + describe(row));
            }
            if (row.size() != length) {
                throw new ModelException(rowPath, "expected " + length + " entries, got " + row.size());
            }
            out[r] = new int[length];
            for (int i = 0; i < length; i++) {
                out[r][i] = (int) longValue(row.get(i), rowPath + "[" + i + "]", min, max);
            }
        }
        return out;
    }

    /** An array of {@code min..max} strings. */
    public java.util.List<String> strings(String field, int min, int max) {
        JsonNode v = require(field);
        if (!v.isArray()) {
            throw new ModelException(at(field), "expected an array of tensor names, got " + describe(v));
        }
        if (v.size() < min || v.size() > max) {
            throw new ModelException(at(field), "expected " + min + ".." + max + " entries, got " + v.size());
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw new ModelException(at(field) + "[" + i + "]", "expected a string, got " + describe(v.get(i)));
            }
            out.add(v.get(i).textValue());
        }
        return out;
    }

    public ObjectNode raw() {
        return (ObjectNode) node;
    }

    public static String describe(JsonNode v) {
        if (v == null || v.isNull()) return "null";
        if (v.isTextual()) {
            String t = v.textValue();
            return "string \"" + (t.length() > 40 ? t.substring(0, 40) + "..." : t) + "\"";
        }
        if (v.isArray()) return "an array";
        if (v.isObject()) return "an object";
        if (v.isBoolean()) return v.toString();
        return v.toString();
    }
}
