package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.SupplyCommand;
import com.wkpos.edge.protocol.SyncCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Web-shop orders at HQ (ADR 014), over {@code hq_shop_orders}: an order is stored once (the shop's order id is
 * the key, so an order delivered twice is one order), routed to one branch and sent to it as a supply command of
 * kind {@value SupplyCommand#ORDER} in the same transaction; what the branch journals about it moves its status
 * forward only and queues one status report per status for the shop ({@code hq_shop_reports}, the event id
 * {@code orderId:status}). Each method runs in the caller's transaction.
 */
final class ShopOrders {
    /** HQ's view of an order; ranks only move forward. */
    enum Status {
        ROUTED(0), PROCESSING(1), SHIPPED(2), REJECTED(2), DELIVERED(3);

        final int rank;

        Status(int rank) {
            this.rank = rank;
        }
    }

    record Line(String sku, long qty) {
    }

    record Order(String id, String branch, Status status, List<Line> lines, JsonNode customer, String note,
                 String reason, String createdAt, String routedAt, String updatedAt) {
        Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("orderId", id);
            m.put("branch", branch);
            m.put("status", status.name());
            m.put("lines", lines.stream().map(l -> Map.of("sku", l.sku(), "qty", l.qty())).toList());
            m.put("customer", customer);
            m.put("note", note);
            m.put("reason", reason);
            m.put("createdAt", createdAt);
            m.put("routedAt", routedAt);
            m.put("updatedAt", updatedAt);
            return m;
        }
    }

    private ShopOrders() {
    }

    static Optional<Order> find(Connection c, String tenant, String id) throws SQLException {
        List<Order> found = query(c, " WHERE tenant = ? AND order_id = ?", tenant, id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    static List<Order> list(Connection c, String tenant, String status, int limit) throws SQLException {
        return status == null ? query(c, " WHERE tenant = ? ORDER BY created_at DESC, order_id LIMIT " + limit, tenant)
                : query(c, " WHERE tenant = ? AND status = ? ORDER BY created_at DESC, order_id LIMIT " + limit, tenant,
                status);
    }

    /** Orders a branch holds stock for or soon will: ROUTED or PROCESSING. */
    static List<Order> open(Connection c, String tenant) throws SQLException {
        return query(c, " WHERE tenant = ? AND status IN ('ROUTED', 'PROCESSING') ORDER BY created_at", tenant);
    }

    /** Orders still ROUTED (no branch has taken them in) that were routed before {@code beforeMs}. */
    static List<Order> waiting(Connection c, String tenant, long beforeMs) throws SQLException {
        return query(c, " WHERE tenant = ? AND status = 'ROUTED' AND routed_ms < ? ORDER BY created_at", tenant, beforeMs);
    }

    /** Stores a new order routed to {@code branch} and makes its command; the caller publishes it after the commit. */
    static SupplyCommand create(Connection c, Instant now, String tenant, String id, String branch, List<Line> lines,
                                JsonNode customer, String note) throws SQLException {
        Sql.update(c, "INSERT INTO hq_shop_orders (tenant, order_id, branch, status, lines, customer, note, reason,"
                        + " created_at, routed_at, routed_ms, routed_before, updated_at)"
                + " VALUES (?, ?, ?, 'ROUTED', ?, ?, ?, NULL, ?, ?, ?, '', ?)",
                tenant, id, branch, SyncCodec.encodeString(lines), customer == null ? null : SyncCodec.encodeString(customer),
                note, now.toString(), now.toString(), now.toEpochMilli(), now.toString());
        return command(c, now, tenant, find(c, tenant, id).orElseThrow(), branch, "ROUTED", null);
    }

    /** Sends the order to another branch and cancels it at the one it waited for, which it never goes back to. */
    static List<SupplyCommand> reroute(Connection c, Instant now, String tenant, Order o, String to) throws SQLException {
        Sql.update(c, "UPDATE hq_shop_orders SET branch = ?, routed_at = ?, routed_ms = ?, routed_before = ?, updated_at = ?"
                + " WHERE tenant = ? AND order_id = ? AND status = 'ROUTED'", to, now.toString(), now.toEpochMilli(),
                String.join(",", routedBefore(c, tenant, o.id(), o.branch())), now.toString(), tenant, o.id());
        return List.of(command(c, now, tenant, o, o.branch(), "CANCELLED", "re-routed to branch " + to),
                command(c, now, tenant, o, to, "ROUTED", null));
    }

    /**
     * The branches an order was routed to and taken from, {@code plus} one more: it never goes back to them, as a
     * branch keeps the copy it cancelled.
     */
    static java.util.Set<String> routedBefore(Connection c, String tenant, String id, String plus) throws SQLException {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String b : Sql.string(c, "SELECT routed_before FROM hq_shop_orders WHERE tenant = ? AND order_id = ?", tenant, id)
                .orElse("").split(",")) {
            if (!b.isBlank()) {
                out.add(b);
            }
        }
        if (plus != null) {
            out.add(plus);
        }
        return out;
    }

    /** The shop says a shipped order arrived: DELIVERED, and the branch is told. */
    static SupplyCommand delivered(Connection c, Instant now, String tenant, Order o) throws SQLException {
        Sql.update(c, "UPDATE hq_shop_orders SET status = 'DELIVERED', updated_at = ? WHERE tenant = ? AND order_id = ?",
                now.toString(), tenant, o.id());
        return command(c, now, tenant, o, o.branch(), "DELIVERED", null);
    }

    private static SupplyCommand command(Connection c, Instant now, String tenant, Order o, String branch, String status,
                                         String reason) throws SQLException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("orderId", o.id());
        doc.put("branch", branch);
        doc.put("status", status);
        doc.put("lines", o.lines().stream().map(l -> Map.of("sku", l.sku(), "qty", l.qty())).toList());
        doc.put("customer", o.customer());
        doc.put("note", o.note());
        doc.put("reason", reason);
        return SupplyOutbox.enqueue(c, now.toString(), tenant, branch, SupplyCommand.ORDER, SyncCodec.MAPPER.valueToTree(doc));
    }

    /**
     * What a branch journaled about an order ({@code order.received}, {@code order.fulfilled},
     * {@code order.rejected}, {@code order.updated}), in the ingest transaction. Only the branch the order is
     * routed to moves it; an order the branch shipped after HQ had re-routed it is an alarm
     * ({@code order-fulfilled-elsewhere}: the goods left that branch), the rest from such a branch is ignored.
     */
    static void project(Connection c, String now, String tenant, String branch, String device, long seq, String type,
                        JsonNode p) throws SQLException {
        if (!type.startsWith("order.") || p == null || !p.isObject()) {
            return;
        }
        String id = p.path("orderId").asText(null);
        Status to;
        try {
            to = Status.valueOf(p.path("status").asText());
        } catch (IllegalArgumentException e) {
            return; // CANCELLED at a branch HQ re-routed it from: nothing to tell the shop
        }
        Optional<Order> known = id == null ? Optional.empty() : find(c, tenant, id);
        if (known.isEmpty()) {
            Alarms.raise(c, now, "order-step-refused", tenant, branch, device, seq, type + " of unknown order " + id
                    + "; nothing changed");
            return;
        }
        Order o = known.get();
        if (!o.branch().equals(branch)) {
            if (to == Status.SHIPPED) {
                Alarms.raise(c, now, "order-fulfilled-elsewhere", tenant, branch, device, seq, "order " + id
                        + " shipped by branch " + branch + " after HQ re-routed it to " + o.branch()
                        + "; the shop is told of one shipment only");
            }
            return;
        }
        if (to.rank <= o.status().rank) {
            return;
        }
        String reason = p.path("reason").asText(null);
        Sql.update(c, "UPDATE hq_shop_orders SET status = ?, reason = COALESCE(CAST(? AS TEXT), reason), updated_at = ?"
                + " WHERE tenant = ? AND order_id = ?", to.name(), reason, now, tenant, id);
        if (to != Status.DELIVERED) {
            report(c, now, tenant, id, to.name(), branch, reason, p.path("at").asText(now));
        }
    }

    /** Queues one status report for the shop; the same order and status twice is one report. */
    static void report(Connection c, String now, String tenant, String id, String status, String branch, String reason,
                       String at) throws SQLException {
        String eventId = id + ":" + status;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", eventId);
        body.put("orderId", id);
        body.put("status", status);
        body.put("branch", branch);
        body.put("reason", reason);
        body.put("at", at);
        Sql.update(c, "INSERT INTO hq_shop_reports (tenant, event_id, order_id, status, status_rank, body, created_at,"
                        + " attempts, next_ms, acked_at, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, NULL, NULL)"
                        + " ON CONFLICT (tenant, event_id) DO NOTHING",
                tenant, eventId, id, status, Status.valueOf(status).rank, SyncCodec.encodeString(body), now);
    }

    private static List<Order> query(Connection c, String where, Object... params) throws SQLException {
        List<Order> out = new ArrayList<>();
        try (PreparedStatement ps = Sql.prepare(c, "SELECT order_id, branch, status, lines, customer, note, reason,"
                + " created_at, routed_at, updated_at FROM hq_shop_orders" + where, params);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<Line> lines = new ArrayList<>();
                for (JsonNode l : SupplyOutbox.json(rs.getString(4))) {
                    lines.add(new Line(l.path("sku").asText(), l.path("qty").asLong()));
                }
                out.add(new Order(rs.getString(1), rs.getString(2), Status.valueOf(rs.getString(3)), lines,
                        rs.getString(5) == null ? null : SupplyOutbox.json(rs.getString(5)), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10)));
            }
        }
        return out;
    }
}
