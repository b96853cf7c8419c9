package com.wkpos.edge.agent.shift;

import java.time.ZoneId;

/**
 * Branch rules for shifts.
 *
 * @param requireOpenShift refuse sales while no shift is open (off by default, so screens that do not
 *                         run shifts keep selling)
 * @param varianceAlert    a closing variance above this many minor units (either way) raises an alert
 * @param zone             the branch's time zone: it decides the business day of a Z report
 */
public record ShiftSettings(boolean requireOpenShift, long varianceAlert, ZoneId zone) {
    public ShiftSettings {
        if (varianceAlert < 0) {
            throw new IllegalArgumentException("variance alert must be >= 0, was " + varianceAlert);
        }
    }

    public static ShiftSettings defaults() {
        return new ShiftSettings(false, 500, ZoneId.of("Europe/Berlin"));
    }
}
