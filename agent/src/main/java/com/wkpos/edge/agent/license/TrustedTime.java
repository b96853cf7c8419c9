package com.wkpos.edge.agent.license;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Time the license may trust on a box that is offline for weeks and whose clock anyone with a
 * keyboard can set. It starts from the latest of the wall clock and every floor it was given (the
 * persisted last-seen time, the license's issue time, HQ's signed time) and from then on advances
 * with the monotonic clock, which nobody can set.
 *
 * <p>While running, the wall clock is followed only where it agrees with the monotonic clock: small
 * forward corrections (NTP slewing, up to {@link #JUMP}) are taken, a step back is never taken, and a
 * step of more than {@code JUMP} either way is reported as a {@link Jump} and ignored. So a clock set
 * back never extends validity, and a clock set forward and back again neither locks an honest store
 * nor is forgotten (each step is audited). HQ's signed time from a heartbeat reply resets the anchor
 * outright: it is the one source better than our own. Thread-safe.
 */
public final class TrustedTime {
    /** A wall clock step larger than this, against the monotonic clock, is a jump (audited, ignored). */
    public static final Duration JUMP = Duration.ofMinutes(10);

    /** A wall clock step the monotonic clock does not confirm. */
    public record Jump(Instant expected, Instant wall, Duration by) {
    }

    private final Clock wall;
    private final LongSupplier monotonicNanos;
    private Instant anchor;
    private long anchorNanos;
    private Instant lastWall;
    private long lastNanos;

    /** @param monotonicNanos e.g. {@code System::nanoTime}; only differences are used */
    public TrustedTime(Clock wall, LongSupplier monotonicNanos, Instant floor) {
        this.wall = wall;
        this.monotonicNanos = monotonicNanos;
        Instant now = wall.instant();
        long nanos = monotonicNanos.getAsLong();
        this.anchor = later(now, floor);
        this.anchorNanos = nanos;
        this.lastWall = now;
        this.lastNanos = nanos;
    }

    /** Trusted now, without looking for jumps. */
    public synchronized Instant now() {
        return anchor.plusNanos(monotonicNanos.getAsLong() - anchorNanos);
    }

    /**
     * Looks at the wall clock: takes a small forward correction, reports a jump. Call it periodically
     * (each license check) so jumps are seen near when they happen.
     */
    public synchronized Optional<Jump> observe() {
        Instant w = wall.instant();
        long nanos = monotonicNanos.getAsLong();
        Duration step = Duration.between(lastWall, w).minusNanos(nanos - lastNanos);
        lastWall = w;
        lastNanos = nanos;
        Instant trusted = anchor.plusNanos(nanos - anchorNanos);
        if (step.abs().compareTo(JUMP) > 0) {
            return Optional.of(new Jump(trusted, w, step));
        }
        if (w.isAfter(trusted) && !step.isNegative()) {
            Duration ahead = Duration.between(trusted, w);
            anchor = trusted.plus(ahead.compareTo(step) < 0 ? ahead : step);
            anchorNanos = nanos;
        }
        return Optional.empty();
    }

    /** Never earlier than {@code floor} from now on (e.g. a license issued "in the future" of our clock). */
    public synchronized void raiseTo(Instant floor) {
        long nanos = monotonicNanos.getAsLong();
        Instant trusted = anchor.plusNanos(nanos - anchorNanos);
        if (floor.isAfter(trusted)) {
            anchor = floor;
            anchorNanos = nanos;
        }
    }

    /** HQ's signed time, fresh for our nonce: the new anchor, earlier or later than ours. */
    public synchronized void resetTo(Instant hqTime) {
        anchor = hqTime;
        anchorNanos = monotonicNanos.getAsLong();
    }

    private static Instant later(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }
}
