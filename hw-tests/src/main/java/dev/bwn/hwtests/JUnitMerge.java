package dev.bwn.hwtests;

import dev.bwn.model.io.AtomicFiles;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines the JUnit reports of {@code bwn verify --shard K/N} runs (K = 1..N) into the report one unsharded run
 * writes: same test cases, same totals, the same first mismatch; only the timings are sums. The shards are merged
 * in shard order by the rule {@code --jobs} uses for slices ({@link SlicedRun#merge}).
 */
public final class JUnitMerge {
    /** A report is a few lines per target; anything bigger is not one of ours. */
    static final long MAX_REPORT_BYTES = 1 << 20;

    /** What one shard's report says. */
    record ShardReport(Path file, String suite, Shard shard, int vectors, List<TargetResult> results) {
    }

    private JUnitMerge() {
    }

    /**
     * Reads {@code inputs}, writes their merge to {@code output} and returns the merged results. Throws {@link IllegalArgumentException} naming the
     * file and what is wrong when an input is not a bwn verify report or the inputs are not the N shards of one run.
     */
    public static List<TargetResult> merge(Path output, List<Path> inputs) throws IOException {
        List<ShardReport> reports = new ArrayList<>();
        for (Path in : inputs) {
            reports.add(read(in));
        }
        List<TargetResult> results = merged(reports);
        AtomicFiles.writeString(output, JUnitReport.render(reports.get(0).suite(), results, Shard.WHOLE,
                reports.stream().mapToInt(ShardReport::vectors).sum()));
        return results;
    }

    /** The shards' results merged per target, in the reports' target order. */
    static List<TargetResult> merged(List<ShardReport> reports) {
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("no reports to merge");
        }
        ShardReport first = reports.get(0);
        int count = first.shard().count();
        Map<Integer, ShardReport> byIndex = new HashMap<>();
        for (ShardReport r : reports) {
            if (!r.suite().equals(first.suite())) {
                throw new IllegalArgumentException(r.file() + ": suite \"" + r.suite() + "\" is not \"" + first.suite()
                        + "\" of " + first.file());
            }
            if (r.shard().count() != count) {
                throw new IllegalArgumentException(r.file() + ": shard " + r.shard() + " is not one of " + count
                        + " shards like " + first.file() + " (" + first.shard() + ")");
            }
            List<String> targets = r.results().stream().map(TargetResult::target).toList();
            List<String> firstTargets = first.results().stream().map(TargetResult::target).toList();
            if (!targets.equals(firstTargets)) {
                throw new IllegalArgumentException(r.file() + ": targets " + targets + " differ from " + firstTargets
                        + " in " + first.file());
            }
            ShardReport clash = byIndex.put(r.shard().index(), r);
            if (clash != null) {
                throw new IllegalArgumentException(r.file() + ": shard " + r.shard() + " is also " + clash.file());
            }
        }
        for (int k = 1; k <= count; k++) {
            if (!byIndex.containsKey(k)) {
                throw new IllegalArgumentException("shard " + k + "/" + count + " is missing (" + reports.size()
                        + " of " + count + " reports given)");
            }
        }
        List<ShardReport> ordered = reports.stream().sorted(Comparator.comparingInt(r -> r.shard().index())).toList();
        List<SlicedRun.Slice> slices = new ArrayList<>();
        int total = 0;
        for (ShardReport r : ordered) {
            slices.add(new SlicedRun.Slice(r.shard().index() - 1, total, r.vectors(), null));
            total += r.vectors();
        }
        List<TargetResult> merged = new ArrayList<>();
        for (int t = 0; t < first.results().size(); t++) {
            String target = first.results().get(t).target();
            boolean stops = Verifier.Target.bySpelling(target).map(Verifier.Target::stopsAtFirstMismatch).orElse(false);
            List<SlicedRun.SliceResult> parts = new ArrayList<>();
            double seconds = 0;
            for (ShardReport r : ordered) {
                TargetResult part = r.results().get(t);
                parts.add(new SlicedRun.SliceResult(part.vectors(), part.mismatches(), part.firstMismatch(),
                        part.failedPass(), 0, stops));
                seconds += part.seconds();
            }
            merged.add(SlicedRun.merge(target, slices, parts, seconds));
        }
        return merged;
    }

    static ShardReport read(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(file + ": not a regular file");
        }
        long size = Files.size(file);
        if (size > MAX_REPORT_BYTES) {
            throw new IllegalArgumentException(file + ": " + size + " bytes, more than a bwn verify report (at most "
                    + MAX_REPORT_BYTES + ")");
        }
        if (!JUnitReport.isOwnReport(file)) {
            throw new IllegalArgumentException(file + ": not a report bwn verify wrote (no marker on its second line)");
        }
        Document doc;
        try {
            doc = parser().parse(new ByteArrayInputStream(Files.readAllBytes(file)));
        } catch (SAXException e) {
            throw new IllegalArgumentException(file + ": not well-formed XML: " + e.getMessage());
        }
        Element suite = doc.getDocumentElement();
        if (!suite.getTagName().equals("testsuite")) {
            throw new IllegalArgumentException(file + ": the root element is <" + suite.getTagName() + ">, not <testsuite>");
        }
        Map<String, String> properties = new HashMap<>();
        NodeList props = suite.getElementsByTagName("property");
        for (int i = 0; i < props.getLength(); i++) {
            Element p = (Element) props.item(i);
            properties.put(p.getAttribute("name"), p.getAttribute("value"));
        }
        Shard shard = properties.containsKey(JUnitReport.PROPERTY_SHARD)
                ? parseShard(file, properties.get(JUnitReport.PROPERTY_SHARD)) : Shard.WHOLE;
        int vectors = count(file, properties, JUnitReport.PROPERTY_VECTORS);
        List<TargetResult> results = new ArrayList<>();
        NodeList cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            String name = c.getAttribute("name");
            int colon = name.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(file + ": test case \"" + name + "\" does not name a target");
            }
            String target = name.substring(0, colon);
            NodeList failure = c.getElementsByTagName("failure");
            String firstMismatch = failure.getLength() == 0 ? null : failure.item(0).getTextContent();
            if (firstMismatch != null && firstMismatch.isEmpty()) {
                firstMismatch = null;
            }
            String prefix = "bwn." + target + ".";
            results.add(new TargetResult(target, count(file, properties, prefix + "vectors"),
                    count(file, properties, prefix + "mismatches"), firstMismatch, 0, seconds(file, c.getAttribute("time")),
                    count(file, properties, prefix + "failed-pass")));
        }
        return new ShardReport(file, suite.getAttribute("name"), shard, vectors, results);
    }

    private static Shard parseShard(Path file, String value) {
        try {
            return Shard.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": property " + JUnitReport.PROPERTY_SHARD + ": " + e.getMessage());
        }
    }

    private static int count(Path file, Map<String, String> properties, String name) {
        String value = properties.get(name);
        if (value == null) {
            throw new IllegalArgumentException(file + ": property " + name + " is missing");
        }
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": property " + name + " is \"" + value + "\", not a count");
        }
    }

    private static double seconds(Path file, String value) {
        try {
            return value.isEmpty() ? 0 : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": time \"" + value + "\" is not a number");
        }
    }

    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // reports are plain XML: no DOCTYPE, no external entities
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            // errors become the exception the caller reports in one line, not lines on stderr
            builder.setErrorHandler(new DefaultHandler());
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
