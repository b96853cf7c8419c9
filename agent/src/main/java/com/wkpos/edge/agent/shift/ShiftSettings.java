package com.wkpos.edge.agent.shift;

import java.time.ZoneId;

/**
 * Branch rules for shifts. (Whether a sale needs an open shift is not among them: it always does.)
 *
 * @param varianceAlert a closing variance above this many minor units (either way) raises an alert
 * @param zone          the branch's time zone: it decides the business day of a Z report and the local
 *                      times printed on receipts
 */
public record ShiftSettings(long varianceAlert, ZoneId zone) {
    public ShiftSettings {
        if (varianceAlert < 0) {
            throw new IllegalArgumentException("variance alert must be >= 0, was " + varianceAlert);
        }
    }

    public static ShiftSettings defaults() {
        return new ShiftSettings(500, ZoneId.of("Europe/Berlin"));
    }
}
