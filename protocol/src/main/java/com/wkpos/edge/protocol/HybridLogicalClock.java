package com.wkpos.edge.protocol;

import java.time.Clock;

/**
 * A hybrid logical clock (Kulkarni et al.): timestamps that follow wall time but never go backwards
 * and order causally related events across devices even when their clocks disagree a little.
 *
 * <p>A timestamp packs wall-clock milliseconds in the high 48 bits and a logical counter in the low
 * 16, so timestamps compare as plain {@code long}s. Thread-safe.
 */
public final class HybridLogicalClock {
    private static final int LOGICAL_BITS = 16;
    private static final long LOGICAL_MASK = (1L << LOGICAL_BITS) - 1;

    private final Clock clock;
    private final long maxDriftMillis;
    private long last;

    /**
     * @param clock          the wall clock
     * @param maxDriftMillis how far ahead of our wall clock a remote timestamp may be before
     *                       {@link #receive} rejects it
     */
    public HybridLogicalClock(Clock clock, long maxDriftMillis) {
        if (maxDriftMillis <= 0) {
            throw new IllegalArgumentException("maxDriftMillis must be positive, was " + maxDriftMillis);
        }
        this.clock = clock;
        this.maxDriftMillis = maxDriftMillis;
    }

    /** Continues after a timestamp persisted earlier, so a restart never reuses a timestamp. */
    public synchronized void advanceTo(long persisted) {
        last = Math.max(last, persisted);
    }

    /** A timestamp for a local event, greater than every one handed out or received before. */
    public synchronized long now() {
        long wall = clock.millis();
        long next = Math.max(pack(wall, 0), last + 1);
        last = next;
        return next;
    }

    /**
     * Merges a timestamp received from another device and returns one greater than both.
     *
     * @throws IllegalArgumentException when the remote timestamp is further ahead of the wall clock
     *                                  than the allowed drift (a clock gone wrong must not drag ours)
     */
    public synchronized long receive(long remote) {
        long wall = clock.millis();
        if (millis(remote) - wall > maxDriftMillis) {
            throw new IllegalArgumentException("remote HLC " + format(remote) + " is "
                    + (millis(remote) - wall) + " ms ahead of the wall clock (max " + maxDriftMillis + ")");
        }
        long next = Math.max(Math.max(pack(wall, 0), last + 1), remote + 1);
        last = next;
        return next;
    }

    public static long pack(long millis, int logical) {
        if (millis < 0 || millis >= (1L << (63 - LOGICAL_BITS))) {
            throw new IllegalArgumentException("millis out of range: " + millis);
        }
        return (millis << LOGICAL_BITS) | (logical & LOGICAL_MASK);
    }

    public static long millis(long hlc) {
        return hlc >>> LOGICAL_BITS;
    }

    public static int logical(long hlc) {
        return (int) (hlc & LOGICAL_MASK);
    }

    /** Human-readable form, {@code millis.logical}, for logs and error messages. */
    public static String format(long hlc) {
        return millis(hlc) + "." + logical(hlc);
    }
}
