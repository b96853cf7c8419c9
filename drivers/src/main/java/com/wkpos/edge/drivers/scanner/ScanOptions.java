package com.wkpos.edge.drivers.scanner;

import com.wkpos.edge.drivers.api.DeviceUri;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The options every scanner URI shares, parsed once when a scanner is opened.
 *
 * @param maxLength the longest code accepted (option {@code maxLength}, default 128); longer input is
 *                  dropped, never buffered
 * @param dedupe    the same code again within this window of its accepted scan is one scan (option
 *                  {@code dedupe} in ms, default 500; 0 turns it off)
 * @param gap       a pause this long inside a code discards the partial code, so line noise or the tail
 *                  of a flood never sticks to the next scan (option {@code gap} in ms, default 200)
 */
record ScanOptions(int maxLength, Duration dedupe, Duration gap) {
    static final int MAX_MAX_LENGTH = 4096;
    private static final Set<String> SHARED = Set.of("maxLength", "dedupe", "gap");

    ScanOptions {
        if (maxLength < 1 || maxLength > MAX_MAX_LENGTH) {
            throw new IllegalArgumentException("maxLength must be 1.." + MAX_MAX_LENGTH + ", was " + maxLength);
        }
        if (dedupe.isNegative()) {
            throw new IllegalArgumentException("dedupe must not be negative, was " + dedupe.toMillis() + " ms");
        }
        if (gap.isNegative() || gap.isZero()) {
            throw new IllegalArgumentException("gap must be positive, was " + gap.toMillis() + " ms");
        }
    }

    static ScanOptions defaults() {
        return new ScanOptions(128, Duration.ofMillis(500), Duration.ofMillis(200));
    }

    /**
     * Reads the shared options of {@code uri} and rejects any option that is neither shared nor in
     * {@code own}, so a typo ({@code dedup=300}) fails at start-up instead of being ignored.
     */
    static ScanOptions from(DeviceUri uri, Set<String> own) {
        Set<String> unknown = new HashSet<>(uri.options().keySet());
        unknown.removeAll(SHARED);
        unknown.removeAll(own);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + unknown + " in scanner URI '" + uri.raw()
                    + "'; known: " + SHARED + " and " + own);
        }
        ScanOptions d = defaults();
        try {
            return new ScanOptions(uri.intOption("maxLength", d.maxLength()),
                    Duration.ofMillis(uri.intOption("dedupe", (int) d.dedupe().toMillis())),
                    Duration.ofMillis(uri.intOption("gap", (int) d.gap().toMillis())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scanner URI '" + uri.raw() + "': " + e.getMessage(), e);
        }
    }
}
