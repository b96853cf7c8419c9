package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wkpos.edge.protocol.SupplyCommand;
import com.wkpos.edge.protocol.SyncCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HQ's stock transfers between branches (ADR 013): the header and lines as they stand after the last step,
 * and the steps themselves, one per name and transfer, so a replayed step changes nothing. Status only moves
 * forward by {@link Status#rank}. Every method runs in the caller's transaction.
 */
final class Transfers {
    /** Who made a step HQ made itself (a transfer HQ requested, closed or rejected). */
    static final String HQ = "hq";

    /** A transfer's status; {@code rank} orders them, a step never moves one back. */
    enum Status {
        PENDING(0), APPROVED(1), REJECTED(1), SHIPPED(2), RECEIVED(3), PARTIALLY_RECEIVED(3), CLOSED(4);

        final int rank;

        Status(int rank) {
            this.rank = rank;
        }
    }

    /** A step as stored; {@code device} and {@code seq} are null for HQ's own. */
    record Step(String name, String branch, String device, Long seq, String actor, String at, String reason) {
    }

    /** A transfer's header row. */
    record Header(String id, String from, String to, Status status, String note, String requestedBy, String createdAt,
                  String updatedAt) {
    }

    /** A requested line. */
    record Request(String sku, long qty) {
    }

    private Transfers() {
    }

    static Optional<Header> header(Connection c, String tenant, String id) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, "SELECT transfer_id, from_branch, to_branch, status, note, requested_by,"
                + " created_at, updated_at FROM hq_transfers WHERE tenant = ? AND transfer_id = ?", tenant, id);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(header(rs)) : Optional.empty();
        }
    }

    private static Header header(ResultSet rs) throws SQLException {
        return new Header(rs.getString(1), rs.getString(2), rs.getString(3), Status.valueOf(rs.getString(4)),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8));
    }

    /** Stores a new transfer (PENDING) with its lines; the caller has made sure the id is new. */
    static void create(Connection c, String now, String tenant, String id, String from, String to, String note,
                       String requestedBy, List<Request> lines) throws SQLException {
        Sql.update(c, "INSERT INTO hq_transfers (tenant, transfer_id, from_branch, to_branch, status, note, requested_by,"
                + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", tenant, id, from, to, Status.PENDING.name(),
                note, requestedBy, now, now);
        for (Request l : lines) {
            Sql.update(c, "INSERT INTO hq_transfer_lines (tenant, transfer_id, sku, requested, shipped, received, reason)"
                    + " VALUES (?, ?, ?, ?, 0, 0, NULL)", tenant, id, l.sku(), l.qty());
        }
    }

    /** Stores the step unless the transfer has one of that name already; true when it is new. */
    static boolean step(Connection c, String tenant, String id, Step s) throws SQLException {
        return Sql.update(c, "INSERT INTO hq_transfer_steps (tenant, transfer_id, step, branch, device_id, seq, actor, at,"
                + " reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, transfer_id, step) DO NOTHING",
                tenant, id, s.name(), s.branch(), s.device(), s.seq(), s.actor(), s.at(), s.reason()) > 0;
    }

    /** What the sender shipped of a SKU (a SKU not requested gets a line of its own, requested 0). */
    static void shipped(Connection c, String tenant, String id, String sku, long qty) throws SQLException {
        if (Sql.update(c, "UPDATE hq_transfer_lines SET shipped = ? WHERE tenant = ? AND transfer_id = ? AND sku = ?",
                qty, tenant, id, sku) == 0) {
            Sql.update(c, "INSERT INTO hq_transfer_lines (tenant, transfer_id, sku, requested, shipped, received, reason)"
                    + " VALUES (?, ?, ?, 0, ?, 0, NULL)", tenant, id, sku, qty);
        }
    }

    /** What the receiver received of a SKU, and why it differs from what was shipped. */
    static void received(Connection c, String tenant, String id, String sku, long qty, String reason) throws SQLException {
        if (Sql.update(c, "UPDATE hq_transfer_lines SET received = ?, reason = ? WHERE tenant = ? AND transfer_id = ?"
                + " AND sku = ?", qty, reason, tenant, id, sku) == 0) {
            Sql.update(c, "INSERT INTO hq_transfer_lines (tenant, transfer_id, sku, requested, shipped, received, reason)"
                    + " VALUES (?, ?, ?, 0, 0, ?, ?)", tenant, id, sku, qty, reason);
        }
    }

    /**
     * Moves the status to {@code to} when that is forward, then makes HQ's view after {@code step} a command
     * for each of {@code recipients}.
     */
    static List<SupplyCommand> announce(Connection c, String now, String tenant, String id, Status to, Step step,
                                        List<String> recipients) throws SQLException {
        Header h = header(c, tenant, id).orElseThrow(() -> new SQLException("transfer " + id + " vanished"));
        if (to.rank > h.status().rank) {
            Sql.update(c, "UPDATE hq_transfers SET status = ?, updated_at = ? WHERE tenant = ? AND transfer_id = ?",
                    to.name(), now, tenant, id);
        } else {
            Sql.update(c, "UPDATE hq_transfers SET updated_at = ? WHERE tenant = ? AND transfer_id = ?", now, tenant, id);
        }
        ObjectNode doc = doc(c, tenant, id, step);
        List<SupplyCommand> out = new ArrayList<>();
        for (String branch : recipients) {
            out.add(SupplyOutbox.enqueue(c, now, tenant, branch, SupplyCommand.TRANSFER, doc));
        }
        return out;
    }

    /** The command's document: HQ's view of the transfer after {@code step} (field names are ADR 013's). */
    static ObjectNode doc(Connection c, String tenant, String id, Step step) throws SQLException {
        Header h = header(c, tenant, id).orElseThrow(() -> new SQLException("transfer " + id + " vanished"));
        ObjectNode doc = SyncCodec.MAPPER.createObjectNode();
        doc.put("transferId", h.id());
        doc.put("from", h.from());
        doc.put("to", h.to());
        doc.put("status", h.status().name());
        doc.put("note", h.note());
        ArrayNode lines = doc.putArray("lines");
        for (Map<String, Object> l : lines(c, tenant, id)) {
            lines.add(SyncCodec.tree(l));
        }
        ObjectNode s = doc.putObject("step");
        s.put("name", step.name());
        s.put("branch", step.branch());
        s.put("actor", step.actor());
        s.put("at", step.at());
        s.put("reason", step.reason());
        return doc;
    }

    /** The tenant's transfers, newest first; {@code branch} matches either end, nulls match all. */
    static List<Map<String, Object>> list(Connection c, String tenant, String branch, String status) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = Sql.prepare(c, "SELECT transfer_id, from_branch, to_branch, status, note, requested_by,"
                + " created_at, updated_at, (SELECT COUNT(*) FROM hq_transfer_lines l WHERE l.tenant = t.tenant"
                + " AND l.transfer_id = t.transfer_id) FROM hq_transfers t WHERE tenant = ?"
                + " AND (CAST(? AS TEXT) IS NULL OR from_branch = ? OR to_branch = ?) AND (CAST(? AS TEXT) IS NULL OR status = ?)"
                + " ORDER BY created_at DESC, transfer_id LIMIT 1000", tenant, branch, branch, branch, status, status);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> row = view(header(rs));
                row.put("lineCount", rs.getLong(9));
                out.add(row);
            }
        }
        return out;
    }

    /** One transfer with its lines and steps in the order they were made. */
    static Optional<Map<String, Object>> show(Connection c, String tenant, String id) throws SQLException {
        Optional<Header> h = header(c, tenant, id);
        if (h.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> out = view(h.get());
        out.put("lines", lines(c, tenant, id));
        List<Map<String, Object>> steps = new ArrayList<>();
        try (PreparedStatement ps = Sql.prepare(c, "SELECT step, branch, device_id, seq, actor, at, reason"
                + " FROM hq_transfer_steps WHERE tenant = ? AND transfer_id = ?", tenant, id);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("name", rs.getString(1));
                s.put("branch", rs.getString(2));
                s.put("device", rs.getString(3));
                long seq = rs.getLong(4);
                s.put("seq", rs.wasNull() ? null : seq);
                s.put("actor", rs.getString(5));
                s.put("at", rs.getString(6));
                s.put("reason", rs.getString(7));
                steps.add(s);
            }
        }
        steps.sort(java.util.Comparator.comparingInt(s -> order((String) s.get("name"))));
        out.put("steps", steps);
        return Optional.of(out);
    }

    private static int order(String step) {
        int i = List.of("requested", "approved", "rejected", "shipped", "received", "closed").indexOf(step);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    private static Map<String, Object> view(Header h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transferId", h.id());
        m.put("from", h.from());
        m.put("to", h.to());
        m.put("status", h.status().name());
        m.put("note", h.note());
        m.put("requestedBy", h.requestedBy());
        m.put("createdAt", h.createdAt());
        m.put("updatedAt", h.updatedAt());
        return m;
    }

    private static List<Map<String, Object>> lines(Connection c, String tenant, String id) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = Sql.prepare(c, "SELECT sku, requested, shipped, received, reason FROM hq_transfer_lines"
                + " WHERE tenant = ? AND transfer_id = ? ORDER BY sku", tenant, id);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("sku", rs.getString(1));
                l.put("requested", rs.getLong(2));
                l.put("shipped", rs.getLong(3));
                l.put("received", rs.getLong(4));
                l.put("reason", rs.getString(5));
                out.add(l);
            }
        }
        return out;
    }
}
