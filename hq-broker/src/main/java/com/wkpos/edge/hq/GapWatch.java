package com.wkpos.edge.hq;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.tinylog.Logger;

/**
 * Watches for gaps that do not fill. Entries above a gap are stored but not acknowledged; normally the
 * branch resends the missing ones within seconds. When the first entry above a device's gap has waited
 * longer than the bound, HQ raises one {@code gap-unfilled} alarm for that gap (seq = the first missing
 * entry), because the branch may have lost its journal or be sending to the wrong place.
 */
final class GapWatch {
    static final Duration DEFAULT_BOUND = Duration.ofMinutes(10);

    private record Held(String tenant, String branch, String device, long acked, long firstHeld, long count,
                        Instant since) {
    }

    private final HqDatabase db;
    private final Clock clock;
    private final Duration bound;
    private final HqMetrics metrics;

    GapWatch(HqDatabase db, Clock clock, Duration bound, HqMetrics metrics) {
        this.db = db;
        this.clock = clock;
        this.bound = bound;
        this.metrics = metrics;
    }

    /** @return how many new alarms were raised */
    int check() {
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            int raised = 0;
            for (Held h : held(c)) {
                if (Duration.between(h.since(), now).compareTo(bound) > 0 && !alarmed(c, h.device(), h.acked() + 1)) {
                    Alarms.raise(c, now.toString(), "gap-unfilled", h.tenant(), h.branch(), h.device(), h.acked() + 1,
                            h.count() + " entries from seq " + h.firstHeld() + " held since " + h.since()
                                    + "; seq " + (h.acked() + 1) + ".." + (h.firstHeld() - 1) + " never arrived");
                    Logger.error("ALARM gap-unfilled device {}: seq {}..{} missing for more than {}", h.device(),
                            h.acked() + 1, h.firstHeld() - 1, bound);
                    metrics.add("wk_hq_gap_alarms_total", 1);
                    raised++;
                }
            }
            return raised;
        });
    }

    /** Entries held above a gap, over all devices (a gauge for {@code /metrics}). */
    long heldEntries() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM hq_journal j JOIN hq_devices d"
                    + " ON d.device_id = j.device_id WHERE j.seq > d.acked_seq"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static List<Held> held(Connection c) throws SQLException {
        List<Held> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT d.tenant, d.branch, d.device_id, d.acked_seq,"
                + " MIN(j.seq), COUNT(*) FROM hq_devices d JOIN hq_journal j ON j.device_id = d.device_id"
                + " WHERE j.seq > d.acked_seq GROUP BY d.tenant, d.branch, d.device_id, d.acked_seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Held(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), null));
            }
        }
        List<Held> dated = new ArrayList<>();
        for (Held h : out) {
            try (PreparedStatement ps = c.prepareStatement("SELECT received_at FROM hq_journal WHERE device_id = ?"
                    + " AND seq = ?")) {
                ps.setString(1, h.device());
                ps.setLong(2, h.firstHeld());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    dated.add(new Held(h.tenant(), h.branch(), h.device(), h.acked(), h.firstHeld(), h.count(),
                            Instant.parse(rs.getString(1))));
                }
            }
        }
        return dated;
    }

    private static boolean alarmed(Connection c, String device, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM hq_alarms WHERE kind = 'gap-unfilled'"
                + " AND device_id = ? AND seq = ?")) {
            ps.setString(1, device);
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
