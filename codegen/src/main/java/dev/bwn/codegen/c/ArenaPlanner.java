package dev.bwn.codegen.c;

import java.util.ArrayList;
import java.util.List;

/**
 * Places every buffer of one inference (layer outputs, gathered conv windows, lookup tables) in the one static
 * scratch arena. A buffer lives from the step that writes it to the last step that reads it; buffers whose
 * lifetimes overlap never share bytes. Each buffer goes to the lowest offset, aligned to its element size, that is
 * free for its whole lifetime; for a chain of layers this is the classic ping-pong.
 *
 * <p>The arena has up to three regions: one for 8- and 16-bit data, one for 32-bit data and, only for the 64-bit lane
 * words of {@link CKernel#LUT4SWAR}, one for 64-bit data. C's effective-type rules allow bytes to be reused as
 * {@code uint8_t} and {@code int16_t} at different times (character types alias anything, signed and unsigned variants
 * alias each other), but not as {@code int16_t} and then {@code int32_t}; keeping the widths apart makes the reuse well
 * defined without {@code -fno-strict-aliasing}.
 */
public final class ArenaPlanner {
    /** The regions of the arena, by element width ({@link CType#region}). */
    public enum Region {
        NARROW("narrow"), WIDE("wide"), LONG("wide64");

        private final String member;

        Region(String member) {
            this.member = member;
        }

        /** The member of the arena struct holding the region. */
        public String member() {
            return member;
        }
    }

    /** A buffer to place: {@code elementBytes} wide elements, live during steps {@code firstStep..lastStep}. */
    public record Request(String label, CType type, long elements, int firstStep, int lastStep) {
        public long bytes() {
            return elements * type.bytes();
        }
    }

    /** Where a buffer went: its region and byte offset inside that region. */
    public record Placement(Request request, Region region, long offset) {
        public long end() {
            return offset + request.bytes();
        }

        /** Index of the first element in the region viewed as an array of the buffer's type. */
        public long elementIndex() {
            return offset / request.type().bytes();
        }
    }

    /** All placements and the size of each region (rounded up to whole 32-bit words, the 64-bit region to 64-bit ones). */
    public record Plan(List<Placement> placements, long narrowBytes, long wideBytes, long longBytes) {
        public long totalBytes() {
            return narrowBytes + wideBytes + longBytes;
        }
    }

    private ArenaPlanner() {
    }

    public static Plan plan(List<Request> requests) {
        List<Placement> placed = new ArrayList<>();
        long[] ends = new long[Region.values().length];
        for (Request r : requests) {
            if (r.lastStep() < r.firstStep() || r.elements() < 1) {
                throw new IllegalArgumentException("bad buffer request " + r);
            }
            Region region = r.type().region();
            long align = r.type().bytes();
            long offset = 0;
            boolean moved = true;
            while (moved) {
                moved = false;
                for (Placement p : placed) {
                    if (p.region() == region && overlapsInTime(p.request(), r) && offset < p.end() && p.offset() < offset + r.bytes()) {
                        offset = roundUp(p.end(), align);
                        moved = true;
                    }
                }
            }
            Placement p = new Placement(r, region, offset);
            placed.add(p);
            ends[region.ordinal()] = Math.max(ends[region.ordinal()], p.end());
        }
        long narrow = roundUp(ends[Region.NARROW.ordinal()], 4);
        long wide = roundUp(ends[Region.WIDE.ordinal()], 4);
        return new Plan(List.copyOf(placed), narrow, wide, roundUp(ends[Region.LONG.ordinal()], 8));
    }

    private static boolean overlapsInTime(Request a, Request b) {
        return a.firstStep() <= b.lastStep() && b.firstStep() <= a.lastStep();
    }

    static long roundUp(long value, long multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }
}
