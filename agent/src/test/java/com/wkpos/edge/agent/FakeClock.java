package com.wkpos.edge.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A wall clock and a monotonic clock the test drives: {@link #advance} moves both (time passes),
 * {@link #setWall} moves only the wall clock (someone sets the clock). Thread-safe.
 */
public final class FakeClock extends Clock {
    private Instant wall;
    private long nanos;

    public FakeClock(Instant start) {
        this.wall = start;
        this.nanos = 1_000_000_000L;
    }

    public synchronized void advance(Duration d) {
        wall = wall.plus(d);
        nanos += d.toNanos();
    }

    public synchronized void setWall(Instant to) {
        wall = to;
    }

    /** The monotonic clock, for {@code LongSupplier} parameters. */
    public synchronized long nanos() {
        return nanos;
    }

    @Override
    public synchronized Instant instant() {
        return wall;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }
}
