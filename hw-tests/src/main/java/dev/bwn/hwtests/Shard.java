package dev.bwn.hwtests;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shard {@code index} of {@code count} (both counted from 1, written {@code K/N}): the part of a list of work items
 * (test vectors, random designs) that one of N CI runners takes.
 *
 * <p>The rule is contiguous blocks: shard K of N takes items {@code floor((K-1)*T/N)} up to, not including,
 * {@code floor(K*T/N)} of T. Blocks differ in size by at most one item, so shards of equal-cost items (every image
 * costs a design the same cycles) take the same time; a shard is an unbroken run of the whole list, so a vector's
 * global index is the shard's first index plus its index in the shard, and the shards' reports merge by simple
 * concatenation in shard order, which keeps the first mismatch of the merged report the first of an unsharded run.
 */
public record Shard(int index, int count) {
    /** The system property the hardware test sweeps read, e.g. {@code -Dbwn.shard=2/4}. */
    public static final String PROPERTY = "bwn.shard";
    public static final Shard WHOLE = new Shard(1, 1);
    private static final Pattern SPELLING = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*");

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("shard must be K/N with 1 <= K <= N, got " + index + "/" + count);
        }
    }

    /** Parses {@code K/N}; the message of the exception names what is wrong. */
    public static Shard parse(String text) {
        Matcher m = SPELLING.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("shard must be K/N with 1 <= K <= N (e.g. 2/4), got \"" + text + "\"");
        }
        return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** The shard named by {@link #PROPERTY}, or the whole when it is not set. */
    public static Shard fromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        return value == null || value.isBlank() ? WHOLE : parse(value);
    }

    public boolean isWhole() {
        return count == 1;
    }

    /** First item of this shard among {@code total}. */
    public int from(int total) {
        return (int) ((long) (index - 1) * total / count);
    }

    /** One past the last item of this shard among {@code total}. */
    public int to(int total) {
        return (int) ((long) index * total / count);
    }

    /** This shard's part of {@code items}, in order. */
    public <T> List<T> select(List<T> items) {
        return items.subList(from(items.size()), to(items.size()));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d/%d", index, count);
    }
}
