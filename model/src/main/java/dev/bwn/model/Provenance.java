package dev.bwn.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * How a model came to be. Every field but {@code tool} may be null for hand-made or random models;
 * {@code extra} holds further string facts (e.g. training wall time) in a stable order.
 */
public record Provenance(String tool, String dataset, String architecture, String method, Long seed, Integer epochs,
                         Double testAccuracy, Map<String, String> extra) {
    public Provenance {
        if (tool == null || tool.isBlank()) {
            throw new IllegalArgumentException("provenance.tool is required");
        }
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(extra));
    }

    public static Provenance of(String tool) {
        return new Provenance(tool, null, null, null, null, null, null, Map.of());
    }

    /** Non-null facts in a fixed order, for headers and reports. */
    public Map<String, String> facts() {
        Map<String, String> facts = new java.util.LinkedHashMap<>();
        facts.put("tool", tool);
        if (dataset != null) facts.put("dataset", dataset);
        if (architecture != null) facts.put("architecture", architecture);
        if (method != null) facts.put("method", method);
        if (seed != null) facts.put("seed", seed.toString());
        if (epochs != null) facts.put("epochs", epochs.toString());
        if (testAccuracy != null) facts.put("testAccuracy", String.format(java.util.Locale.ROOT, "%.4f", testAccuracy));
        facts.putAll(extra);
        return facts;
    }
}
