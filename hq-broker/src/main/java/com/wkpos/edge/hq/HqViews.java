package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.SyncCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What HQ shows an operator: each branch's sync state, stock per branch, ledger balance. */
final class HqViews {
    private HqViews() {
    }

    /**
     * One row per branch device: last heartbeat, acked seq, backlog, lag, entries held above a gap, and the
     * branch's supply commands it has not applied yet.
     */
    static List<Map<String, Object>> branches(Connection c, Instant now) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT d.tenant, d.branch, d.device_id, d.acked_seq, d.last_ack_at,"
                + " h.online, h.payload, h.received_at,"
                + " (SELECT COUNT(*) FROM hq_journal j WHERE j.device_id = d.device_id AND j.seq > d.acked_seq),"
                + " (SELECT COALESCE(MAX(s.seq), 0) FROM hq_supply_commands s WHERE s.tenant = d.tenant"
                + " AND s.branch = d.branch) - (SELECT COALESCE(MAX(a.applied_seq), 0) FROM hq_supply_delivery a"
                + " WHERE a.tenant = d.tenant AND a.branch = d.branch)"
                + " FROM hq_devices d LEFT JOIN hq_heartbeats h ON h.device_id = d.device_id"
                + " UNION ALL SELECT h.tenant, h.branch, h.device_id, 0, NULL, h.online, h.payload, h.received_at, 0, 0"
                + " FROM hq_heartbeats h WHERE NOT EXISTS (SELECT 1 FROM hq_devices d WHERE d.device_id = h.device_id)"
                + " ORDER BY 1, 2, 3");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(branchRow(rs, now));
            }
        }
        return out;
    }

    private static Map<String, Object> branchRow(ResultSet rs, Instant now) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        long acked = rs.getLong(4);
        JsonNode hb = rs.getString(7) == null ? null : heartbeat(rs.getString(7));
        long journalSeq = hb == null ? acked : Math.max(acked, hb.path("journalSeq").asLong());
        row.put("tenant", rs.getString(1));
        row.put("branch", rs.getString(2));
        row.put("device", rs.getString(3));
        row.put("online", rs.getObject(6) != null && rs.getInt(6) == 1);
        row.put("lastHeartbeat", rs.getString(8));
        row.put("ackedSeq", acked);
        row.put("lastAckAt", rs.getString(5));
        row.put("backlog", journalSeq - acked);
        row.put("heldAboveGap", rs.getLong(9));
        row.put("supplyPending", Math.max(0, rs.getLong(10)));
        row.put("catalogVersion", hb == null ? null : hb.path("catalogVersion").asLong());
        String lastAck = rs.getString(5);
        row.put("lagSeconds", journalSeq == acked || lastAck == null ? 0
                : Duration.between(Instant.parse(lastAck), now).toSeconds());
        return row;
    }

    private static JsonNode heartbeat(String json) throws SQLException {
        try {
            return SyncCodec.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new SQLException("stored heartbeat is not JSON", e);
        }
    }

    static List<Map<String, Object>> stock(Connection c, String tenant, String branch) throws SQLException {
        return stock(c, tenant, branch, null);
    }

    /**
     * Per branch and SKU: {@code movement}, the sum of every stock move HQ received (sales, refunds, voids),
     * also as {@code onHand} (HQ knows no opening stock, so on hand is that net), and how many {@code moves}.
     */
    static List<Map<String, Object>> stock(Connection c, String tenant, String branch, String sku) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT branch, sku, SUM(delta), COUNT(*) FROM hq_stock_moves"
                + " WHERE tenant = ? AND (? IS NULL OR branch = ?) AND (? IS NULL OR sku = ?)"
                + " GROUP BY branch, sku ORDER BY branch, sku")) {
            ps.setString(1, tenant);
            ps.setString(2, branch);
            ps.setString(3, branch);
            ps.setString(4, sku);
            ps.setString(5, sku);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("branch", rs.getString(1));
                    row.put("sku", rs.getString(2));
                    row.put("movement", rs.getLong(3));
                    row.put("onHand", rs.getLong(3));
                    row.put("moves", rs.getLong(4));
                    out.add(row);
                }
            }
        }
        return out;
    }

    static java.util.Optional<Map<String, Object>> customer(Connection c, String tenant, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT hlc, device_id, fields FROM hq_customers WHERE tenant = ?"
                + " AND id = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return java.util.Optional.empty();
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("id", id);
                out.put("hlc", rs.getLong(1));
                out.put("device", rs.getString(2));
                out.put("fields", heartbeat(rs.getString(3)));
                return java.util.Optional.of(out);
            }
        }
    }

    /** Ledger transactions that do not balance at HQ (none, unless something is badly wrong). */
    static long unbalancedTransactions(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (SELECT device_id, txn_id FROM hq_ledger"
                + " GROUP BY device_id, txn_id HAVING SUM(debit) <> SUM(credit)) x");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long entries(Connection c, String device) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM hq_journal WHERE device_id = ?")) {
            ps.setString(1, device);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
