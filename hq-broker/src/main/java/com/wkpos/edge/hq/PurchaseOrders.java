package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
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
 * HQ's purchase orders (ADR 013): HQ makes and sends them, the branch receives goods against them, one
 * receipt at a time, each stored once by its id with the reasons the box gave for a line that differs (the
 * discrepancies). Status only moves forward by {@link Status#rank}, so a receipt arriving after HQ closed
 * the order short counts its goods but leaves it CLOSED. Every method runs in the caller's transaction.
 */
final class PurchaseOrders {
    /** A purchase order's status; {@code rank} orders them. */
    enum Status {
        DRAFT(0), SENT(1), PARTIALLY_RECEIVED(2), RECEIVED(3), CLOSED(4);

        final int rank;

        Status(int rank) {
            this.rank = rank;
        }
    }

    /** A purchase order's header row. */
    record Header(String id, String branch, String supplier, Status status, String note, String closeReason,
                  String createdAt, String sentAt, String updatedAt) {
    }

    /** A received line as the box journaled it. */
    record Received(String sku, long qty, String reason) {
    }

    private PurchaseOrders() {
    }

    static Optional<Header> header(Connection c, String tenant, String id) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, "SELECT po_id, branch, supplier, status, note, close_reason, created_at,"
                + " sent_at, updated_at FROM hq_purchase_orders WHERE tenant = ? AND po_id = ?", tenant, id);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(header(rs)) : Optional.empty();
        }
    }

    private static Header header(ResultSet rs) throws SQLException {
        return new Header(rs.getString(1), rs.getString(2), rs.getString(3), Status.valueOf(rs.getString(4)),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9));
    }

    static void create(Connection c, String now, String tenant, String id, String branch, String supplier, String note,
                       List<Transfers.Request> lines) throws SQLException {
        Sql.update(c, "INSERT INTO hq_purchase_orders (tenant, po_id, branch, supplier, status, note, close_reason,"
                + " created_at, sent_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, NULL, ?)", tenant, id, branch,
                supplier, Status.DRAFT.name(), note, now, now);
        for (Transfers.Request l : lines) {
            Sql.update(c, "INSERT INTO hq_po_lines (tenant, po_id, sku, ordered, received) VALUES (?, ?, ?, ?, 0)",
                    tenant, id, l.sku(), l.qty());
        }
    }

    /** Moves the order to {@code to} (HQ's send or close) and makes its document a command for its branch. */
    static SupplyCommand decide(Connection c, String now, String tenant, Header h, Status to, String closeReason)
            throws SQLException {
        if (to == Status.SENT) {
            Sql.update(c, "UPDATE hq_purchase_orders SET status = ?, updated_at = ?, sent_at = COALESCE(sent_at, ?)"
                    + " WHERE tenant = ? AND po_id = ?", to.name(), now, now, tenant, h.id());
        } else {
            Sql.update(c, "UPDATE hq_purchase_orders SET status = ?, updated_at = ?, close_reason = ?"
                    + " WHERE tenant = ? AND po_id = ?", to.name(), now, closeReason, tenant, h.id());
        }
        return SupplyOutbox.enqueue(c, now, tenant, h.branch(), SupplyCommand.PURCHASE_ORDER, doc(c, tenant, h.id()));
    }

    /**
     * Stores a receipt once (by {@code receiptId}), adds its quantities to the lines (a SKU not ordered gets a
     * line with ordered 0) and moves the status forward to {@code status}.
     *
     * @return false when the receipt was stored before: nothing changed
     */
    static boolean receipt(Connection c, String now, String tenant, Header h, String receiptId, String device, long seq,
                           List<Received> lines, Status status, String actor, String at) throws SQLException {
        ArrayNode stored = SyncCodec.MAPPER.createArrayNode();
        for (Received l : lines) {
            stored.add(SyncCodec.MAPPER.createObjectNode().put("sku", l.sku()).put("qty", l.qty()).put("reason", l.reason()));
        }
        if (Sql.update(c, "INSERT INTO hq_po_receipts (tenant, po_id, receipt_id, branch, device_id, seq, status, lines,"
                + " actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, receipt_id) DO NOTHING", tenant,
                h.id(), receiptId, h.branch(), device, seq, status.name(), SyncCodec.encodeString(stored), actor, at) == 0) {
            return false;
        }
        for (Received l : lines) {
            if (Sql.update(c, "UPDATE hq_po_lines SET received = received + ? WHERE tenant = ? AND po_id = ? AND sku = ?",
                    l.qty(), tenant, h.id(), l.sku()) == 0) {
                Sql.update(c, "INSERT INTO hq_po_lines (tenant, po_id, sku, ordered, received) VALUES (?, ?, ?, 0, ?)",
                        tenant, h.id(), l.sku(), l.qty());
            }
        }
        String next = status.rank > h.status().rank ? status.name() : h.status().name();
        Sql.update(c, "UPDATE hq_purchase_orders SET status = ?, updated_at = ? WHERE tenant = ? AND po_id = ?", next, now,
                tenant, h.id());
        return true;
    }

    /** The command's document (field names are ADR 013's). */
    static ObjectNode doc(Connection c, String tenant, String id) throws SQLException {
        Header h = header(c, tenant, id).orElseThrow(() -> new SQLException("purchase order " + id + " vanished"));
        ObjectNode doc = SyncCodec.MAPPER.createObjectNode();
        doc.put("poId", h.id());
        doc.put("branch", h.branch());
        doc.put("supplier", h.supplier());
        doc.put("status", h.status().name());
        doc.put("note", h.note());
        ArrayNode lines = doc.putArray("lines");
        for (Map<String, Object> l : lines(c, tenant, id)) {
            lines.add(SyncCodec.tree(l));
        }
        return doc;
    }

    /** The tenant's purchase orders, newest first; nulls match all. */
    static List<Map<String, Object>> list(Connection c, String tenant, String branch, String status) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = Sql.prepare(c, "SELECT po_id, branch, supplier, status, note, close_reason, created_at,"
                + " sent_at, updated_at, (SELECT COUNT(*) FROM hq_po_lines l WHERE l.tenant = p.tenant AND l.po_id = p.po_id)"
                + " FROM hq_purchase_orders p WHERE tenant = ? AND (CAST(? AS TEXT) IS NULL OR branch = ?)"
                + " AND (CAST(? AS TEXT) IS NULL OR status = ?) ORDER BY created_at DESC, po_id LIMIT 1000",
                tenant, branch, branch, status, status);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> row = view(header(rs));
                row.put("lineCount", rs.getLong(10));
                out.add(row);
            }
        }
        return out;
    }

    /**
     * One order with its lines, its receipts (each line with the box's reason) and the discrepancies: every
     * received line that carries a reason.
     */
    static Optional<Map<String, Object>> show(Connection c, String tenant, String id) throws SQLException {
        Optional<Header> h = header(c, tenant, id);
        if (h.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> out = view(h.get());
        out.put("lines", lines(c, tenant, id));
        List<Map<String, Object>> receipts = new ArrayList<>();
        List<Map<String, Object>> discrepancies = new ArrayList<>();
        try (PreparedStatement ps = Sql.prepare(c, "SELECT receipt_id, branch, device_id, seq, status, lines, actor, at"
                + " FROM hq_po_receipts WHERE tenant = ? AND po_id = ? ORDER BY at, receipt_id", tenant, id);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("receiptId", rs.getString(1));
                r.put("branch", rs.getString(2));
                r.put("device", rs.getString(3));
                r.put("seq", rs.getLong(4));
                r.put("status", rs.getString(5));
                JsonNode lines = SupplyOutbox.json(rs.getString(6));
                r.put("lines", lines);
                r.put("actor", rs.getString(7));
                r.put("at", rs.getString(8));
                receipts.add(r);
                for (JsonNode l : lines) {
                    if (l.path("reason").isTextual()) {
                        Map<String, Object> d = new LinkedHashMap<>();
                        d.put("receiptId", rs.getString(1));
                        d.put("sku", l.path("sku").asText());
                        d.put("qty", l.path("qty").asLong());
                        d.put("reason", l.path("reason").asText());
                        discrepancies.add(d);
                    }
                }
            }
        }
        out.put("receipts", receipts);
        out.put("discrepancies", discrepancies);
        return Optional.of(out);
    }

    private static Map<String, Object> view(Header h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("poId", h.id());
        m.put("branch", h.branch());
        m.put("supplier", h.supplier());
        m.put("status", h.status().name());
        m.put("note", h.note());
        m.put("closeReason", h.closeReason());
        m.put("createdAt", h.createdAt());
        m.put("sentAt", h.sentAt());
        m.put("updatedAt", h.updatedAt());
        return m;
    }

    private static List<Map<String, Object>> lines(Connection c, String tenant, String id) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = Sql.prepare(c, "SELECT sku, ordered, received FROM hq_po_lines WHERE tenant = ?"
                + " AND po_id = ? ORDER BY sku", tenant, id);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("sku", rs.getString(1));
                l.put("ordered", rs.getLong(2));
                l.put("received", rs.getLong(3));
                out.add(l);
            }
        }
        return out;
    }
}
