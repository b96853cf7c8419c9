package com.wkpos.edge.protocol;

import java.util.Map;

/**
 * A customer profile as it travels both ways. Conflicts resolve last-writer-wins on the hybrid
 * logical clock {@code hlc}; equal clocks are broken by the greater {@code device} id, so every
 * replica picks the same winner whatever the order of arrival.
 *
 * @param fields the profile's data (name, email, phone, loyalty…); opaque to sync
 */
public record CustomerProfile(String id, long hlc, String device, Map<String, String> fields) {
    public static final String UPDATED = "customer.updated";

    public CustomerProfile {
        if (id == null || id.isBlank() || device == null || device.isBlank() || hlc <= 0) {
            throw new IllegalArgumentException("a customer profile needs id, device and a positive hlc, was id=" + id
                    + " device=" + device + " hlc=" + hlc);
        }
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    /** True when this version should replace {@code other} (the same customer). */
    public boolean supersedes(CustomerProfile other) {
        if (hlc != other.hlc) {
            return hlc > other.hlc;
        }
        return device.compareTo(other.device) > 0;
    }

    /** True when {@code hlc} is further ahead of {@code nowMillis} than {@code maxDriftMillis}. */
    public boolean driftsBeyond(long nowMillis, long maxDriftMillis) {
        return HybridLogicalClock.millis(hlc) - nowMillis > maxDriftMillis;
    }
}
