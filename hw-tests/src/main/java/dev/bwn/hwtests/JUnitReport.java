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

    public static void write(Path file, String suiteName, List<TargetResult> results) throws IOException {
        long failures = results.stream().filter(r -> !r.passed()).count();
        double seconds = results.stream().mapToDouble(TargetResult::seconds).sum();
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n").append(MARKER).append('\n');
        sb.append(String.format(Locale.ROOT, "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\" time=\"%.3f\">%n",
                xml(suiteName), results.size(), failures, seconds));
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
        AtomicFiles.writeString(file, sb.toString());
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
