package dev.bwn.codegen.verilog;

import java.util.Locale;

/**
 * Which hardware a design gets. {@code PIPELINE}: a stage per layer, every layer working at once (the fastest, and the
 * largest). {@code SEQUENTIAL}: the layer-sequential engine, one datapath running the layers in turn
 * (docs/SEQUENTIAL.md). {@code AUTO}: the pipeline when it fits the device, else the engine.
 */
public enum Engine {
    AUTO, PIPELINE, SEQUENTIAL;

    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Engine parse(String s) {
        for (Engine e : values()) {
            if (e.spelling().equals(s.toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException("must be auto, pipeline or sequential, got \"" + s + "\"");
    }
}
