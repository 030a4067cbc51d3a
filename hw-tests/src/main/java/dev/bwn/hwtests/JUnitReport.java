package dev.bwn.hwtests;

import dev.bwn.model.io.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes verification results as JUnit XML, the report format CI systems display. One test case per target. The second
 * line marks the file as bwn's, so a later run replaces a report it wrote and nothing else.
 */
public final class JUnitReport {
    /** The comment on the second line of every report; its presence is what lets a later run replace the file. */
    static final String MARKER = "<!-- JUnit report written by bwn verify -->";
    /** Which shard of the run the report covers, {@code K/N}; absent for an unsharded run. */
    static final String PROPERTY_SHARD = "bwn.shard";
    /** How many vectors the shard (or the unsharded run) had. */
    static final String PROPERTY_VECTORS = "bwn.vectors";

    private JUnitReport() {
    }

    /**
     * Whether {@code file} may be written: it does not exist, or it is a regular file that bwn verify wrote (its second
     * line is the marker). Anything else (a source file, a model, a user's report) is not bwn's to replace.
     */
    public static boolean mayReplace(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        return isOwnReport(file);
    }

    /** Whether {@code file} is a regular file whose second line is the marker: a report bwn verify wrote. */
    public static boolean isOwnReport(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        byte[] head = new byte[256];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        String text = new String(head, 0, n, StandardCharsets.UTF_8);
        int firstNewline = text.indexOf('\n');
        return firstNewline >= 0 && text.startsWith(MARKER, firstNewline + 1);
    }

    /**
     * Writes the report of {@code shard} of a run ({@link Shard#WHOLE} for an unsharded run) that had {@code vectors}
     * vectors in all. Properties record the shard and each target's counts, so {@link JUnitMerge} can combine the
     * shards' reports into the report an unsharded run writes.
     */
    public static void write(Path file, String suiteName, List<TargetResult> results, Shard shard, int vectors)
            throws IOException {
        AtomicFiles.writeString(file, render(suiteName, results, shard, vectors));
    }

    static String render(String suiteName, List<TargetResult> results, Shard shard, int vectors) {
        long failures = results.stream().filter(r -> !r.passed()).count();
        double seconds = results.stream().mapToDouble(TargetResult::seconds).sum();
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n").append(MARKER).append('\n');
        sb.append(String.format(Locale.ROOT, "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\" time=\"%.3f\">%n",
                xml(suiteName), results.size(), failures, seconds));
        sb.append("  <properties>\n");
        if (!shard.isWhole()) {
            property(sb, PROPERTY_SHARD, shard.toString());
        }
        property(sb, PROPERTY_VECTORS, Integer.toString(vectors));
        for (TargetResult r : results) {
            String prefix = "bwn." + r.target() + ".";
            property(sb, prefix + "vectors", Integer.toString(r.vectors()));
            property(sb, prefix + "mismatches", Integer.toString(r.mismatches()));
            property(sb, prefix + "failed-pass", Integer.toString(r.failedPass()));
        }
        sb.append("  </properties>\n");
        for (TargetResult r : results) {
            sb.append(String.format(Locale.ROOT, "  <testcase classname=\"bwn.verify.%s\" name=\"%s: %d vectors bit-exact\" time=\"%.3f\"",
                    xml(suiteName), xml(r.target()), r.vectors(), r.seconds()));
            if (r.passed()) {
                sb.append("/>\n");
            } else {
                sb.append(">\n    <failure message=\"").append(xml(r.mismatches() > 0 ? r.mismatches() + " of " + r.vectors() + " vectors differ from the reference"
                        : r.vectors() == 0 ? "no vectors were checked" : "not every vector was checked"))
                        .append("\">").append(xml(r.firstMismatch() == null ? "" : r.firstMismatch())).append("</failure>\n  </testcase>\n");
            }
        }
        sb.append("</testsuite>\n");
        return sb.toString();
    }

    private static void property(StringBuilder sb, String name, String value) {
        sb.append("    <property name=\"").append(xml(name)).append("\" value=\"").append(xml(value)).append("\"/>\n");
    }

    static String xml(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c < 0x20 && c != '\n' && c != '\t' ? '?' : c);
            }
        }
        return sb.toString();
    }
}
