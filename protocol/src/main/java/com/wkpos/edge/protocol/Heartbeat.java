package com.wkpos.edge.protocol;

import java.util.Map;

/**
 * Branch → HQ on {@code up/status}, retained: sent every 30 s while online; the broker publishes the
 * last will (same record, {@code online=false}) when the branch drops off.
 *
 * @param lastAckAt when HQ last acknowledged (ISO-8601) or null
 * @param devices   device role → status, as on the branch's status page
 */
public record Heartbeat(String device, boolean online, String sentAt, long uptimeSeconds, long salesCount,
                        long journalSeq, long ackedSeq, long backlog, String lastAckAt, long catalogVersion,
                        Map<String, String> devices) {
    public Heartbeat {
        devices = devices == null ? Map.of() : Map.copyOf(devices);
    }

    public static Heartbeat offline(String device) {
        return new Heartbeat(device, false, null, 0, 0, 0, 0, 0, null, 0, Map.of());
    }
}
