package com.wkpos.edge.drivers.scanner;

import com.wkpos.edge.drivers.api.BarcodeScanner.Scan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns the same code read again within a window of its accepted scan into one scan (a scanner that
 * re-reads a code still under its beam, a double trigger). Only the last accepted code is remembered:
 * A, B, A is three scans. The window counts from the accepted scan, not the suppressed ones, so a
 * cashier scanning two equal items a second apart gets two. A clock set back never suppresses a scan.
 * Thread-safe.
 */
final class Debouncer {
    private final Clock clock;
    private final Duration window;
    private String lastCode;
    private Instant lastAt;

    Debouncer(Clock clock, Duration window) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("dedupe window must not be negative, was " + window);
        }
        this.clock = clock;
        this.window = window;
    }

    /** The scan to deliver, or empty when {@code code} repeats the last one within the window. */
    synchronized Optional<Scan> accept(String code) {
        Instant now = clock.instant();
        if (code.equals(lastCode) && within(now)) {
            return Optional.empty();
        }
        lastCode = code;
        lastAt = now;
        return Optional.of(new Scan(code, now));
    }

    private boolean within(Instant now) {
        Duration since = Duration.between(lastAt, now);
        return !since.isNegative() && since.compareTo(window) < 0;
    }
}
