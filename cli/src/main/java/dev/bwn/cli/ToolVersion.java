package dev.bwn.cli;

/** bwn's version as Maven packaged it (falls back to "dev" when run from classes). */
public final class ToolVersion {
    private ToolVersion() {
    }

    public static String get() {
        String v = ToolVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
