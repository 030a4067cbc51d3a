package dev.bwn.hwtests;

import dev.bwn.model.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes verification results as JUnit XML, the report format CI systems display. One test case per target. */
public final class JUnitReport {
    private JUnitReport() {
    }

    public static void write(Path file, String suiteName, List<TargetResult> results) throws IOException {
        long failures = results.stream().filter(r -> !r.passed()).count();
        double seconds = results.stream().mapToDouble(TargetResult::seconds).sum();
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
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
