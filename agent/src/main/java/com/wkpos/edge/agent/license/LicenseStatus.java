package com.wkpos.edge.agent.license;

import com.wkpos.edge.provisioning.license.LicenseClaims;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the box stands on the grace ladder at one trusted instant, and why.
 *
 * @param problem   the problem type the gate answers when it refuses a call in this state
 *                  ({@code license-expired}, {@code license-locked}, {@code device-limit-reached}); null at FULL/WARNING
 * @param claims    the license held (verified), also while locked, so its modules still gate reads
 * @param offline   trusted time since the last signed word from HQ (heartbeat reply or the license's issue)
 */
public record LicenseStatus(Level level, String problem, String detail, Optional<LicenseClaims> claims,
                            Instant trustedNow, Instant lastHeartbeat, Duration offline) {
    /** The rungs, in order. */
    public enum Level {
        /** 0–24 h since HQ last answered: everything allowed. */
        FULL,
        /** 24–72 h: everything allowed, shown on health, the status page and to screens. */
        WARNING,
        /** 72 h to {@code offlineDays}: selling and reading only (see {@code LicenseGate}). */
        SALES_ONLY,
        /** Past {@code offlineDays} or {@code exp}, or no valid license: reading and exporting only. */
        LOCKED
    }

    public boolean locked() {
        return level == Level.LOCKED;
    }
}
