package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.SupplyCommand;
import com.wkpos.edge.protocol.SyncCodec;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The supply commands HQ owes each branch (ADR 013), kept in {@code hq_supply_commands}: numbered per
 * branch from 1 without gaps (except a jump past a seq the branch applied and HQ lost in a restore), made in the
 * transaction of the step that causes them and never changed, so a pull can always answer every command after
 * the one a box last applied, byte for byte as first sent.
 * Two HQ instances making a command for the same branch at once collide on the key: one transaction fails
 * and is retried (a batch is resent, a route answers 503), so the numbering stays gapless.
 */
final class SupplyOutbox {
    /** At most this many commands answer one pull; the box pulls again for the rest. */
    static final int PULL_LIMIT = 100;

    private SupplyOutbox() {
    }

    /**
     * Appends a command for {@code branch} with the next seq and returns it as it will be sent. The next seq is
     * after both the last one HQ numbered and the last one the branch applied: after HQ lost commands (restored
     * from an older backup) the box would ignore a number it already applied as a replay.
     */
    static SupplyCommand enqueue(Connection c, String now, String tenant, String branch, String kind, JsonNode doc)
            throws SQLException {
        long seq = numbered(c, tenant, branch) + 1;
        SupplyCommand cmd = new SupplyCommand(tenant, branch, seq, kind, now, doc);
        Sql.update(c, "INSERT INTO hq_supply_commands (tenant, branch, seq, kind, doc, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                tenant, branch, seq, kind, SyncCodec.encodeString(doc), now);
        return cmd;
    }

    /** The branch's commands after {@code seq}, in order, at most {@link #PULL_LIMIT}. */
    static List<SupplyCommand> after(Connection c, String tenant, String branch, long seq) throws SQLException {
        List<SupplyCommand> out = new ArrayList<>();
        try (PreparedStatement ps = Sql.prepare(c, "SELECT seq, kind, doc, created_at FROM hq_supply_commands"
                + " WHERE tenant = ? AND branch = ? AND seq > ? ORDER BY seq LIMIT ?", tenant, branch, seq, PULL_LIMIT);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new SupplyCommand(tenant, branch, rs.getLong(1), rs.getString(2), rs.getString(4),
                        json(rs.getString(3))));
            }
        }
        return out;
    }

    /**
     * The device the branch's supply commands go to; empty while HQ has seen no box of the branch. Pinned in
     * {@code hq_supply_device} the first time it is needed, to the box HQ saw first, and never moved after: a
     * second box appearing later, or one whose first sighting was stamped earlier by a skewed clock, must not take
     * over a stream the first box has been applying. Two transactions pinning at once agree on the row that wins.
     */
    static Optional<String> device(Connection c, String tenant, String branch) throws SQLException {
        Optional<String> pinned = pinned(c, tenant, branch);
        if (pinned.isPresent()) {
            return pinned;
        }
        Optional<String> first = firstSeen(c, tenant, branch);
        if (first.isEmpty()) {
            return first;
        }
        Sql.update(c, "INSERT INTO hq_supply_device (tenant, branch, device_id) VALUES (?, ?, ?)"
                + " ON CONFLICT (tenant, branch) DO NOTHING", tenant, branch, first.get());
        return pinned(c, tenant, branch);
    }

    private static Optional<String> pinned(Connection c, String tenant, String branch) throws SQLException {
        return Sql.string(c, "SELECT device_id FROM hq_supply_device WHERE tenant = ? AND branch = ?", tenant, branch);
    }

    /** The branch's device HQ saw first, by instant (Instant text with and without fractions does not sort so). */
    private static Optional<String> firstSeen(Connection c, String tenant, String branch) throws SQLException {
        Comparator<Map.Entry<String, Instant>> order = Map.Entry.<String, Instant>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey());
        List<Map.Entry<String, Instant>> devices = new ArrayList<>();
        try (PreparedStatement ps = Sql.prepare(c, "SELECT device_id, first_seen FROM hq_devices WHERE tenant = ?"
                + " AND branch = ?", tenant, branch); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                devices.add(Map.entry(rs.getString(1), Instant.parse(rs.getString(2))));
            }
        }
        return devices.stream().min(order).map(Map.Entry::getKey);
    }

    /**
     * Takes the last command the branch says it applied ({@code device}'s pull, or its {@code supply.applied}
     * entry). Beyond every seq HQ numbered means HQ lost commands (it was restored from an older backup): HQ
     * numbers new commands after it, and raises a {@code supply-seq-ahead} alarm when the branch first gets
     * ahead, not again for each later pull or entry while it stays ahead of what HQ numbered.
     *
     * @param seq the alarm's seq: the entry's, or for a pull the supply seq it named
     */
    static void reported(Connection c, String now, String tenant, String branch, String device, long seq, long appliedSeq)
            throws SQLException {
        long made = Sql.number(c, "SELECT COALESCE(MAX(seq), 0) FROM hq_supply_commands WHERE tenant = ? AND branch = ?",
                tenant, branch);
        long known = lastApplied(c, tenant, branch);
        if (appliedSeq <= Math.max(made, known)) {
            return;
        }
        if (known <= made) {
            Alarms.raise(c, now, "supply-seq-ahead", tenant, branch, device, seq, "branch applied supply command "
                    + appliedSeq + " but HQ numbered only up to " + made + " (HQ lost commands, restored from an"
                    + " older backup?); new commands are numbered from " + (appliedSeq + 1));
        }
        applied(c, tenant, branch, appliedSeq);
    }

    /** The highest seq HQ numbered for the branch or the branch applied; 0 before any. */
    private static long numbered(Connection c, String tenant, String branch) throws SQLException {
        return Math.max(Sql.number(c, "SELECT COALESCE(MAX(seq), 0) FROM hq_supply_commands WHERE tenant = ? AND branch = ?",
                tenant, branch), lastApplied(c, tenant, branch));
    }

    private static long lastApplied(Connection c, String tenant, String branch) throws SQLException {
        return Sql.number(c, "SELECT COALESCE(MAX(applied_seq), 0) FROM hq_supply_delivery WHERE tenant = ? AND branch = ?",
                tenant, branch);
    }

    /** Records that the branch applied every command up to {@code cmdSeq}; never moves back. */
    static void applied(Connection c, String tenant, String branch, long cmdSeq) throws SQLException {
        Sql.update(c, "INSERT INTO hq_supply_delivery (tenant, branch, applied_seq) VALUES (?, ?, ?)"
                + " ON CONFLICT (tenant, branch) DO UPDATE SET applied_seq = excluded.applied_seq"
                + " WHERE excluded.applied_seq > hq_supply_delivery.applied_seq", tenant, branch, cmdSeq);
    }

    /**
     * Whether HQ knows the branch in the tenant: a box of it uploaded (it is in {@code hq_devices}), or HQ
     * enrolled a box for it whose certificate is not revoked. The enrollment tables exist only once the
     * enrollment authority opened the store, so they are looked up only when present (an error would abort a
     * PostgreSQL transaction).
     */
    static boolean knownBranch(Connection c, String tenant, String branch) throws SQLException {
        if (Sql.number(c, "SELECT COUNT(*) FROM hq_devices WHERE tenant = ? AND branch = ?", tenant, branch) > 0) {
            return true;
        }
        return hasTable(c, "enroll_certificate") && Sql.number(c, "SELECT COUNT(*) FROM enroll_certificate"
                + " WHERE tenant = ? AND branch = ? AND revoked_at IS NULL", tenant, branch) > 0;
    }

    private static boolean hasTable(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getTables(null, c.getSchema(), table, null)) {
            return rs.next();
        }
    }

    static JsonNode json(String text) throws SQLException {
        try {
            return SyncCodec.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new SQLException("stored supply document is not JSON", e);
        }
    }
}
