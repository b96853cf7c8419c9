package com.wkpos.edge.hq.license;

import java.util.List;

/**
 * What a serial key sells: plan tier, modules, device limit, how long the license runs from
 * registration and how many days a box may stay offline.
 */
public record Plan(String tier, List<String> modules, int maxDevices, int validDays, int offlineDays) {
    public Plan {
        modules = List.copyOf(modules);
        if (tier == null || !tier.matches("[a-z][a-z0-9-]{0,39}")) {
            throw new IllegalArgumentException("plan tier must be a lower-case name, was " + tier);
        }
        for (String m : modules) {
            if (!m.matches("[a-z][a-z0-9-]{0,39}")) {
                throw new IllegalArgumentException("module must be a lower-case name, was " + m);
            }
        }
        if (maxDevices < 1 || maxDevices > 100_000 || validDays < 1 || validDays > 3_660 || offlineDays < 1
                || offlineDays > 366) {
            throw new IllegalArgumentException("need maxDevices 1..100000, validDays 1..3660, offlineDays 1..366, was "
                    + maxDevices + ", " + validDays + ", " + offlineDays);
        }
    }

    String modulesText() {
        return String.join(",", modules);
    }

    static List<String> modules(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split(","));
    }
}
