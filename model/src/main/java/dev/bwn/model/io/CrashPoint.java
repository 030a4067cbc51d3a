package dev.bwn.model.io;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named points in bwn's file writes where a crash-consistency test can make the process die at once, as kill -9 would:
 * no shutdown hooks, no finally blocks, no flush. A test starts a child JVM with {@code -Dbwn.test.haltAt=NAME} or
 * {@code -Dbwn.test.haltAt=NAME#N} (the N-th time the point is reached, default 1); the child halts with
 * {@link #HALT_STATUS} there. Without the property a point costs one comparison.
 */
public final class CrashPoint {
    public static final String PROPERTY = "bwn.test.haltAt";
    /** The status of a process killed by SIGKILL, so a test can tell the halt from any other exit. */
    public static final int HALT_STATUS = 137;

    private static final String TARGET;
    private static final int OCCURRENCE;
    private static final AtomicInteger REACHED = new AtomicInteger();

    static {
        String spec = System.getProperty(PROPERTY);
        int hash = spec == null ? -1 : spec.lastIndexOf('#');
        TARGET = hash < 0 ? spec : spec.substring(0, hash);
        OCCURRENCE = hash < 0 ? 1 : Integer.parseInt(spec.substring(hash + 1));
    }

    private CrashPoint() {
    }

    /** Halts the JVM if this is the point, and the occurrence, a test asked for. */
    public static void reach(String name) {
        if (TARGET != null && TARGET.equals(name) && REACHED.incrementAndGet() == OCCURRENCE) {
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }
}
